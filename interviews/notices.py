"""What interview slots tell people (notifications) and write on a timeline (notes)."""

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.kinds import register
from notifications.notes import register as register_note


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

register_note(
    "interview_slots_published",
    ngettext_lazy(
        "%(count)d interview slot published.", "%(count)d interview slots published.", "count"
    ),
)
register_note("interview_slot_cancelled", _("Slot of %(when)s cancelled."), when=when)
register_note("interview_booked", _("Interview booked for %(when)s."), when=when)
register_note("interview_moved", _("Interview moved to %(when)s."), when=when)
register_note("interview_cancelled", _("Interview of %(when)s cancelled."), when=when)
register_note("reschedule_asked", _("Asked to move the interview."))
register_note("reschedule_declined", _("Request to reschedule declined."))
