"""Sending the day's reminders, each once.

For each rule: its candidates minus the reminders already sent (read for the candidates'
subjects only, one query per SENT_CHUNK of them), then, in one
transaction per batch of REMINDER_BATCH_SIZE, the Reminder rows, their notifications and
(after the commit) their e-mails. A run killed halfway leaves whole batches only, and the
next run sends the rest. Two runs at once: on PostgreSQL each batch takes the rule's
advisory lock (a run that finds it taken leaves the rule to the other); everywhere, the
unique constraint of Reminder refuses a second row, the batch is rolled back with its
notifications, and it is tried again without what the other run sent. Nobody gets a
reminder twice. A rule that fails does not stop the others: the run ends with its error,
so that the task shows as failed (and a passing database error is tried again, which is
safe: what was sent is not sent twice).
"""

import logging
import time
import zlib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from notifications.services import notify_many

from .models import Reminder
from .rules import RULES, Candidate, Rule

logger = logging.getLogger("practica.reminders")
ATTEMPTS = 5
SENT_CHUNK = 1000


@dataclass
class RuleReport:
    candidates: int = 0  # due today and not sent before this run
    sent: int = 0
    busy: bool = False  # another run held the rule: it sends them
    seconds: float = 0.0


@dataclass
class Report:
    today: date
    rules: dict[str, RuleReport] = field(default_factory=dict)
    reminder_ids: list[int] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(report.sent for report in self.rules.values())

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "sent": self.sent,
            "rules": {name: report.sent for name, report in self.rules.items()},
        }


class Busy(Exception):
    """Another run holds the rule's lock."""


def _key(candidate: Candidate, types) -> tuple:
    return (
        candidate.recipient_id,
        types[candidate.subject_type].pk,
        candidate.subject_id,
        candidate.threshold,
    )


def _sent_keys(rule: Rule, **filters) -> set[tuple]:
    return set(
        Reminder.objects.filter(rule=rule.name, **filters).values_list(
            "recipient_id", "content_type_id", "object_id", "threshold"
        )
    )


def _sent_for(rule: Rule, candidates: list[Candidate]) -> set[tuple]:
    """The reminders the rule already sent about the candidates' subjects: never every
    reminder ever sent, which grows year after year. One query per SENT_CHUNK subjects."""
    subjects = sorted({candidate.subject_id for candidate in candidates})
    sent: set[tuple] = set()
    for start in range(0, len(subjects), SENT_CHUNK):
        sent |= _sent_keys(rule, object_id__in=subjects[start : start + SENT_CHUNK])
    return sent


def _types(candidates) -> dict:
    models = {candidate.subject_type for candidate in candidates}
    return ContentType.objects.get_for_models(*models) if models else {}


def pending(rule: Rule, today: date) -> tuple[list[Candidate], dict]:
    """The rule's candidates today not sent yet (each once), and their content types."""
    candidates = list(rule.candidates(today))
    types = _types(candidates)
    sent = _sent_for(rule, candidates)
    unsent, seen = [], set()
    for candidate in candidates:
        key = _key(candidate, types)
        if key not in sent and key not in seen:
            seen.add(key)
            unsent.append(candidate)
    return unsent, types


def preview(today: date | None = None) -> dict[Rule, list[Candidate]]:
    """What the daily run would send today, rule by rule (a dry run: nothing is written)."""
    today = today or timezone.localdate()
    return {rule: pending(rule, today)[0] for rule in RULES.values()}


def _lock(rule: Rule) -> bool:
    """The rule's advisory lock on PostgreSQL, for this transaction (elsewhere: always)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        # One 64-bit key: the number in the high half, the rule's name in the low.
        key = (15 << 32) | zlib.crc32(rule.name.encode())
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        return bool(cursor.fetchone()[0])


def _send_batch(rule: Rule, batch: list[Candidate], types, today: date) -> list[int]:
    with transaction.atomic():
        if not _lock(rule):
            raise Busy
        notifications = notify_many(
            (candidate.recipient_id, rule.kind_of(candidate), candidate.params, candidate.url)
            for candidate in batch
        )
        # notify_many keeps the order and leaves out inactive accounts only.
        told = iter(notifications)
        notification = next(told, None)
        rows = []
        for candidate in batch:
            mine = notification is not None and notification.recipient_id == candidate.recipient_id
            rows.append(
                Reminder(
                    rule=rule.name,
                    threshold=candidate.threshold,
                    recipient_id=candidate.recipient_id,
                    content_type_id=types[candidate.subject_type].pk,
                    object_id=candidate.subject_id,
                    due_on=candidate.due_on,
                    sent_on=today,
                    notification=notification if mine else None,
                )
            )
            if mine:
                notification = next(told, None)
        return [reminder.pk for reminder in Reminder.objects.bulk_create(rows)]


def send_rule(rule: Rule, today: date) -> tuple[RuleReport, list[int]]:
    """Send one rule's reminders due today, batch by batch. On SQLite, a table another run
    holds locked (a shared-cache database answers at once instead of waiting) sends the rule
    again a moment later: what the other run sent is then left out."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _send_rule(rule, today)
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error) or attempt == ATTEMPTS:
                raise
            time.sleep(0.1 * attempt)
    raise AssertionError("unreachable")


def _send_rule(rule: Rule, today: date) -> tuple[RuleReport, list[int]]:
    started = time.perf_counter()
    unsent, types = pending(rule, today)
    report = RuleReport(candidates=len(unsent))
    ids: list[int] = []
    size = settings.REMINDER_BATCH_SIZE
    for start in range(0, len(unsent), size):
        batch = unsent[start : start + size]
        for attempt in range(1, ATTEMPTS + 1):
            try:
                made = _send_batch(rule, batch, types, today)
            except Busy:
                report.busy = True
                logger.info("Reminders %s: another run is sending them", rule.name)
                report.seconds = time.perf_counter() - started
                return report, ids
            except IntegrityError:
                # Another run sent some of them first: send the others.
                if attempt == ATTEMPTS:
                    raise
                sent = _sent_keys(rule, recipient_id__in={c.recipient_id for c in batch})
                batch = [c for c in batch if _key(c, types) not in sent]
                if not batch:
                    break
                continue
            ids.extend(made)
            report.sent += len(made)
            break
    report.seconds = time.perf_counter() - started
    return report, ids


def send_reminders(today: date | None = None) -> Report:
    """Every rule's reminders due `today` (default: today), each once ever. A rule that fails
    is logged and the others are sent; then the first error is raised again."""
    today = today or timezone.localdate()
    report = Report(today=today)
    failed: list[Exception] = []
    for rule in RULES.values():
        try:
            report.rules[rule.name], ids = send_rule(rule, today)
        except Exception as error:
            logger.exception("Reminders %s failed", rule.name)
            failed.append(error)
            continue
        report.reminder_ids.extend(ids)
    logger.info("Reminders of %s: %s sent", today, report.sent)
    if failed:
        raise failed[0]
    return report
