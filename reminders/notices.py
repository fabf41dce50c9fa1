"""What reminders tell people. Dates are stored as ISO days and shown in the reader's
language (“3 July 2027”, “3 iulie 2027”)."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from mentors.models import Evaluation
from notifications.kinds import register


def _day(iso: str) -> str:
    try:
        return date_format(date.fromisoformat(iso), "DATE_FORMAT")
    except (TypeError, ValueError):
        return iso


def _days(days) -> str:
    """A number of days in words, in the reader's language ("1 day", "20 de zile")."""
    try:
        days = int(days)
    except (TypeError, ValueError):
        return str(days)
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def _evaluation(code: str) -> str:
    if code not in Evaluation.Kind.values:
        return code
    return str(Evaluation.Kind(code).label).lower()


G = "reminders"

register(
    "reminder_agreement",
    _(
        "The internship agreement with %(organisation)s waits for your confirmation "
        "(due on %(due)s)."
    ),
    group=G,
    due=_day,
)
register(
    "reminder_logbook_silent",
    _(
        "Your logbook of the internship at %(organisation)s has had no entry since %(since)s: "
        "record the days you worked."
    ),
    group=G,
    since=_day,
)
register(
    "reminder_self_evaluation",
    _("Your self-evaluation for the internship at %(organisation)s is due on %(due)s."),
    group=G,
    due=_day,
)
register(
    "reminder_self_evaluation_overdue",
    _(
        "Your self-evaluation for the internship at %(organisation)s was due on %(due)s and is "
        "not submitted yet."
    ),
    group=G,
    due=_day,
)
register(
    "reminder_entries_waiting",
    _("Logbook entries of %(student)s have waited for your approval since %(since)s."),
    group=G,
    since=_day,
)
register(
    "reminder_midterm_evaluation",
    _("The mid-term evaluation of %(student)s is due on %(due)s."),
    group=G,
    due=_day,
    kind=_evaluation,
)
register(
    "reminder_final_evaluation",
    _("The final evaluation of %(student)s is due on %(due)s."),
    group=G,
    due=_day,
    kind=_evaluation,
)
register(
    "reminder_midterm_evaluation_overdue",
    _("The mid-term evaluation of %(student)s was due on %(due)s and is not submitted yet."),
    group=G,
    due=_day,
    kind=_evaluation,
)
register(
    "reminder_final_evaluation_overdue",
    _("The final evaluation of %(student)s was due on %(due)s and is not submitted yet."),
    group=G,
    due=_day,
    kind=_evaluation,
)
register(
    "reminder_result_overdue",
    _("The academic result of %(student)s was due on %(due)s: the final evaluation is in."),
    group=G,
    due=_day,
)
register(
    "reminder_result",
    _("The academic result of %(student)s is due on %(due)s: the final evaluation is in."),
    group=G,
    due=_day,
)
# A count of waiting items chooses the form of the sentence; the days are words of their
# own (_days), since one sentence has one plural.
register(
    "reminder_applications_unanswered",
    ngettext_lazy(
        "%(count)s application to “%(placement)s” has had no answer for more than %(days)s.",
        "%(count)s applications to “%(placement)s” have had no answer for more than %(days)s.",
        "count",
    ),
    group=G,
    days=_days,
)
register(
    "reminder_placements_awaiting",
    ngettext_lazy(
        "%(count)s placement has awaited approval for more than %(days)s.",
        "%(count)s placements have awaited approval for more than %(days)s.",
        "count",
    ),
    group=G,
    days=_days,
)
register(
    "reminder_organisations_awaiting",
    ngettext_lazy(
        "%(count)s organisation has awaited vetting for more than %(days)s.",
        "%(count)s organisations have awaited vetting for more than %(days)s.",
        "count",
    ),
    group=G,
    days=_days,
)
register(
    "reminder_proposals_awaiting",
    ngettext_lazy(
        "%(count)s internship a student found has awaited review for more than %(days)s.",
        "%(count)s internships students found have awaited review for more than %(days)s.",
        "count",
    ),
    group=G,
    days=_days,
)
