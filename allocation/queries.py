"""The read side of allocation rounds: what each page shows, scoped to the viewer."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.faculties import faculty_scope
from accounts.models import Programme, Role, User
from internships import queries as internship_queries
from internships.models import Internship, Placement
from internships.queries import seats_taken

from .models import Choice, Entry, HostList, HostRank, Match, Pin, Quota, Round, Run

# Ranking: students rank placements, hosts rank applicants (alloc-rank) ---------------------

# The rounds a student or host may open: an open round, or a published one they took part in.
SHOWN_STATUSES = (Round.Status.OPEN, Round.Status.PUBLISHED)


def _programme_id(user) -> int | None:
    profile = getattr(user, "student_profile", None)
    return profile.programme_id if profile else None


def rounds_of_student(user) -> QuerySet[Round]:
    """The open and published rounds of the student's programme (a published one only if
    they took part in it), soonest first: a draft or cancelled round is no one's but staff's."""
    if user.role != Role.STUDENT or _programme_id(user) is None:
        return Round.objects.none()
    took_part = Entry.objects.filter(round=OuterRef("pk"), student=user)
    return (
        Round.objects.filter(
            Q(status=Round.Status.OPEN) | Q(Exists(took_part), status=Round.Status.PUBLISHED),
            programmes=_programme_id(user),
        )
        .select_related("period", "previous")
        .distinct()
        .order_by("students_from", "pk")
    )


def current_rounds_of_student(user) -> list[Round]:
    """The open rounds that concern the student now (the home page and the menu): not
    yet past the hosts' phase. One query."""
    return list(
        rounds_of_student(user).filter(status=Round.Status.OPEN, hosts_until__gt=timezone.now())
    )


def eligible_placements(round, student) -> QuerySet[Placement]:
    """What the student may rank in the round: the placements anyone may see (published,
    of a verified organisation), of the round's period, open to the student's programme."""
    if _programme_id(student) is None:
        return Placement.objects.none()
    return (
        internship_queries.public_placements()
        .filter(period_id=round.period_id, programmes=_programme_id(student))
        .select_related("organisation", "county")
        .defer("search_vector")
        .order_by("organisation__legal_name", "title", "pk")
    )


def entry_of(round, student) -> Entry | None:
    return Entry.objects.filter(round=round, student=student).first()


def choices_of(round, student) -> QuerySet[Choice]:
    """The student's ranked placements, first choice first."""
    return (
        Choice.objects.filter(round=round, student=student)
        .select_related("placement__organisation", "placement__county")
        .defer("placement__search_vector")
        .order_by("rank")
    )


def unmatched_by_previous(round) -> QuerySet:
    """The ids of the students a second round may take: those the previous round's
    published run left unmatched (the rule of rules.left_unmatched_by_previous, set-based).
    None for a first round: it takes everyone of its programmes."""
    if round.previous_id is None:
        return None
    return Match.objects.filter(
        run_id=round.previous.published_run_id, placement__isnull=True
    ).values("student_id")


def students_of_round(round) -> QuerySet[User]:
    """Everyone who may rank in the round: active students of its programmes, holding no
    internship in its period, and for a second round left unmatched by the first."""
    holding = Internship.objects.filter(student=OuterRef("pk"), period_id=round.period_id).exclude(
        status=Internship.Status.TERMINATED
    )
    students = User.objects.filter(
        role=Role.STUDENT,
        is_active=True,
        student_profile__programme__in=round.programmes.all(),
    ).exclude(Exists(holding))
    unmatched = unmatched_by_previous(round)
    if unmatched is not None:
        students = students.filter(pk__in=unmatched)
    return students


# Hosts ------------------------------------------------------------------------------------


def _organisation_id(user) -> int | None:
    membership = getattr(user, "membership", None) if user.role == Role.COMPANY else None
    return membership.organisation_id if membership else None


def rounds_of_host(user) -> QuerySet[Round]:
    """The open and published rounds in which students ranked a placement of the host's
    organisation, with how many of its placements they ranked."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return Round.objects.none()
    ranked = Choice.objects.filter(round=OuterRef("pk"), placement__organisation_id=organisation_id)
    return (
        Round.objects.filter(Exists(ranked), status__in=SHOWN_STATUSES)
        .select_related("period")
        .order_by("students_from", "pk")
    )


def placements_of_host_in(round, user) -> QuerySet[Placement]:
    """The host organisation's placements students ranked in the round, each with how many
    ranked it and how the host orders them (no list yet: ranked by the host)."""
    host_list = HostList.objects.filter(round=round, placement=OuterRef("pk"))
    return (
        Placement.objects.filter(
            Exists(Choice.objects.filter(round=round, placement=OuterRef("pk"))),
            organisation_id=_organisation_id(user),
        )
        .annotate(
            ranked_by=Count("allocation_choices", filter=Q(allocation_choices__round=round)),
            host_order=Subquery(host_list.values("order")[:1]),
        )
        .defer("search_vector")
        .order_by("title", "pk")
    )


def placement_of_host(round, user, pk) -> Placement:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        placements_of_host_in(round, user).select_related("organisation"), pk=pk
    )


def applicants_of(round, placement) -> QuerySet[Choice]:
    """The students who ranked the placement in the round, with the rank they gave it, the
    host's rank or refusal of each, and their entry (the CV they chose): the host's ranked
    students first, in its order, then the others by how high they ranked the placement."""
    host_rank = HostRank.objects.filter(
        round=round, placement=placement, student=OuterRef("student_id")
    )
    entry = Entry.objects.filter(round=round, student=OuterRef("student_id"))
    return (
        Choice.objects.filter(round=round, placement=placement)
        .select_related("student__student_profile__programme")
        .annotate(
            host_rank=Subquery(host_rank.values("rank")[:1]),
            unacceptable=Subquery(host_rank.values("unacceptable")[:1]),
            entry_cv=Subquery(entry.values("cv")[:1]),
            entry_cv_label=Subquery(entry.values("cv_label")[:1]),
        )
        .order_by(
            F("host_rank").asc(nulls_last=True),
            F("unacceptable").asc(nulls_first=True),
            "rank",
            "student__last_name",
            "student__first_name",
            "pk",
        )
    )


def host_list_of(round, placement) -> HostList | None:
    return HostList.objects.filter(round=round, placement=placement).first()


def ranked_entry(round, placement, student_pk) -> Entry:
    """The entry of a student who ranked the placement in the round (its CV), or 404."""
    from django.shortcuts import get_object_or_404

    ranked = Choice.objects.filter(round=round, placement=placement).values("student_id")
    return get_object_or_404(
        Entry.objects.select_related("student").filter(student_id__in=ranked),
        round=round,
        student_id=student_pk,
    )


def hosts_of_ranked_placements(round) -> QuerySet:
    """The ids of the active company accounts of the organisations whose placements students
    ranked in the round: they are told when the hosts' phase begins."""
    organisations = Choice.objects.filter(round=round).values("placement__organisation_id")
    return User.objects.filter(
        role=Role.COMPANY, is_active=True, membership__organisation_id__in=organisations
    ).values_list("pk", flat=True)


# (end of alloc-rank's block)


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


def round_placements(round) -> QuerySet[Placement]:
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


# --- alloc-publish: publishing, students' results --------------------------------------


def rounds_staff_publish(viewer) -> QuerySet[Round]:
    """The rounds `viewer` (staff) may publish: those whose every programme is in their
    faculties; none for anyone else."""
    if getattr(viewer, "role", None) != Role.STAFF:
        return Round.objects.none()
    scope = faculty_scope(viewer)
    rounds = Round.objects.select_related("period", "published_run")
    if scope is None:
        return rounds
    return rounds.exclude(programmes__in=Programme.objects.exclude(pk__in=scope)).distinct()


def run_to_publish(viewer, *, round_pk, run_pk) -> tuple[Round, Run] | None:
    round = rounds_staff_publish(viewer).filter(pk=round_pk).first()
    run = round and Run.objects.filter(round=round, pk=run_pk).first()
    return (round, run) if run else None


def student_result(viewer, *, round_pk) -> tuple[Round, Match | None] | None:
    """The round and the viewer's own match in its published run (None before publishing);
    None when the viewer took no part in the round: their page is a 404."""
    if getattr(viewer, "role", None) != Role.STUDENT:
        return None
    round = (
        Round.objects.select_related("period")
        .filter(pk=round_pk)
        .exclude(status__in=[Round.Status.DRAFT, Round.Status.CANCELLED])
        .first()
    )
    if round is None:
        return None
    match = None
    if round.status == Round.Status.PUBLISHED:
        match = (
            Match.objects.select_related(
                "placement__organisation", "placement__period", "application"
            )
            .filter(run_id=round.published_run_id, student=viewer)
            .first()
        )
    if match is None and not Entry.objects.filter(round=round, student=viewer).exists():
        return None
    return round, match


# --- end alloc-publish -----------------------------------------------------------------


# --- alloc-publish: why each higher choice went elsewhere -----------------------------


def reasons_of(match) -> list[dict]:
    """For each choice above the one obtained (all when unmatched): its rank, its placement
    (title and organisation, one query) and why, in words, never naming another student."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from internships.models import Placement

    reasons = sorted(match.reasons or [], key=lambda reason: reason.get("rank") or 0)
    placements = Placement.objects.select_related("organisation").in_bulk(
        {reason.get("placement") for reason in reasons}
    )
    rows = []
    for reason in reasons:
        why, count = reason.get("why"), int(reason.get("higher") or 0)
        if why == "full":
            text = ngettext(
                "Full: its %(count)d seat went to a student the host ranked above you.",
                "Full: its %(count)d seats went to students the host ranked above you.",
                count,
            ) % {"count": count}
        elif why == "quota":
            text = _("Its seats for your programme (quota) went to students ranked above you.")
        elif why == "unacceptable":
            text = _("The host did not accept applicants for this placement from your list.")
        else:  # "no_seats", "closed"
            text = _("It had no seats left in this round.")
        rows.append(
            {
                "rank": reason.get("rank"),
                "placement": placements.get(reason.get("placement")),
                "text": text,
            }
        )
    return rows


# --- end alloc-publish -----------------------------------------------------------------
