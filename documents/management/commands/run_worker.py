"""`manage.py run_worker`: django-tasks-db's worker, made to outlive its failures.

The same options as `db_worker`. On top of it: a database outage (a restart, a stop of any
length) no longer ends the process, it waits with a backoff and carries on; a heartbeat
thread records that the worker lives and which task it runs; and every few seconds it runs
again the tasks and certificate batches whose worker died (documents.jobs.recover)."""

import logging
import threading

from django import db
from django.conf import settings
from django_tasks_db.management.commands import db_worker

from core.worker import outlive_outages
from documents import jobs

logger = logging.getLogger("practica.worker")


class Worker(db_worker.Worker):
    """Remembers the task it runs, for the heartbeat to tell."""

    current_task_id = ""

    def run_task(self, db_task_result) -> None:
        self.current_task_id = str(db_task_result.id)
        try:
            jobs.beat(self.worker_id, task_id=self.current_task_id)
            super().run_task(db_task_result)
            jobs.retry_if_transient(db_task_result)
        finally:
            self.current_task_id = ""


class Heartbeat(threading.Thread):
    """Beats every `every` seconds and runs the recovery; a database error is logged and
    tried again on the next beat (this thread has its own connection)."""

    def __init__(self, worker: Worker, every: float):
        super().__init__(name="heartbeat", daemon=True)
        self.worker = worker
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while True:
                try:
                    jobs.beat(self.worker.worker_id, task_id=self.worker.current_task_id)
                    jobs.recover()
                except Exception as error:  # noqa: BLE001 - the next beat tries again
                    logger.warning("heartbeat: %s", str(error).strip() or type(error).__name__)
                    db.connections.close_all()
                if self.stopped.wait(self.every):
                    return
        finally:
            db.connections.close_all()


class Command(db_worker.Command):
    help = (
        "Run the task worker: it outlives database outages, records a heartbeat, and runs "
        "again the tasks and certificate batches whose worker died."
    )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        every = max(0.2, min(10.0, settings.TASK_LEASE / 3))
        heartbeat = Heartbeat(worker, every)
        heartbeat.start()

        def step() -> bool:
            worker.run()  # returns only in --batch or --max-tasks mode, or on a signal
            return True

        try:
            outlive_outages(step, name=f"worker {worker_id}")
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
            try:
                jobs.forget(worker_id)
            except db.Error:
                pass  # the database is down: the heartbeat goes stale on its own
            db.connections.close_all()
