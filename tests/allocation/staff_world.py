"""A small world for the staff side of allocation rounds (alloc-staff's tests): a round,
students who ranked placements, and the engine a run uses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from allocation.models import Choice, Entry, Pin, Quota, Round
from tests import factories


def make_round(*, staff, programmes, period, status="open", closed=True, **fields) -> Round:
    """A round whose ranking has closed (ready to run) unless `closed=False`."""
    now = timezone.now()
    if closed:
        dates = {
            "students_from": now - timedelta(days=3),
            "students_until": now - timedelta(days=2),
            "hosts_until": now - timedelta(days=1),
            "offer_deadline": now + timedelta(days=7),
        }
    else:
        dates = {
            "students_from": now + timedelta(days=1),
            "students_until": now + timedelta(days=5),
            "hosts_until": now + timedelta(days=8),
            "offer_deadline": now + timedelta(days=15),
        }
    values = {"name": "Autumn round", "period": period, "status": status, "created_by": staff}
    round = Round.objects.create(**{**values, **dates, **fields})
    round.programmes.set(programmes)
    return round


def rank(round, student, placements) -> None:
    """`student` (an account) ranks `placements`, first choice first."""
    Entry.objects.get_or_create(round=round, student=student)
    for number, placement in enumerate(placements, start=1):
        Choice.objects.create(round=round, student=student, placement=placement, rank=number)


def simple_build_instance(round, *, seed):
    """What allocation.instance.build_instance reads, simplified for these tests (used only
    while that module is not on this branch): every host takes its students in one tie
    group, capacities are the placements' positions."""
    from allocation.matching import Instance

    prefs: dict[int, list[int]] = {}
    groups: dict[int, list[int]] = {}
    for choice in Choice.objects.filter(round=round).order_by("student_id", "rank"):
        prefs.setdefault(choice.student_id, []).append(choice.placement_id)
        groups.setdefault(choice.placement_id, []).append(choice.student_id)
    placements = {
        c.placement for c in Choice.objects.filter(round=round).select_related("placement")
    }
    programme = {
        student: programme
        for student, programme in factories.StudentFactory._meta.model.objects.filter(
            user_id__in=prefs
        ).values_list("user_id", "programme_id")
    }
    instance = Instance(
        prefs=prefs,
        capacity={p.pk: p.positions for p in placements if p.status == "published"},
        host_order={p: [sorted(students)] for p, students in groups.items()},
        programme=programme,
        quotas={
            (q.placement_id, q.programme_id): q.seats for q in Quota.objects.filter(round=round)
        },
        pins=dict(Pin.objects.filter(round=round).values_list("student_id", "placement_id")),
        seed=seed,
    )
    return instance, "test-digest"


@pytest.fixture
def engine(monkeypatch):
    """The run's engine: the real one when allocation.instance exists, else the simple one."""
    from allocation import running as runs
    from allocation.matching import allocate

    try:
        from allocation.instance import build_instance  # noqa: F401
    except ImportError:
        monkeypatch.setattr(runs, "_engine", lambda: (simple_build_instance, allocate))
    return runs
