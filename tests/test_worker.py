from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet, get_date_max

from core.worker import backoff, is_transient, outlive_outages
from documents import jobs
from documents.management.commands import run_worker
from documents.models import ScheduledRun, WorkerHeartbeat
from internships.tasks import expire_offers

BUCHAREST = ZoneInfo("Europe/Bucharest")


OUTAGE = OperationalError("server closed the connection unexpectedly")


def failing(times, error=OUTAGE):
    """A callable that raises `error` `times` times, then answers True."""
    calls = []

    def call(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise error
        return True

    call.calls = calls
    return call


# The loop that outlives outages ----------------------------------------------------------


def test_the_loop_waits_out_a_database_outage_with_a_growing_pause():
    step, waits = failing(5), []

    with mock.patch("core.worker.db.connections.close_all") as close_all:
        outlive_outages(step, sleep=waits.append, base=1, cap=8)

    assert len(step.calls) == 6
    assert waits == [1, 2, 4, 8, 8]
    assert close_all.call_count == 5


def test_the_loop_does_not_hide_a_bug():
    with pytest.raises(ZeroDivisionError):
        outlive_outages(failing(1, ZeroDivisionError()), sleep=lambda s: None)


def test_passing_failures_are_told_from_bugs():
    assert is_transient(OperationalError("the database system is starting up"))
    assert is_transient(InterfaceError("connection already closed"))
    assert is_transient(ConnectionRefusedError())
    assert not is_transient(ValueError("bad data"))
    assert [backoff(n, base=10, cap=60) for n in (1, 2, 3, 4, 5)] == [10, 20, 40, 60, 60]


def test_the_worker_outlives_a_database_outage_and_carries_on(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = failing(3)

    with (
        mock.patch.object(run_worker.Worker, "run", run),
        mock.patch.object(run_worker.Heartbeat, "start"),
        mock.patch.object(run_worker.Heartbeat, "join"),
        mock.patch("core.worker.time.sleep") as sleep,
        mock.patch("core.worker.db.connections.close_all"),  # see the scheduler's test
    ):
        call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "w1")

    assert len(run.calls) == 4
    assert [c.args[0] for c in sleep.call_args_list] == [1, 2, 4]


def test_the_worker_records_the_task_it_runs(db):
    worker = run_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w1",
        excluded_queue_names=[],
    )
    task = running_task("w1", started=timezone.now())
    seen = []

    with mock.patch.object(
        run_worker.db_worker.Worker,
        "run_task",
        lambda self, result: seen.append(WorkerHeartbeat.objects.get().task_id),
    ):
        worker.run_task(task)

    assert seen == [str(task.id)]
    assert worker.current_task_id == ""


def worker_with(task_body):
    """A worker whose task runs `task_body` (django-tasks-db's own error handling kept)."""
    worker = run_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w1",
        excluded_queue_names=[],
    )
    task = mock.Mock(takes_context=False, call=mock.Mock(side_effect=task_body))
    task.get_backend.return_value = mock.Mock()
    return worker, task


def test_a_task_failing_on_a_locked_database_is_queued_again_not_lost(db, settings):
    settings.JOB_RETRY_DELAY = 10
    task = running_task("w1", started=timezone.now())
    worker, body = worker_with(OperationalError("database is locked"))
    before = timezone.now()

    with mock.patch.object(DBTaskResult, "task", new_callable=mock.PropertyMock, return_value=body):
        worker.run_task(task)

    task.refresh_from_db()
    assert task.status == "READY"
    assert task.finished_at is None
    assert "database is locked" in task.traceback  # the cause stays readable meanwhile
    assert task.run_after >= before + timedelta(seconds=10)


def test_a_task_failing_on_a_bug_ends_as_failed(db):
    task = running_task("w1", started=timezone.now())
    worker, body = worker_with(ValueError("a bug"))

    with mock.patch.object(DBTaskResult, "task", new_callable=mock.PropertyMock, return_value=body):
        worker.run_task(task)

    task.refresh_from_db()
    assert task.status == "FAILED"


def test_a_task_failing_on_the_database_every_time_ends_as_failed(db, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    task = running_task("w1", "w2", "w3", started=timezone.now())
    worker, body = worker_with(OperationalError("the server closed the connection"))

    with mock.patch.object(DBTaskResult, "task", new_callable=mock.PropertyMock, return_value=body):
        worker.run_task(task)

    task.refresh_from_db()
    assert task.status == "FAILED"


# Recovering tasks whose worker is gone ------------------------------------------------


def running_task(*worker_ids, started):
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="internships.tasks.expire_offers",
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        started_at=started,
        worker_ids=list(worker_ids),
    )


@pytest.fixture
def long_ago(settings):
    return timezone.now() - timedelta(seconds=2 * settings.TASK_LEASE)


def test_a_task_of_a_worker_that_stopped_beating_is_queued_again(db, long_ago):
    task = running_task("dead", started=long_ago)
    WorkerHeartbeat.objects.create(worker_id="dead", beat_at=long_ago, task_id=str(task.id))

    assert jobs.recover_tasks() == 1

    task.refresh_from_db()
    assert task.status == "READY"
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_a_task_its_live_worker_still_runs_is_left_alone(db, long_ago):
    task = running_task("alive", started=long_ago)
    jobs.beat("alive", task_id=str(task.id))

    assert jobs.recover_tasks() == 0
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_task_its_live_worker_dropped_in_an_outage_is_queued_again(db, long_ago):
    running_task("alive", started=long_ago)
    jobs.beat("alive", task_id="")

    assert jobs.recover_tasks() == 1


def test_a_task_started_within_the_lease_is_left_alone(db):
    running_task("unknown", started=timezone.now())

    assert jobs.recover_tasks() == 0


def test_a_task_that_keeps_killing_its_worker_ends_as_failed(db, long_ago, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    task = running_task("a", "b", "c", started=long_ago)

    assert jobs.recover_tasks() == 0

    task.refresh_from_db()
    assert task.status == "FAILED"
    assert "stopped 3 times" in task.traceback


def test_a_worker_that_stops_cleanly_leaves_no_heartbeat(db):
    jobs.beat("w1")
    jobs.beat("w1", task_id="x")

    assert WorkerHeartbeat.objects.get().task_id == "x"
    jobs.forget("w1")
    assert not WorkerHeartbeat.objects.exists()


# The schedule ----------------------------------------------------------------------------


def at(hour, minute=0, day=10):
    return datetime(2027, 3, day, hour, minute, tzinfo=BUCHAREST)


class FakeTask:
    def __init__(self, name, calls, error=None):
        self.name, self.calls, self.error = name, calls, error

    def enqueue(self):
        if self.error:
            raise self.error
        self.calls.append(self.name)


@pytest.fixture
def queued():
    return []


def schedule(calls, error=None):
    return [
        jobs.Scheduled("expire_offers", FakeTask("expire", calls, error), jobs.start_of_hour),
        jobs.Scheduled("start_internships", FakeTask("start", calls), jobs.start_of_day),
    ]


def test_the_schedule_names_the_periodic_commands():
    assert [(e.name, e.task.name) for e in jobs.SCHEDULE] == [
        ("expire_offers", "expire_offers"),
        ("start_internships", "start_due_internships"),
        ("sign_agreements", "sign_confirmed_agreements"),
        ("send_digests", "send_digests"),
        ("close_placements", "close_placements_past_deadline"),
        ("send_reminders", "send_daily_reminders"),
        ("round_phase_notices", "tell_phases_started"),
        ("apply_retention", "apply_retention"),
        ("sweep_webhooks", "sweep_webhooks"),
    ]


def test_each_task_is_queued_once_per_period_however_many_schedulers(db, queued):
    plan = schedule(queued)

    assert jobs.run_due(at(9, 5), plan) == ["expire_offers", "start_internships"]
    assert jobs.run_due(at(9, 5), plan) == []  # a second scheduler, at the same moment
    assert jobs.run_due(at(9, 59), plan) == []
    assert jobs.run_due(at(10, 0), plan) == ["expire_offers"]
    assert jobs.run_due(at(0, 1, day=11), plan) == ["expire_offers", "start_internships"]
    assert queued == ["expire", "start", "expire", "expire", "start"]


def test_a_task_that_cannot_be_queued_is_tried_on_the_next_tick(db, queued):
    assert jobs.run_due(at(9), schedule(queued, RuntimeError("no"))) == ["start_internships"]

    assert ScheduledRun.objects.get(name="expire_offers").last_error == "no"
    assert jobs.run_due(at(9, 1), schedule(queued)) == ["expire_offers"]


def test_an_entry_whose_period_cannot_be_worked_out_is_skipped_and_the_others_run(db, queued):
    def hour_24(now):
        return now.replace(hour=24)

    plan = [
        jobs.Scheduled("send_reminders", FakeTask("remind", queued), hour_24),
        *schedule(queued),
    ]

    assert jobs.run_due(at(9), plan) == ["expire_offers", "start_internships"]
    assert "hour must be in 0..23" in ScheduledRun.objects.get(name="send_reminders").last_error


def test_the_scheduler_outlives_a_database_outage(db):
    run_due = failing(2)

    with (
        mock.patch.object(jobs, "run_due", lambda: run_due() and []),
        mock.patch("threading.Event.wait", return_value=False) as wait,
        # Closing the connection would end the test's own transaction (PostgreSQL); the
        # transactional test below closes it for real.
        mock.patch("core.worker.db.connections.close_all"),
    ):
        call_command("run_scheduler", "--once")

    assert len(run_due.calls) == 3
    assert [c.args[0] for c in wait.call_args_list] == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_during_an_outage_runs_when_the_database_returns(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = expire_offers.enqueue()
    real = DBTaskResultQuerySet.get_locked
    outage = failing(3)

    def get_locked(self):
        if len(outage.calls) < 3:
            outage()
        return real(self)

    with (
        mock.patch.object(DBTaskResultQuerySet, "get_locked", get_locked),
        mock.patch.object(run_worker.Heartbeat, "start"),
        mock.patch.object(run_worker.Heartbeat, "join"),
        mock.patch("core.worker.time.sleep") as sleep,
    ):
        call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "w1")

    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert [c.args[0] for c in sleep.call_args_list] == [1, 2, 4]
    assert not WorkerHeartbeat.objects.exists()
