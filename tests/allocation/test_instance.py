"""Reading a round into the matching's instance (allocation.instance): hosts' lists, the
unacceptable, quotas, pins, free seats, closed placements, the digest, and a fixed number
of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from allocation.instance import build_instance, inputs_digest
from allocation.matching import allocate
from allocation.models import Choice, Entry, HostList, HostRank, Pin, Quota, Round
from tests.factories import (
    ApplicationFactory,
    PeriodFactory,
    PlacementFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUERIES = 8


def make_round(period, programmes, **kwargs):
    now = timezone.now()
    round = Round.objects.create(
        name="Summer allocation",
        period=period,
        students_from=now - timedelta(days=10),
        students_until=now - timedelta(days=5),
        hosts_until=now - timedelta(days=1),
        offer_deadline=now + timedelta(days=7),
        status=Round.Status.OPEN,
        created_by=UserFactory(role=Role.STAFF),
        **kwargs,
    )
    round.programmes.set(programmes)
    return round


def rank(round, student, *placements):
    Entry.objects.get_or_create(round=round, student=student)
    for r, placement in enumerate(placements, start=1):
        Choice.objects.create(round=round, student=student, placement=placement, rank=r)


@pytest.fixture
def world():
    informatics, maths = ProgrammeFactory(), ProgrammeFactory()
    period = PeriodFactory()
    p1 = PlacementFactory(period=period, positions=2, programmes=[informatics, maths])
    p2 = PlacementFactory(period=period, positions=1, programmes=[informatics])
    p3 = PlacementFactory(period=period, positions=3, programmes=[informatics])
    s1, s2, s3, s4 = (StudentFactory(programme=informatics).user for _ in range(4))
    s5 = StudentFactory(programme=maths).user
    round = make_round(period, [informatics, maths])
    rank(round, s1, p1, p2, p3)
    rank(round, s2, p2, p1)
    rank(round, s3, p1)
    rank(round, s4, p2, p1, p3)
    rank(round, s5, p2, p1)  # p2 is not open to maths: as if p2 did not accept s5
    return {
        "round": round,
        "period": period,
        "informatics": informatics,
        "maths": maths,
        "placements": (p1, p2, p3),
        "students": (s1, s2, s3, s4, s5),
    }


def ids(*objects):
    return [o.pk for o in objects]


def test_the_choices_and_programmes_are_read_in_rank_order(world):
    s1, s2, s3, s4, s5 = world["students"]
    p1, p2, p3 = world["placements"]

    instance, digest = build_instance(world["round"], seed=77)

    assert instance.seed == 77
    assert instance.prefs == {
        s1.pk: ids(p1, p2, p3),
        s2.pk: ids(p2, p1),
        s3.pk: ids(p1),
        s4.pk: ids(p2, p1, p3),
        s5.pk: ids(p2, p1),
    }
    assert instance.capacity == {p1.pk: 2, p2.pk: 1, p3.pk: 3}
    assert instance.programme[s5.pk] == world["maths"].pk
    assert instance.programme[s1.pk] == world["informatics"].pk
    assert len(digest) == 64 and digest == inputs_digest(world["round"])


def test_a_ranked_list_puts_the_ranked_first_then_the_others_tied_without_the_unacceptable(world):
    round = world["round"]
    s1, s2, s3, s4, s5 = world["students"]
    p1, _, _ = world["placements"]
    HostList.objects.create(round=round, placement=p1, order=HostList.Order.RANKED)
    HostRank.objects.create(round=round, placement=p1, student=s3, rank=1)
    HostRank.objects.create(round=round, placement=p1, student=s1, rank=2)
    HostRank.objects.create(round=round, placement=p1, student=s2, unacceptable=True)

    instance, _ = build_instance(round, seed=1)

    assert instance.host_order[p1.pk] == [[s3.pk], [s1.pk], sorted([s4.pk, s5.pk])]


def test_without_a_list_everyone_who_ranked_the_placement_ties(world):
    s1, s2, s3, s4, s5 = world["students"]
    _, p2, p3 = world["placements"]

    instance, _ = build_instance(world["round"], seed=1)

    assert instance.host_order[p3.pk] == [sorted([s1.pk, s4.pk])]
    # s5's programme may not take p2: left out, unacceptable there.
    assert instance.host_order[p2.pk] == [sorted([s1.pk, s2.pk, s4.pk])]


def test_in_student_order_the_tie_groups_are_the_ranks_the_students_gave(world):
    round = world["round"]
    s1, s2, s3, s4, s5 = world["students"]
    p1, p2, _ = world["placements"]
    HostList.objects.create(round=round, placement=p1, order=HostList.Order.STUDENT_ORDER)
    HostList.objects.create(round=round, placement=p2, order=HostList.Order.STUDENT_ORDER)
    HostRank.objects.create(round=round, placement=p1, student=s4, unacceptable=True)

    instance, _ = build_instance(round, seed=1)

    # p1: s1 and s3 ranked it 1st, s2 and s5 2nd, s4 2nd but unacceptable.
    assert instance.host_order[p1.pk] == [sorted([s1.pk, s3.pk]), sorted([s2.pk, s5.pk])]
    assert instance.host_order[p2.pk] == [sorted([s2.pk, s4.pk]), [s1.pk]]


def test_quotas_and_pins_are_read(world):
    round = world["round"]
    s1, *_ = world["students"]
    p1, _, p3 = world["placements"]
    Quota.objects.create(round=round, placement=p1, programme=world["maths"], seats=1)
    Pin.objects.create(round=round, student=s1, placement=p3, created_by=round.created_by)
    # A student pinned without having ranked anything takes part too.
    loner = StudentFactory(programme=world["informatics"]).user
    Pin.objects.create(round=round, student=loner, placement=p1, created_by=round.created_by)

    instance, _ = build_instance(round, seed=1)

    assert instance.quotas == {(p1.pk, world["maths"].pk): 1}
    assert instance.pins == {s1.pk: p3.pk, loner.pk: p1.pk}
    assert instance.prefs[loner.pk] == []
    assert instance.programme[loner.pk] == world["informatics"].pk
    result = allocate(instance)
    assert result.placement[s1.pk] == p3.pk and result.placement[loner.pk] == p1.pk


def test_taken_seats_reduce_the_capacity_and_closed_or_other_placements_are_left_out(world):
    round = world["round"]
    s1, s2, *_ = world["students"]
    p1, p2, p3 = world["placements"]
    ApplicationFactory(placement=p1, status="accepted")
    ApplicationFactory(placement=p1, status="submitted")  # holds no seat
    ApplicationFactory(placement=p2, status="accepted")
    ApplicationFactory(placement=p2, status="accepted")  # more than its positions: 0, not -1
    p3.status = "closed"
    p3.save()
    elsewhere = PlacementFactory(positions=4, programmes=[world["informatics"]])
    Choice.objects.create(round=round, student=s2, placement=elsewhere, rank=3)

    instance, _ = build_instance(round, seed=1)

    assert instance.capacity == {p1.pk: 1, p2.pk: 0}
    # The choices stay in the student's list (the matching says "no seats" for them).
    assert instance.prefs[s1.pk] == ids(p1, p2, p3)
    assert p3.pk not in instance.host_order
    result = allocate(instance)
    for reason in result.reasons[s1.pk]:
        if reason["placement"] in (p2.pk, p3.pk):
            assert reason["why"] == "no_seats"
    assert result.reasons[s2.pk][0] == {
        "placement": p2.pk,
        "rank": 1,
        "why": "no_seats",
        "higher": 0,
    }


def test_the_digest_changes_when_a_placement_closes(world):
    before = inputs_digest(world["round"])
    _, _, p3 = world["placements"]
    p3.status = "closed"
    p3.save()
    assert inputs_digest(world["round"]) != before


def test_the_digest_changes_when_a_seat_is_taken(world):
    before = inputs_digest(world["round"])
    p1, *_ = world["placements"]
    application = ApplicationFactory(placement=p1, status="submitted")
    assert inputs_digest(world["round"]) == before
    application.status = "accepted"
    application.save()
    assert inputs_digest(world["round"]) != before


def test_the_digest_does_not_change_otherwise(world):
    round = world["round"]
    before = inputs_digest(round)
    p1, *_ = world["placements"]
    p1.title = "Renamed"
    p1.save()
    # A new placement nobody ranked, another round's choices, another seed.
    PlacementFactory(period=world["period"], programmes=[world["informatics"]])
    other = make_round(world["period"], [world["informatics"]])
    rank(other, world["students"][0], p1)
    assert inputs_digest(round) == before
    assert build_instance(round, seed=1)[1] == build_instance(round, seed=2)[1] == before


def test_the_digest_changes_when_a_host_ranks_or_a_pin_is_set(world):
    round = world["round"]
    s1, *_ = world["students"]
    p1, *_ = world["placements"]
    before = inputs_digest(round)
    HostRank.objects.create(round=round, placement=p1, student=s1, rank=1)
    after_rank = inputs_digest(round)
    Pin.objects.create(round=round, student=s1, placement=p1, created_by=round.created_by)
    assert len({before, after_rank, inputs_digest(round)}) == 3


def make_big_round(students: int, placements: int):
    programme = ProgrammeFactory()
    period = PeriodFactory()
    places = [PlacementFactory(period=period, programmes=[programme]) for _ in range(placements)]
    round = make_round(period, [programme])
    people = [StudentFactory(programme=programme).user for _ in range(students)]
    for i, student in enumerate(people):
        rank(round, student, *(places[(i + k) % placements] for k in range(3)))
    for i, place in enumerate(places):
        HostList.objects.create(
            round=round,
            placement=place,
            order=HostList.Order.STUDENT_ORDER if i % 2 else HostList.Order.RANKED,
        )
        HostRank.objects.create(round=round, placement=place, student=people[i], rank=1)
        Quota.objects.create(round=round, placement=place, programme=programme, seats=1)
        ApplicationFactory(placement=place, status="accepted")
    Pin.objects.create(
        round=round, student=people[0], placement=places[-1], created_by=round.created_by
    )
    return round


@pytest.mark.parametrize("students, placements", [(3, 3), (30, 10)])
def test_a_fixed_number_of_queries_whatever_the_size(
    students, placements, django_assert_max_num_queries
):
    round = make_big_round(students, placements)
    with django_assert_max_num_queries(QUERIES):
        instance, digest = build_instance(round, seed=5)
    with django_assert_max_num_queries(QUERIES):
        assert inputs_digest(round) == digest
    assert len(instance.prefs) == students
    assert len(instance.capacity) == placements
