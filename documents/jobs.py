"""Keeping background jobs alive: the heartbeat of each worker, the recovery of tasks and
certificate batches whose worker is gone, and the schedule of the periodic commands.

`manage.py run_worker` beats and recovers; `manage.py run_scheduler` runs the schedule.
Every task is safe to run twice (each one says so), which is what makes running again a
task whose worker vanished the right answer."""

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.worker import DATABASE_OUTAGE, backoff
from internships import tasks as internship_tasks
from mentors import tasks as mentor_tasks
from notifications import tasks as notification_tasks

from .models import IssueJob, ScheduledRun, WorkerHeartbeat
from .tasks import enqueue_issue_job, sign_confirmed_agreements

logger = logging.getLogger("practica.worker")


# Heartbeats ------------------------------------------------------------------------------


def beat(worker_id: str, *, task_id: str | None = None) -> None:
    """The worker is alive (and runs `task_id`, when given; "" when idle)."""
    values = {"beat_at": timezone.now()}
    if task_id is not None:
        values["task_id"] = task_id
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**values):
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults=values,
            create_defaults={**values, "host": socket.gethostname()[:255], "pid": os.getpid()},
        )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly leaves no heartbeat behind."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


# Recovery --------------------------------------------------------------------------------


def recover_tasks(now: datetime | None = None) -> int:
    """Tasks left "running" by a worker that stopped beating, or that its live worker no
    longer runs (it lost them in a database outage), go back to the queue. One that lost
    its worker JOB_MAX_ATTEMPTS times (it kills the worker, say) ends as failed."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.TASK_LEASE)
    busy = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=stale)
        .exclude(task_id="")
        .values_list("task_id", flat=True)
    )
    recovered = 0
    for task in DBTaskResult.objects.running().filter(started_at__lt=stale):
        if str(task.id) in busy:
            continue
        unchanged = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= settings.JOB_MAX_ATTEMPTS:
            unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="practica.WorkerLost",
                traceback=f"Its worker stopped {len(task.worker_ids)} times while running it.",
            )
            logger.error("Task %s (%s) failed: its worker kept dying", task.pk, task.task_path)
            continue
        if unchanged.update(status=TaskResultStatus.READY, run_after=now):
            recovered += 1
            logger.warning("Task %s (%s) lost its worker: queued again", task.pk, task.task_path)
    return recovered


TRANSIENT_ERRORS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_OUTAGE}


def retry_if_transient(task: DBTaskResult, now: datetime | None = None) -> bool:
    """A task that failed on a passing database error (a lock held too long, a restart) goes
    back to the queue after a backoff, instead of ending as failed: the e-mail it was to
    queue is not lost. It is run JOB_MAX_ATTEMPTS times at most (each run is a claim by a
    worker); every task is safe to run twice."""
    if task.status != TaskResultStatus.FAILED or task.exception_class_path not in TRANSIENT_ERRORS:
        return False
    attempts = len(task.worker_ids)
    if attempts >= settings.JOB_MAX_ATTEMPTS:
        return False
    now = now or timezone.now()
    delay = backoff(attempts, base=settings.JOB_RETRY_DELAY, cap=300)
    try:
        again = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=now + timedelta(seconds=delay),
            finished_at=None,
        )
    except DATABASE_OUTAGE:
        logger.exception("Task %s (%s) could not be queued again", task.pk, task.task_path)
        return False
    if again:
        logger.warning(
            "Task %s (%s) failed on a passing error (%s): tried again in %.0f s",
            task.pk, task.task_path, task.exception_class_path, delay,
        )  # fmt: skip
    return bool(again)


def stalled_issue_jobs(now: datetime | None = None):
    """Open batches that no worker has touched within the lease, and are not waiting for a
    retry: their worker is gone (or their task was never delivered)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.ISSUE_JOB_LEASE)
    return IssueJob.objects.filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at=None, created_at__lt=stale),
        Q(retry_at=None) | Q(retry_at__lt=stale),
        status__in=(IssueJob.Status.QUEUED, IssueJob.Status.RUNNING),
    ).exclude(pk__in=_batches_waiting_in_the_queue())


BATCH_TASK = "documents.tasks.issue_period_certificates"


def _batches_waiting_in_the_queue() -> set[int]:
    """Batches whose task waits for a free worker: not stalled, only queued behind others
    (handing them out again would only add tasks that find nothing to do)."""
    waiting = DBTaskResult.objects.filter(task_path=BATCH_TASK, status=TaskResultStatus.READY)
    return {
        arguments["args"][0]
        for arguments in waiting.values_list("args_kwargs", flat=True)
        if arguments and arguments.get("args")
    }


def recover_issue_jobs(now: datetime | None = None) -> int:
    """Stalled certificate batches are handed to a worker again, which takes up each where
    it stopped. One whose worker died JOB_MAX_ATTEMPTS times ends as failed, with the reason."""
    now = now or timezone.now()
    recovered = 0
    for job in stalled_issue_jobs(now):
        with transaction.atomic():
            job = stalled_issue_jobs(now).select_for_update().filter(pk=job.pk).first()
            if job is None:
                continue
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                job.status = IssueJob.Status.FAILED
                job.error = ngettext(
                    "Its worker stopped %(count)s time before it finished.",
                    "Its worker stopped %(count)s times before it finished.",
                    job.attempts,
                ) % {"count": job.attempts}
                job.finished_at = now
                job.save(update_fields=["status", "error", "finished_at"])
                continue
            # The heartbeat moves so that the job is not handed out again before the lease
            # has passed once more; whichever worker claims it first runs it.
            job.status = IssueJob.Status.QUEUED
            job.heartbeat_at = now
            job.save(update_fields=["status", "heartbeat_at"])
            transaction.on_commit(lambda pk=job.pk: enqueue_issue_job(pk))
            recovered += 1
            logger.warning("Certificate batch %s lost its worker: queued again", job.pk)
    return recovered


def recover(now: datetime | None = None) -> int:
    """Every recovery at once: what the worker runs every few seconds."""
    return recover_tasks(now) + recover_issue_jobs(now)


# The schedule ----------------------------------------------------------------------------


def start_of_hour(now: datetime) -> datetime:
    return timezone.localtime(now).replace(minute=0, second=0, microsecond=0)


def start_of_day(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Scheduled:
    """A task run once per period (an hour, a day) by whichever scheduler gets there first."""

    name: str
    task: object  # a django-tasks Task
    period_start: Callable[[datetime], datetime]


SCHEDULE = [
    Scheduled("expire_offers", internship_tasks.expire_offers, start_of_hour),
    Scheduled("start_internships", mentor_tasks.start_due_internships, start_of_day),
    Scheduled("sign_agreements", sign_confirmed_agreements, start_of_hour),
    # Hourly; each person's digest goes once a day, from DIGEST_HOUR (notifications.digests).
    Scheduled("send_digests", notification_tasks.send_digests, start_of_hour),
    Scheduled("close_placements", internship_tasks.close_placements_past_deadline, start_of_day),
]


def run_due(now: datetime | None = None, schedule=None) -> list[str]:
    """Queue each scheduled task not yet run in the current period. Taking the period is
    one conditional UPDATE in the transaction that queues the task (the queue is a table
    of the same database), so two schedulers queue it once, and a scheduler that dies
    between the two leaves neither. A task that cannot be queued (or whose period cannot be
    worked out: a wrong hour in the settings) is tried on the next tick; the others run."""
    now = now or timezone.now()
    queued = []
    for entry in SCHEDULE if schedule is None else schedule:
        ScheduledRun.objects.get_or_create(name=entry.name)
        try:
            since = entry.period_start(now)
            with transaction.atomic():
                taken = ScheduledRun.objects.filter(
                    Q(last_run_at=None) | Q(last_run_at__lt=since), name=entry.name
                ).update(last_run_at=now, last_error="")
                if taken:
                    entry.task.enqueue()
                    queued.append(entry.name)
        except DATABASE_OUTAGE:
            raise
        except Exception as error:
            logger.exception("Scheduled task %s could not be queued", entry.name)
            ScheduledRun.objects.filter(name=entry.name).update(last_error=str(error)[:2000])
    return queued
