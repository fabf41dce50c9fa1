"""Read a round from the database into the matching's `Instance`, and the digest of what
was read (so publishing can tell whether a run's result is out of date).

Eight queries whatever the round's size: the students, their choices, the pins, the
placements they chose or were pinned to (with their free seats), those placements'
programmes, the hosts' lists, the hosts' ranks and the quotas.

- The students: everyone with an entry, a choice or a pin in the round, with their programme.
- `prefs`: each student's choices in rank order, all of them (a placement closed since is
  kept in the list but has no capacity: the matching ignores it and tells the student "no
  seats", and ranks stay the ones the student gave).
- `capacity`: the chosen or pinned placements that are still public (published, of a
  verified organisation), of the round's period: their positions minus the seats already
  taken (`internships.queries.seats_taken`), never below 0. A placement no student chose
  is left out, so publishing a new placement does not make a run out of date.
- `host_order`: per placement, the students who ranked it and whose programme it is open
  to, less those the host marked unacceptable: with the host's list "ranked" (or no list),
  the ranked students one by one in the host's order, then one tie group of the others;
  with "student_order", one tie group per rank the students gave it (1st, 2nd, ...).
- `quotas`, `pins`, `programme` as stored; the lottery's `seed` is the run's.

The digest is the sha256 of a canonical JSON of the instance without its seed.
"""

import hashlib
import json

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from internships import queries as internship_queries
from internships.models import Placement

from .matching import Instance
from .models import Choice, Entry, HostList, HostRank, Pin, Quota


def build_instance(round, *, seed: int) -> tuple[Instance, str]:
    """The round's instance for a run drawn from `seed`, and its inputs digest."""
    instance = _read(round)
    instance.seed = seed
    return instance, digest_of(instance)


def inputs_digest(round) -> str:
    """The digest `build_instance` would give now (the same queries, without the run)."""
    return digest_of(_read(round))


def digest_of(instance: Instance) -> str:
    canonical = {
        "prefs": sorted([s, list(p)] for s, p in instance.prefs.items()),
        "capacity": sorted(instance.capacity.items()),
        "host_order": sorted([p, groups] for p, groups in instance.host_order.items()),
        "programme": sorted(instance.programme.items()),
        "quotas": sorted([p, g, q] for (p, g), q in instance.quotas.items()),
        "pins": sorted(instance.pins.items()),
    }
    text = json.dumps(canonical, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _read(round) -> Instance:
    in_round = Q(
        Exists(Entry.objects.filter(round=round, student=OuterRef("pk")))
        | Exists(Choice.objects.filter(round=round, student=OuterRef("pk")))
        | Exists(Pin.objects.filter(round=round, student=OuterRef("pk")))
    )
    programme: dict[int, int] = {}
    prefs: dict[int, list[int]] = {}
    for student, programme_id in (
        User.objects.filter(in_round)
        .order_by("pk")
        .values_list("pk", "student_profile__programme_id")
    ):
        prefs[student] = []
        if programme_id is not None:
            programme[student] = programme_id

    # (placement, student) -> the rank the student gave it
    rank_given: dict[tuple[int, int], int] = {}
    for student, placement, rank in (
        Choice.objects.filter(round=round)
        .order_by("student", "rank")
        .values_list("student_id", "placement_id", "rank")
    ):
        prefs.setdefault(student, []).append(placement)
        rank_given[(placement, student)] = rank

    pins = dict(Pin.objects.filter(round=round).values_list("student_id", "placement_id"))

    taken = (
        internship_queries.seats_taken()
        .filter(placement=OuterRef("pk"))
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    wanted = Q(
        Exists(Choice.objects.filter(round=round, placement=OuterRef("pk")))
        | Exists(Pin.objects.filter(round=round, placement=OuterRef("pk")))
    )
    capacity = {
        pk: max(0, positions - filled)
        for pk, positions, filled in internship_queries.public_placements()
        .filter(wanted, period_id=round.period_id)
        .annotate(filled=Coalesce(Subquery(taken), Value(0), output_field=IntegerField()))
        .order_by("pk")
        .values_list("pk", "positions", "filled")
    }

    open_to: dict[int, set[int]] = {p: set() for p in capacity}
    for placement, programme_id in Placement.programmes.through.objects.filter(
        placement_id__in=Subquery(
            internship_queries.public_placements()
            .filter(wanted, period_id=round.period_id)
            .values("pk")
        )
    ).values_list("placement_id", "programme_id"):
        open_to.setdefault(placement, set()).add(programme_id)

    by_student_order = set(
        HostList.objects.filter(round=round, order=HostList.Order.STUDENT_ORDER).values_list(
            "placement_id", flat=True
        )
    )
    ranked: dict[int, list[int]] = {}
    unacceptable: set[tuple[int, int]] = set()
    for placement, student, rank, refused in (
        HostRank.objects.filter(round=round)
        .order_by("placement", "rank", "student")
        .values_list("placement_id", "student_id", "rank", "unacceptable")
    ):
        if refused:
            unacceptable.add((placement, student))
        elif rank is not None:
            ranked.setdefault(placement, []).append(student)

    # Who may be placed where: ranked it, of a programme it is open to, not refused.
    applicants: dict[int, list[int]] = {p: [] for p in capacity}
    for student, chosen in prefs.items():
        g = programme.get(student)
        for p in chosen:
            if p in capacity and g in open_to[p] and (p, student) not in unacceptable:
                applicants[p].append(student)

    host_order: dict[int, list[list[int]]] = {}
    for p, who in applicants.items():
        if p in by_student_order:
            groups: dict[int, list[int]] = {}
            for s in who:
                groups.setdefault(rank_given[(p, s)], []).append(s)
            host_order[p] = [sorted(groups[r]) for r in sorted(groups)]
        else:
            acceptable = set(who)
            line = [s for s in ranked.get(p, []) if s in acceptable]
            rest = sorted(acceptable.difference(line))
            host_order[p] = [[s] for s in line] + ([rest] if rest else [])

    quotas = {
        (p, g): seats
        for p, g, seats in Quota.objects.filter(round=round).values_list(
            "placement_id", "programme_id", "seats"
        )
        if p in capacity
    }
    return Instance(
        prefs=prefs,
        capacity=capacity,
        host_order=host_order,
        programme=programme,
        quotas=quotas,
        pins=pins,
    )
