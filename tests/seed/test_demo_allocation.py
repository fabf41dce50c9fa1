"""The demo's allocation round: ready to run, without the demo student (alloc-publish)."""

import pytest
from django.core.management import call_command

from allocation.models import Choice, Entry, HostList, HostRank, Round
from seed.demo import allocation as allocation_demo
from seed.demo.accounts import DEMO_DOMAIN


@pytest.fixture
def demo(db):
    call_command(
        "seed_demo",
        students=12,
        organisations=6,
        mentors=4,
        placements=8,
        applications=6,
        verbosity=0,
    )


def test_the_demo_has_a_round_ready_to_run(demo):
    round = Round.objects.get(name=allocation_demo.ROUND_NAME)

    assert round.phase == Round.Phase.CLOSED
    assert Entry.objects.filter(round=round).count() >= 2
    assert Choice.objects.filter(round=round).exists()
    assert HostList.objects.filter(round=round, order="student_order").exists()
    assert HostRank.objects.filter(round=round, rank__isnull=False).exists()
    assert not Entry.objects.filter(round=round, student__email=f"student@{DEMO_DOMAIN}")


def test_seeding_again_adds_nothing(demo):
    counts = (Round.objects.count(), Choice.objects.count(), HostRank.objects.count())

    assert allocation_demo.seed() == {}
    assert (Round.objects.count(), Choice.objects.count(), HostRank.objects.count()) == counts


def test_the_round_runs_on_the_demo(demo):
    from allocation.instance import build_instance
    from allocation.matching import allocate

    round = Round.objects.get(name=allocation_demo.ROUND_NAME)
    instance, digest = build_instance(round, seed=1)
    result = allocate(instance)

    assert digest and any(result.placement.values())
