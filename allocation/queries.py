"""The read side of allocation rounds: what each page shows, scoped to the viewer."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role, User
from internships import queries as internship_queries
from internships.models import Internship, Placement

from .models import Choice, Entry, HostList, HostRank, Match, Round

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
