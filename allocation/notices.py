"""What allocation rounds tell people."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.kinds import register
from notifications.notes import register as register_note


def _moment(iso: str) -> str:
    try:
        value = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


# Ranking (alloc-rank)
register(
    "round_open_for_students",
    _(
        "The allocation round “%(round)s” is open: rank the placements you want until "
        "%(students_until)s."
    ),
    group="applications",
    students_until=_moment,
    hosts_until=_moment,
)
register(
    "round_open_for_hosts",
    _(
        "Students ranked your placements in the allocation round “%(round)s”: rank them "
        "until %(hosts_until)s."
    ),
    group="applications",
    students_until=_moment,
    hosts_until=_moment,
)
register(
    "reminder_round_closing",
    _("Ranking in the allocation round “%(round)s” closes on %(until)s."),
    group="reminders",
    until=_moment,
)


# Publishing (alloc-publish)
register(
    "allocation_unmatched",
    _(
        "The allocation round “%(round)s” did not place you this time. See why, and what "
        "comes next, on your result page."
    ),
    group="offers",
    mandatory=True,
)
# Hosts hear once per placement how many offers a published round made on it (fix-alloc).
register(
    "allocation_offers_made",
    ngettext_lazy(
        "The allocation round “%(round)s” was published: %(count)s student was offered "
        "“%(placement)s” and answers by %(deadline)s. The offer is among the placement's "
        "applicants.",
        "The allocation round “%(round)s” was published: %(count)s students were offered "
        "“%(placement)s” and answer by %(deadline)s. The offers are among the placement's "
        "applicants.",
        "count",
    ),
    group="applications",
    deadline=_moment,
)
register_note("allocation_offer", _("Offered through allocation round %(round)s."))
