"""What interview slots tell people: the texts of their notifications."""

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register


def when(value: str) -> str:
    """A stored ISO date and time, in the reader's local format."""
    moment = parse_datetime(value or "")
    if moment is None:
        return value
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


register(
    "interview_slots_open",
    _("Choose a time for your interview for “%(placement)s”: the organisation published slots."),
    group="applications",
    mandatory=True,
)
register(
    "interview_reschedule_asked",
    _("%(student)s asks to move their interview for “%(placement)s”."),
    group="applications",
)
register(
    "interview_reschedule_declined",
    _("Your interview for “%(placement)s” stays on %(when)s."),
    group="applications",
    when=when,
)
