"""Deliver the mail outbox: once, or (--loop) for as long as the process runs.

The background job `deliver_mail` sends new mail right after each commit; this command is
the process that sends what comes due later (the retries after a mail server outage), and
all of it where no worker runs. It outlives a database outage: a round that fails is
logged, and the next one is tried after the interval.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from notifications.delivery import deliver_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Deliver the queued e-mails that are due (with --loop: every few seconds, forever)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep delivering until stopped")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="seconds between rounds (default 5)"
        )

    def handle(self, *args, loop: bool, interval: float, **options):
        if not loop:
            result = deliver_due()
            self.stdout.write(
                f"{result.sent} sent, {result.retried} to retry, {result.failed} failed"
            )
            return
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        logger.info("Delivering mail every %s s", interval)
        while not stopping:
            close_old_connections()
            try:
                result = deliver_due()
            except Exception:  # the database gone, say: try again next round
                logger.exception("Mail round failed; trying again in %s s", interval)
                result = None
            # Straight on only after a full batch sent: more may be waiting. After a failure
            # the server is given the interval to come back.
            if result is None or result.sent < settings.MAIL_BATCH_SIZE or result.retried:
                time.sleep(interval)
