"""`manage.py run_scheduler`: the periodic tasks, instead of cron. The tasks of
documents.jobs.SCHEDULE: every hour expire_offers, sign_agreements and send_digests; every
day start_internships and close_placements, and send_reminders at REMINDERS_HOUR. Each is
queued once per period however many schedulers run; it also runs the recovery of stalled
jobs. It outlives a database outage as the worker does."""

import signal
import threading

from django.core.management.base import BaseCommand

from core.worker import outlive_outages
from documents import jobs


class Command(BaseCommand):
    help = (
        "Queue the periodic tasks of documents.jobs.SCHEDULE when due (expire_offers, "
        "sign_agreements and send_digests hourly; start_internships and close_placements "
        "daily; send_reminders daily at REMINDERS_HOUR) and recover stalled jobs; runs until "
        "stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=30,
            help="Seconds between two looks at the schedule (default: 30).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Look once, queue what is due, and exit."
        )

    def handle(self, *args, interval=30, once=False, **options):
        stopped = threading.Event()
        for name in ("SIGINT", "SIGTERM"):
            signal.signal(getattr(signal, name), lambda *_: stopped.set())

        def step() -> bool:
            for name in jobs.run_due():
                self.stdout.write(f"Queued {name}.")
            jobs.recover()
            return once or stopped.wait(interval)

        def pause(seconds: float) -> None:
            if stopped.wait(seconds):
                raise SystemExit(0)

        outlive_outages(step, name="scheduler", sleep=pause)
