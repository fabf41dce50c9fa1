"""The programme's figures anyone may see (the landing page, /figures/), and the counts the
staff dashboard (office.stats) shares with them.

They are counted here, below office, so that the internships app's own pages show them
without reaching up. Counts kept by an app above (documents: the certificates) are added
through `public_count`, which that app registers when it starts."""

from collections.abc import Callable

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.faculties import of_programmes
from accounts.models import MentorProfile, Organisation, Role, User
from core.cache import Cached

from . import facets
from .models import Application, Internship, Period, Placement

IS = Internship.Status
CHART_ROWS = 10
PUBLIC_CACHE_SECONDS = 600

# Counts of the public figures that apps above this one keep, by the name they have among
# the figures: name -> a function counting it.
PUBLIC_COUNTS: dict[str, Callable[[], int]] = {}


def public_count(name: str, count: Callable[[], int]) -> None:
    """An app above this one adds the figure `name`, counted by `count()`."""
    PUBLIC_COUNTS[name] = count


def default_period() -> Period | None:
    """The period running today (the latest to start, if several), else the latest by start."""
    today = timezone.localdate()
    running = Case(
        When(starts_on__lte=today, ends_on__gte=today, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Period.objects.order_by(running, "-starts_on", "-pk").first()


def students_of(programme) -> QuerySet[User]:
    """The active students (of the programme, of a set of programme ids, or all)."""
    qs = User.objects.filter(role=Role.STUDENT, is_active=True)
    return of_programmes(qs, "student_profile__programme", programme)


def internships_of(period, programme) -> QuerySet[Internship]:
    """The period's internships (of the programme's students, of a set of programmes', or
    all)."""
    qs = Internship.objects.filter(period=period)
    return of_programmes(qs, "student__student_profile__programme", programme)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def count_of(qs: QuerySet, field: str = "pk", *, distinct: bool = False) -> Subquery:
    """COUNT over `qs` as a scalar subquery (the constant grouping leaves no GROUP BY); 0
    when `qs` can match nothing (a filter on no ids, such as staff of no faculty)."""
    return Coalesce(
        Subquery(
            qs.order_by()
            .values(one=Value(1))
            .annotate(n=Count(field, distinct=distinct))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def students(period, programme=None) -> dict:
    """Students (of the programme, or all), those who applied in the period, those placed
    (holding an internship of the period that was not terminated), and the placement rate.

    Applied and placed count the distinct students of the period's applications and
    internships: the period's rows are far fewer than all students, and reading them once
    beats probing the indexes once per student. Three counts, one query."""
    active = students_of(programme).values("pk")
    applied = Application.objects.filter(placement__period=period, student__in=active)
    placed = Internship.objects.filter(period=period, student__in=active).exclude(
        status=IS.TERMINATED
    )
    counts = Period.objects.filter(pk=period.pk).values(
        students=count_of(students_of(programme)),
        applied=count_of(applied, "student", distinct=True),
        placed=count_of(placed, "student", distinct=True),
    )[0]
    counts["placement_rate"] = percent(counts["placed"], counts["students"])
    return counts


def top_rows(rows: list[dict], other_label: str) -> list[dict]:
    """The largest rows, and the rest summed as one (the database already grouped them)."""
    if len(rows) <= CHART_ROWS:
        return rows
    rest = sum(row["count"] for row in rows[CHART_ROWS - 1 :])
    return [*rows[: CHART_ROWS - 1], {"label": other_label, "count": rest}]


def by_sector(period, programme=None) -> list[dict]:
    """Students placed in the period, by the sector of their host organisation."""
    rows = (
        internships_of(period, programme)
        .exclude(status=IS.TERMINATED)
        .values("organisation__sector__name", "organisation__sector__name_ro")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__sector__name")
    )
    romanian = (get_language() or "").startswith("ro")
    named = [
        {
            "label": (romanian and row["organisation__sector__name_ro"])
            or row["organisation__sector__name"],
            "count": row["count"],
        }
        for row in rows
    ]
    return top_rows(named, _("Other sectors"))


def _public_figures() -> dict:
    period = default_period()
    placed_ever = (
        Internship.objects.exclude(status=IS.TERMINATED).values("student").distinct().count()
    )
    mentors = MentorProfile.objects.filter(user__is_active=True).aggregate(
        host_tutors=Count("pk", filter=Q(kind=MentorProfile.Kind.HOST_TUTOR)),
        supervisors=Count("pk", filter=Q(kind=MentorProfile.Kind.SUPERVISOR)),
    )
    figures = {
        "placed_ever": placed_ever,
        "organisations": Organisation.objects.filter(status=Organisation.Status.VERIFIED).count(),
        "mentors": mentors["host_tutors"] + mentors["supervisors"],
        **mentors,
        "placements_published": Placement.objects.filter(published_at__isnull=False).count(),
        **{name: count() for name, count in PUBLIC_COUNTS.items()},
        "period": None,
    }
    if period is not None:
        figures |= {
            "period": {
                "name": period.name,
                "name_ro": period.name_ro,
                "starts_on": period.starts_on,
            },
            "latest": students(period),
            "by_sector": by_sector(period),
        }
    return figures


PUBLIC_FIGURES = Cached("public_figures:v3", PUBLIC_CACHE_SECONDS, generation=facets.PUBLIC_PAGES)


def public_figures() -> dict:
    """The programme's figures in aggregate, no personal data; kept in the cache for ten
    minutes (per language, for the sector names), so the public page costs no query."""
    return PUBLIC_FIGURES.get(get_language() or "en", _public_figures)
