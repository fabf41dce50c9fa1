"""What reminders tell people. Dates are stored as ISO days and shown in the reader's
language (“3 July 2027”, “3 iulie 2027”)."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mentors.models import Evaluation
from notifications.kinds import register


def _day(iso: str) -> str:
    try:
        return date_format(date.fromisoformat(iso), "DATE_FORMAT")
    except (TypeError, ValueError):
        return iso


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
register(
    "reminder_applications_unanswered",
    _("Applications to “%(placement)s” without an answer for more than %(days)s days: %(count)s."),
    group=G,
)
register(
    "reminder_placements_awaiting",
    _("Placements awaiting approval for more than %(days)s days: %(count)s."),
    group=G,
)
register(
    "reminder_organisations_awaiting",
    _("Organisations awaiting vetting for more than %(days)s days: %(count)s."),
    group=G,
)
register(
    "reminder_proposals_awaiting",
    _("Internships students found, awaiting review for more than %(days)s days: %(count)s."),
    group=G,
)
