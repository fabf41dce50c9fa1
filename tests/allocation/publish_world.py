"""A round ready to publish, for the publishing and result tests (alloc-publish's)."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from allocation.models import Choice, Entry, Match, Round, Run
from allocation.services import publishing
from tests.factories import PDF_BYTES, PlacementFactory, StudentFactory


def fake_digest(round) -> str:
    """Stands for allocation.instance.inputs_digest until that module is merged: the chosen
    placements' status and accepted seats."""
    from internships.models import Placement

    rows = (
        Placement.objects.filter(allocation_choices__round=round)
        .distinct()
        .order_by("pk")
        .values_list("pk", "status", "positions")
    )
    taken = [
        (
            pk,
            status,
            positions,
            Placement.objects.get(pk=pk).applications.filter(status="accepted").count(),
        )
        for pk, status, positions in rows
    ]
    return hashlib.sha256(repr(taken).encode()).hexdigest()


@pytest.fixture(autouse=True)
def _digest(monkeypatch):
    try:
        import allocation.instance  # noqa: F401
    except ImportError:
        monkeypatch.setattr(publishing, "current_digest", fake_digest)


def make_round(*, period, programme, staff, **fields) -> Round:
    now = timezone.now()
    round = Round.objects.create(
        name=fields.pop("name", "Summer round"),
        period=period,
        students_from=now - timedelta(days=10),
        students_until=now - timedelta(days=5),
        hosts_until=now - timedelta(days=1),
        offer_deadline=now + timedelta(days=7),
        status=fields.pop("status", Round.Status.OPEN),
        created_by=staff,
        **fields,
    )
    round.programmes.set([programme])
    return round


def enter(round, student, placements, *, cv=PDF_BYTES):
    from django.core.files.base import ContentFile

    entry = Entry(round=round, student=student, cv_label="Round CV")
    entry.cv.save("cv.pdf", ContentFile(cv), save=False)
    entry.save()
    for rank, placement in enumerate(placements, start=1):
        Choice.objects.create(round=round, student=student, placement=placement, rank=rank)
    return entry


def done_run(round, staff, placed: dict, *, reasons=None, pinned=()) -> Run:
    """A finished run placing each student of `placed` (student -> placement or None)."""
    run = Run.objects.create(
        round=round,
        status=Run.Status.DONE,
        seed=7,
        started_by=staff,
        inputs_digest=publishing.current_digest(round),
        finished_at=timezone.now(),
    )
    for student, placement in placed.items():
        Match.objects.create(
            run=run,
            student=student,
            placement=placement,
            choice_rank=None if placement is None else 1,
            pinned=student in pinned,
            reasons=(reasons or {}).get(student, []),
        )
    return run


class World:
    pass


@pytest.fixture
def world(staff, period, programme, organisation):
    w = World()
    w.staff = staff
    w.round = make_round(period=period, programme=programme, staff=staff)
    w.first = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        positions=1,
        title="Backend intern (Django)",
    )
    w.second = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        positions=1,
        title="Data analyst intern",
    )
    w.ana = StudentFactory(programme=programme, user__first_name="Ana").user
    w.bogdan = StudentFactory(programme=programme, user__first_name="Bogdan").user
    w.carmen = StudentFactory(programme=programme, user__first_name="Carmen").user
    enter(w.round, w.ana, [w.first, w.second])
    enter(w.round, w.bogdan, [w.first, w.second])
    enter(w.round, w.carmen, [w.first, w.second])
    w.run = done_run(
        w.round,
        staff,
        {w.ana: w.first, w.bogdan: w.second, w.carmen: None},
        reasons={
            w.bogdan: [{"placement": w.first.pk, "rank": 1, "why": "full", "higher": 1}],
            w.carmen: [
                {"placement": w.first.pk, "rank": 1, "why": "unacceptable", "higher": 0},
                {"placement": w.second.pk, "rank": 2, "why": "full", "higher": 1},
            ],
        },
    )
    return w
