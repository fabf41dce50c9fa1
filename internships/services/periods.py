"""The rules of a period's calendar, field by field: the office's form shows them beside
each field, and the service that saves a period refuses the same input whoever calls it."""

from datetime import timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from core.forms import FIRST_YEAR, LAST_YEAR

# How long after the internship's end each closing step may fall.
FINAL_EVALUATIONS_GRACE_DAYS = 30
RESULTS_GRACE_DAYS = 120

DATE_FIELDS = (
    "applications_open_on",
    "applications_close_on",
    "starts_on",
    "ends_on",
    "agreements_due_on",
    "midterm_evaluation_due_on",
    "final_evaluation_due_on",
    "results_due_on",
    "certificates_on",
)


def _day(value) -> str:
    return formats.date_format(value)


def period_problems(values: dict) -> dict[str, str]:
    """What is wrong with a period's dates, one message per field (the first found).

    The calendar's deadlines are optional; those given must fall inside the period and in
    order: applications open ≤ applications close ≤ agreements due ≤ internship starts <
    mid-term evaluations < internship ends; final evaluations after the mid-term ones and the
    start, at most 30 days after the end; results on or after the final evaluations and the
    end, certificates on or after the results, both at most 120 days after the end.
    A value missing from `values` (a field the form already refused) is not checked, and a
    date with a problem of its own is not used to judge the order of the others: one wrong
    date is flagged once, beside its own field.
    """
    problems: dict[str, str] = {}

    def refuse(field, message):
        problems.setdefault(field, message)

    get = values.get

    def valid(field):
        return None if field in problems else get(field)

    for field in DATE_FIELDS:
        day = get(field)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            refuse(
                field,
                _("Choose a date between the years %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
    if problems:
        return problems  # arithmetic on such dates overflows; fix these first

    # Each deadline is judged against the period, then against the deadlines before it that
    # passed their own checks (`valid`): a wrong date does not make a right one look wrong.
    starts_on, ends_on = get("starts_on"), get("ends_on")
    opens_on, closes_on = get("applications_open_on"), get("applications_close_on")
    if starts_on and ends_on and ends_on <= starts_on:
        refuse("ends_on", _("The internship must end after it starts."))
    if opens_on and closes_on and closes_on < opens_on:
        refuse("applications_close_on", _("Applications must close on or after the day they open."))
    running = bool(starts_on and ends_on and starts_on < ends_on)
    end = ends_on if running else None
    latest = ends_on + timedelta(days=RESULTS_GRACE_DAYS) if running else None

    closes_on = valid("applications_close_on")
    agreements = get("agreements_due_on")
    if agreements:
        if closes_on and agreements < closes_on:
            refuse(
                "agreements_due_on",
                _("Agreements are due on or after the day applications close (%(date)s).")
                % {"date": _day(closes_on)},
            )
        elif starts_on and agreements > starts_on:
            refuse(
                "agreements_due_on",
                _("Agreements are due by the day the internship starts (%(date)s).")
                % {"date": _day(starts_on)},
            )
    midterm = get("midterm_evaluation_due_on")
    if midterm and running and not starts_on < midterm < ends_on:
        refuse(
            "midterm_evaluation_due_on",
            _(
                "Mid-term evaluations are due during the internship, after %(start)s and before "
                "%(end)s."
            )
            % {"start": _day(starts_on), "end": _day(ends_on)},
        )
    midterm = valid("midterm_evaluation_due_on")
    final = get("final_evaluation_due_on")
    if final:
        if midterm and final <= midterm:
            refuse(
                "final_evaluation_due_on",
                _("Final evaluations are due after the mid-term ones (%(date)s).")
                % {"date": _day(midterm)},
            )
        elif running and final <= starts_on:
            refuse(
                "final_evaluation_due_on",
                _("Final evaluations are due after the internship starts (%(date)s).")
                % {"date": _day(starts_on)},
            )
        elif running and final > ends_on + timedelta(days=FINAL_EVALUATIONS_GRACE_DAYS):
            refuse(
                "final_evaluation_due_on",
                _(
                    "Final evaluations are due at most %(days)d days after the internship ends, "
                    "by %(date)s."
                )
                % {
                    "days": FINAL_EVALUATIONS_GRACE_DAYS,
                    "date": _day(ends_on + timedelta(days=FINAL_EVALUATIONS_GRACE_DAYS)),
                },
            )
    final = valid("final_evaluation_due_on")
    closing_after_final = final if final and (end is None or final > end) else None
    beyond_latest = (
        _("This date is at most %(days)d days after the internship ends, by %(date)s.")
        % {"days": RESULTS_GRACE_DAYS, "date": _day(latest)}
        if latest
        else ""
    )
    results = get("results_due_on")
    if results:
        if closing_after_final and results < closing_after_final:
            refuse(
                "results_due_on",
                _("Results are due on or after the final evaluations (%(date)s).")
                % {"date": _day(closing_after_final)},
            )
        elif end and results < end:
            refuse(
                "results_due_on",
                _("Results are due on or after the day the internship ends (%(date)s).")
                % {"date": _day(end)},
            )
        elif latest and results > latest:
            refuse("results_due_on", beyond_latest)
    results = valid("results_due_on")
    certificates = get("certificates_on")
    if certificates:
        if results and certificates < results:
            refuse(
                "certificates_on",
                _("Certificates are issued on or after the day results are due (%(date)s).")
                % {"date": _day(results)},
            )
        elif closing_after_final and certificates < closing_after_final:
            refuse(
                "certificates_on",
                _("Certificates are issued on or after the final evaluations (%(date)s).")
                % {"date": _day(closing_after_final)},
            )
        elif end and certificates < end:
            refuse(
                "certificates_on",
                _("Certificates are issued on or after the day the internship ends (%(date)s).")
                % {"date": _day(end)},
            )
        elif latest and certificates > latest:
            refuse("certificates_on", beyond_latest)
    return problems
