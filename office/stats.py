"""The figures of the staff dashboard and of the public figures page.

Every figure is counted by the database (aggregate, annotate, Count with a filter, Exists),
never by loading rows into Python; each block is one query (the moderation queues three), so
the dashboard costs the same number of queries whatever the size of the data. Only the grouped
rows of a chart (one per sector or county) are trimmed in Python. A block takes the chosen
period and, optionally, a study programme, and answers plain numbers and lists.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least, TruncWeek
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.faculties import faculty_scope, in_faculties, of_programmes, programmes_key
from accounts.models import Organisation, Programme
from core.cache import Cached
from documents.models import Certificate
from internships.figures import (  # the figures anyone may see, counted a layer below
    PUBLIC_FIGURES,  # noqa: F401 (office's pages and tests read them here too)
    by_sector,
    default_period,  # noqa: F401
    public_figures,  # noqa: F401
    students,
)
from internships.figures import internships_of as _internships
from internships.figures import students_of as _students
from internships.figures import top_rows as _top
from internships.models import Application, Internship, Period, Placement, Report
from mentors.models import Evaluation, LogbookEntry
from mentors.queries import QUIET_DAYS, with_progress

from .queries import without_active_host_tutor

IS = Internship.Status
RUNNING = (IS.PLANNED, IS.ACTIVE)
LIST_SIZE = 10
WEEKS = 12
FINAL_DUE_DAYS = 7
OFFER_EXPIRY_HOURS = 48
BEHIND_TOLERANCE = Decimal("0.9")  # behind: approved hours below 90 % of the expected ones


class DaysBetween(Func):
    """Whole days from the second date to the first, on PostgreSQL and SQLite alike."""

    arity = 2
    output_field = FloatField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _today():
    return timezone.localdate()


def _date(value) -> Cast:
    return Cast(Value(value), output_field=DateField())


# The choice -------------------------------------------------------------------------


# Scopes ------------------------------------------------------------------------------


def _applications(period, programme) -> QuerySet[Application]:
    qs = Application.objects.filter(placement__period=period)
    return of_programmes(qs, "student__student_profile__programme", programme)


def _applied_in(period):
    return Application.objects.filter(student=OuterRef("pk"), placement__period=period)


def _final_submitted():
    return Evaluation.objects.filter(
        internship=OuterRef("pk"),
        kind=Evaluation.Kind.FINAL,
        status=Evaluation.Status.SUBMITTED,
    )


# The figures, a block each -----------------------------------------------------------


def placements(period, programme=None) -> dict:
    """Placements open for applications (published, deadline not passed) and their positions
    not yet taken by an accepted offer."""
    taken = (
        Application.objects.filter(placement=OuterRef("pk"), status=Application.Status.ACCEPTED)
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Placement.objects.open_for_applications().filter(period=period)
    if programme is not None:
        # Open to the programme, or to one of the faculty's (counted once).
        qs = Placement.objects.filter(
            pk__in=of_programmes(qs, "programmes", programme).values("pk")
        )
    return qs.aggregate(
        open_placements=Count("pk"),
        open_positions=Coalesce(
            Sum(Greatest(F("positions") - Coalesce(taken, Value(0)), Value(0))), Value(0)
        ),
    )


def funnel(period, programme=None) -> list[dict]:
    """How many of the period's applications are in each state, in the order of the workflow."""
    counts = _applications(period, programme).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Application.Status.values}
    )
    return [
        {"status": status, "label": label, "count": counts[status]}
        for status, label in Application.Status.choices
    ]


def internships(period, programme=None) -> dict:
    """Internships by state, and the running ones without a submitted final evaluation."""
    return _internships(period, programme).aggregate(
        planned=Count("pk", filter=Q(status=IS.PLANNED)),
        active=Count("pk", filter=Q(status=IS.ACTIVE)),
        completed=Count("pk", filter=Q(status=IS.COMPLETED)),
        terminated=Count("pk", filter=Q(status=IS.TERMINATED)),
        evaluations_outstanding=Count(
            "pk", filter=Q(status=Internship.Status.ACTIVE) & ~Q(Exists(_final_submitted()))
        ),
    )


def _approved_entries(period, programme) -> QuerySet[LogbookEntry]:
    qs = LogbookEntry.objects.filter(internship__period=period, status=LogbookEntry.Status.APPROVED)
    return of_programmes(qs, "internship__student__student_profile__programme", programme)


def hours(period, programme=None) -> dict:
    """The logbook hours approved by host tutors in the period's internships, in all and
    per ISO week for the last twelve weeks of the period up to today: one grouped query."""
    sums = dict(
        _approved_entries(period, programme)
        .annotate(week=TruncWeek("date", output_field=DateField()))
        .order_by()
        .values("week")
        .annotate(hours=Sum("hours"))
        .values_list("week", "hours")
    )
    return {
        "approved_hours": sum(sums.values(), Decimal("0")),
        "weekly_hours": _weeks(period, sums),
    }


def queues(period=None, programme=None, *, viewer=None) -> dict:
    """What waits for the office, whatever the period: the moderation queues (organisations,
    placements, reports) are shared by all faculties; the internships without a host tutor
    are the viewer's faculties'."""
    return {
        "organisations_pending": Organisation.objects.filter(
            status=Organisation.Status.PENDING
        ).count(),
        "placements_submitted": Placement.objects.filter(status=Placement.Status.SUBMITTED).count(),
        "reports_open": Report.objects.filter(status=Report.Status.OPEN).count(),
        "without_host_tutor": without_active_host_tutor(
            in_faculties(Internship.objects.all(), viewer)
        ).count(),
    }


def certificates(period, programme=None) -> int:
    """Valid (not revoked) certificates of the period's internships."""
    qs = Certificate.objects.filter(internship__period=period, revoked_at=None)
    return of_programmes(qs, "internship__student__student_profile__programme", programme).count()


def by_county(period, programme=None) -> list[dict]:
    """Students placed in the period, by the county of their placement."""
    rows = (
        _internships(period, programme)
        .exclude(status=IS.TERMINATED)
        .values("county__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "county__name")
    )
    named = [
        {"label": row["county__name"] or _("County not given"), "count": row["count"]}
        for row in rows
    ]
    return _top(named, _("Other counties"))


def _weeks(period, sums: dict) -> list[dict]:
    """The last twelve weeks of the period up to today (none before it starts), each with
    its hours from `sums` (Monday: hours)."""
    if _today() < period.starts_on:
        return []
    last_day = min(_today(), period.ends_on)
    last_monday = last_day - timedelta(days=last_day.weekday())
    first_monday = max(
        last_monday - timedelta(weeks=WEEKS - 1),
        period.starts_on - timedelta(days=period.starts_on.weekday()),
    )
    weeks = []
    monday = first_monday
    while monday <= last_monday:
        year, week, _day = monday.isocalendar()
        hours = sums.get(monday) or Decimal("0")
        weeks.append({"starts_on": monday, "year": year, "week": week, "hours": hours})
        monday += timedelta(weeks=1)
    return weeks


# Needs attention ---------------------------------------------------------------------


def _short_list(qs: QuerySet, total: int | None = None) -> dict:
    """At most LIST_SIZE rows, and how many there are in all: in one query (a window), or
    from `total` when another block has counted them already."""
    if total is None:
        items = list(qs.annotate(total=Window(Count("pk")))[:LIST_SIZE])
        total = items[0].total if items else 0
    else:
        items = list(qs[:LIST_SIZE])
    return {"items": items, "total": total, "more": max(total - len(items), 0)}


def _running_list(period, programme) -> QuerySet[Internship]:
    return with_progress(
        _internships(period, programme)
        .filter(status=IS.ACTIVE)
        .select_related("student", "organisation")
    )


def quiet_internships(period, programme=None) -> dict:
    """Active internships with no logbook entry for QUIET_DAYS days (and older than that)."""
    quiet_since = _today() - timedelta(days=QUIET_DAYS)
    recent = LogbookEntry.objects.filter(internship=OuterRef("pk"), date__gte=quiet_since)
    qs = (
        _running_list(period, programme)
        .filter(starts_on__lte=quiet_since)
        .exclude(Exists(recent))
        .order_by(F("last_entry_on").asc(nulls_first=True), "pk")
    )
    return _short_list(qs)


def behind_schedule(period, programme=None) -> dict:
    """Active interns whose approved hours are more than 10 % below the hours expected by
    now (the required hours, pro rata of the days elapsed)."""
    today = _today()
    total_days = DaysBetween(F("ends_on"), F("starts_on"))
    elapsed_days = Least(DaysBetween(_date(today), F("starts_on")), total_days)
    qs = (
        _running_list(period, programme)
        .filter(starts_on__lt=today, ends_on__gt=F("starts_on"))
        .annotate(
            expected_hours=ExpressionWrapper(
                F("required_hours") * elapsed_days * 1.0 / total_days, output_field=FloatField()
            )
        )
        .alias(
            done=ExpressionWrapper(F("approved_hours") * total_days, output_field=FloatField()),
            due=ExpressionWrapper(
                Value(BEHIND_TOLERANCE) * F("required_hours") * elapsed_days,
                output_field=FloatField(),
            ),
        )
        .filter(done__lt=F("due"))
        .order_by("approved_hours", "pk")
    )
    return _short_list(qs)


def final_evaluations_due(period, programme=None) -> dict:
    """Active internships ending within FINAL_DUE_DAYS days (or past their end) whose final
    evaluation is not submitted."""
    qs = (
        _running_list(period, programme)
        .filter(ends_on__lte=_today() + timedelta(days=FINAL_DUE_DAYS))
        .exclude(Exists(_final_submitted()))
        .order_by("ends_on", "pk")
    )
    return _short_list(qs)


def offers_expiring(period, programme=None) -> dict:
    """Offers the student must answer within the next OFFER_EXPIRY_HOURS hours."""
    now = timezone.now()
    qs = (
        _applications(period, programme)
        .filter(
            status=Application.Status.OFFERED,
            offer_deadline__gte=now,
            offer_deadline__lte=now + timedelta(hours=OFFER_EXPIRY_HOURS),
        )
        .select_related("student", "placement__organisation")
        .order_by("offer_deadline", "pk")
    )
    return _short_list(qs)


def students_without_application(period, programme=None, *, total: int | None = None) -> dict:
    """Students (of the programme, or all) who have not applied to any of the period's
    placements; `total`, when known (students minus applied), spares counting them again."""
    qs = (
        _students(programme)
        .exclude(Exists(_applied_in(period)))
        .select_related("student_profile__programme")
        .order_by("last_name", "first_name", "pk")
    )
    return _short_list(qs, total)


def needs_attention(period, programme=None, *, not_applied: int | None = None) -> dict:
    return {
        "quiet": quiet_internships(period, programme),
        "behind": behind_schedule(period, programme),
        "final_due": final_evaluations_due(period, programme),
        "offers": offers_expiring(period, programme),
        "not_applied": students_without_application(period, programme, total=not_applied),
    }


# The pages ---------------------------------------------------------------------------


def _period_figures(period, programme) -> dict:
    counts = students(period, programme)
    return {
        "students": counts,
        "placements": placements(period, programme),
        "funnel": funnel(period, programme),
        "internships": internships(period, programme),
        "certificates": certificates(period, programme),
        "by_sector": by_sector(period, programme),
        "by_county": by_county(period, programme),
        **hours(period, programme),
        "attention": needs_attention(
            period, programme, not_applied=counts["students"] - counts["applied"]
        ),
        "computed_at": timezone.now(),
    }


DASHBOARD = Cached("staff_dashboard:v2", lambda: settings.DASHBOARD_CACHE_SECONDS)


def _dashboard_variant(period, programmes) -> str:
    return f"{period.pk}:{programmes_key(programmes)}:{get_language()}"


def dashboard(
    period: Period | None,
    programme: Programme | None = None,
    *,
    viewer=None,
    fresh: bool = False,
) -> dict:
    """Everything the staff home shows for the choice; the queues alone without a period.

    The queues are counted on every request (staff act on them and expect them current).
    The period's figures read every application, internship and logbook entry of the
    period, so they are kept in the cache for settings.DASHBOARD_CACHE_SECONDS, for all
    staff of the same faculties alike (the key names the programmes counted); `fresh`
    recounts them now, and `computed_at` says when they were counted. Without a chosen
    programme, the figures are the viewer's faculties' (accounts.faculties)."""
    figures = {"queues": queues(period, programme, viewer=viewer)}
    if period is None:
        return figures
    programmes = programme if programme is not None else faculty_scope(viewer)
    period_figures = DASHBOARD.get(
        _dashboard_variant(period, programmes),
        lambda: _period_figures(period, programmes),
        fresh=fresh,
    )
    return figures | period_figures
