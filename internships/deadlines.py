"""When each thing is due for an internship: the period's calendar where staff set it,
otherwise the internship's own dates. One place, read by the home pages, the calendar feed
and the reminders, so that they never disagree.

Without a date in the period's calendar:
- the agreement is due on the internship's first day;
- the mid-term evaluation at the internship's midpoint;
- the final evaluation and the self-evaluation on its last day;
- the result RESULTS_DUE_DAYS after its last day.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings


@dataclass(frozen=True)
class Deadlines:
    agreement: date
    midterm_evaluation: date
    final_evaluation: date
    self_evaluation: date
    result: date


def midpoint(starts_on: date, ends_on: date) -> date:
    return starts_on + (ends_on - starts_on) / 2


def for_internship(internship) -> Deadlines:
    """The internship's deadlines (its period must be loaded, or it costs a query)."""
    period = internship.period
    final = period.final_evaluation_due_on or internship.ends_on
    return Deadlines(
        agreement=period.agreements_due_on or internship.starts_on,
        midterm_evaluation=(
            period.midterm_evaluation_due_on or midpoint(internship.starts_on, internship.ends_on)
        ),
        final_evaluation=final,
        self_evaluation=final,
        result=(
            period.results_due_on or internship.ends_on + timedelta(days=settings.RESULTS_DUE_DAYS)
        ),
    )
