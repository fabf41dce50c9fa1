"""Reads of allocation rounds, each scoped to the viewer."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.faculties import faculty_scope
from accounts.models import Role, User
from internships.models import Placement
from internships.queries import seats_taken

from .models import Choice, Entry, Match, Pin, Quota, Round, Run

# Staff side of rounds (alloc-staff) ---------------------------------------------------------


def _count(qs: QuerySet, field: str):
    """A subquery counting the distinct `field` of `qs` per round (0 when none)."""
    counted = qs.filter(round=OuterRef("pk")).order_by().values("round")
    return Coalesce(Subquery(counted.annotate(n=Count(field, distinct=True)).values("n")[:1]), 0)


def rounds_for_staff(viewer) -> QuerySet[Round]:
    """The rounds `viewer` (staff) sees: all for staff of all faculties, else those with at
    least one programme of the viewer's faculties; none for anyone else. A round of another
    faculty is absent (its pages answer 404)."""
    if getattr(viewer, "role", None) != Role.STAFF:
        return Round.objects.none()
    rounds = Round.objects.all()
    scope = faculty_scope(viewer)
    if scope is not None:
        in_scope = Round.programmes.through.objects.filter(
            round_id=OuterRef("pk"), programme_id__in=scope
        )
        rounds = rounds.filter(Exists(in_scope))
    return rounds.select_related("period", "previous")


def round_list(viewer) -> QuerySet[Round]:
    """The staff list of rounds with their counts and last run (a fixed number of queries)."""
    last_run = Run.objects.filter(round=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        rounds_for_staff(viewer)
        .annotate(
            student_count=_count(Choice.objects.all(), "student"),
            placement_count=_count(Choice.objects.all(), "placement"),
            last_run_at=Subquery(last_run.values("created_at")[:1]),
            last_run_status=Subquery(last_run.values("status")[:1]),
        )
        .prefetch_related("programmes")
    )


def round_counts(round) -> dict:
    """How many students ranked, how many placements were ranked, how many hosts answered."""
    choices = Choice.objects.filter(round=round)
    return {
        "students": choices.values("student").distinct().count(),
        "placements": choices.values("placement").distinct().count(),
        "entries": Entry.objects.filter(round=round).count(),
    }


def eligible_placements(round) -> QuerySet[Placement]:
    """The published placements of the round's period open to one of its programmes."""
    open_to_round = Placement.programmes.through.objects.filter(
        placement_id=OuterRef("pk"), programme__in=round.programmes.all()
    )
    return (
        Placement.objects.published()
        .filter(Exists(open_to_round), period_id=round.period_id)
        .select_related("organisation")
        .order_by("organisation__legal_name", "title", "pk")
    )


def free_seats(placement, round, *, besides_student=None) -> int:
    """The placement's positions minus the seats taken and the round's pins on it (a pin of
    `besides_student` is not counted: it is the one being moved)."""
    taken = seats_taken().filter(placement=placement).count()
    pins = Pin.objects.filter(round=round, placement=placement)
    if besides_student is not None:
        pins = pins.exclude(student=besides_student)
    return placement.positions - taken - pins.count()


def students_in_round(round) -> QuerySet[User]:
    """The students taking part: those with an entry or a ranked placement in the round."""
    return User.objects.filter(
        Q(Exists(Entry.objects.filter(round=round, student=OuterRef("pk"))))
        | Q(Exists(Choice.objects.filter(round=round, student=OuterRef("pk")))),
        role=Role.STUDENT,
    )


def quotas_of(round) -> QuerySet[Quota]:
    return (
        Quota.objects.filter(round=round)
        .select_related("placement__organisation", "programme")
        .order_by("placement__title", "programme__name")
    )


def pins_of(round) -> QuerySet[Pin]:
    return (
        Pin.objects.filter(round=round)
        .select_related("student", "placement__organisation")
        .order_by("student__last_name", "student__first_name", "pk")
    )


def runs_of(round) -> QuerySet[Run]:
    return Run.objects.filter(round=round).select_related("started_by")


def run_for_staff(viewer, pk) -> Run:
    """The run `pk` of a round the viewer sees (Run.DoesNotExist otherwise)."""
    return Run.objects.select_related("round__period", "started_by").get(
        pk=pk, round__in=rounds_for_staff(viewer)
    )


def matches_of(run, *, programme=None, placement=None, matched=None) -> QuerySet[Match]:
    """The run's matches, filtered, by student name; each with its student, programme and
    placement (a fixed number of queries whatever the page's size)."""
    matches = Match.objects.filter(run=run)
    if programme is not None:
        matches = matches.filter(student__student_profile__programme=programme)
    if placement is not None:
        matches = matches.filter(placement=placement)
    if matched is True:
        matches = matches.filter(placement__isnull=False)
    elif matched is False:
        matches = matches.filter(placement__isnull=True)
    return matches.select_related(
        "student__student_profile__programme", "placement__organisation"
    ).order_by("student__last_name", "student__first_name", "student_id")


def unmatched_of(run) -> QuerySet[Match]:
    return matches_of(run, matched=False)


def run_placements(run) -> QuerySet[Placement]:
    """The placements the run placed someone on (for the preview's filter)."""
    return (
        Placement.objects.filter(allocation_matches__run=run)
        .distinct()
        .select_related("organisation")
        .order_by("title", "pk")
    )
