"""A run whose worker died does not block the round forever, and the progress staff see is
a share of the matching done, for the number of students the run places."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from allocation import running, tasks
from allocation.models import Match, Run
from allocation.services import runs as services
from core.services import ServiceError
from tests import factories
from tests.allocation.staff_world import engine, make_round, rank  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff, period, programme, organisation):
    placement = factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], positions=1
    )
    round = make_round(staff=staff, programmes=[programme], period=period)
    students = [factories.StudentFactory(programme=programme).user for _ in range(2)]
    for student in students:
        rank(round, student, [placement])
    return round


def _stuck(round, staff, *, minutes, status="running"):
    """A run whose worker last showed a sign of life `minutes` ago."""
    moment = timezone.now() - timedelta(minutes=minutes)
    run = Run.objects.create(round=round, seed=3, started_by=staff, status=status, total=2)
    Run.objects.filter(pk=run.pk).update(created_at=moment, heartbeat_at=moment)
    return Run.objects.get(pk=run.pk)


def test_a_run_with_a_live_worker_still_blocks_a_second_run(staff, world, settings):
    settings.ALLOCATION_RUN_STALE_MINUTES = 10
    run = _stuck(world, staff, minutes=2)
    with pytest.raises(ServiceError, match="waiting or running already.*10 minutes"):
        services.start_run(round=world, by=staff)
    run.refresh_from_db()
    assert run.status == Run.Status.RUNNING
    assert Run.objects.count() == 1


@pytest.mark.parametrize("status", ["running", "queued"])
def test_a_run_whose_worker_died_is_failed_when_staff_run_again(
    client,
    staff,
    world,
    settings,
    engine,  # noqa: F811
    status,
    django_capture_on_commit_callbacks,
):
    settings.ALLOCATION_RUN_STALE_MINUTES = 10
    stuck = _stuck(world, staff, minutes=11, status=status)
    client.force_login(staff)
    page = client.get(reverse("staff_round", args=[world.pk])).content.decode()
    assert "no sign of life for more than 10 minutes" in page
    assert reverse("staff_round_start_run", args=[world.pk]) in page  # the button is back
    progress = client.get(reverse("staff_round_run", args=[stuck.pk])).content.decode()
    assert "its worker has probably stopped" in progress
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_round_start_run", args=[world.pk]))
    stuck.refresh_from_db()
    assert stuck.status == Run.Status.FAILED
    assert "no sign of life" in stuck.error
    fresh = Run.objects.exclude(pk=stuck.pk).get()
    assert response.url == reverse("staff_round_run", args=[fresh.pk])
    assert fresh.status == Run.Status.DONE
    assert Match.objects.filter(run=fresh).count() == 2
    # The dead worker's task, delivered late, finds nothing to do.
    assert tasks.run_allocation.call(stuck.pk) == "skipped"


def test_a_task_delivered_again_takes_over_a_run_left_running(staff, world, settings, engine):  # noqa: F811
    """documents.jobs.recover_tasks hands the task of a dead worker to another: it runs the
    run to its end instead of finding it "running" and doing nothing."""
    settings.ALLOCATION_RUN_STALE_MINUTES = 10
    stuck = _stuck(world, staff, minutes=11)
    assert tasks.run_allocation.call(stuck.pk) == "done"
    stuck.refresh_from_db()
    assert stuck.status == Run.Status.DONE
    assert Match.objects.filter(run=stuck).count() == 2
    # A live run is not taken over by a second delivery.
    live = _stuck(world, staff, minutes=1)
    assert tasks.run_allocation.call(live.pk) == "skipped"


def test_progress_is_a_percentage_and_total_stays_the_students(staff, world, engine):  # noqa: F811
    run = Run.objects.create(round=world, seed=5, started_by=staff)
    seen = []
    real = running._progress_writer

    def spy(run_id):
        write = real(run_id)

        def progress(done, total):
            write(done, total)
            row = Run.objects.get(pk=run_id)
            seen.append((row.progress, row.total))

        return progress

    from unittest import mock

    with mock.patch.object(running, "_progress_writer", spy):
        assert tasks.run_allocation.call(run.pk) == "done"
    assert seen
    assert all(total == 2 for _progress, total in seen)  # students, never proposals
    assert all(0 <= progress <= 100 for progress, _total in seen)
    run.refresh_from_db()
    assert (run.progress, run.total) == (100, 2)
    assert run.heartbeat_at is not None


def test_the_progress_page_says_how_many_students_and_how_far(client, staff, world):
    run = Run.objects.create(
        round=world, seed=1, started_by=staff, status="running", progress=40, total=2
    )
    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    client.force_login(staff)
    page = client.get(reverse("staff_round_run", args=[run.pk])).content.decode()
    assert 'max="100" value="40"' in page
    assert "Placing 2 students: 40% of the matching done." in page
    assert "no sign of life" not in page
