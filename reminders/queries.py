"""The read side of reminders: what the staff preview page shows."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from documents.models import ScheduledRun
from notifications.kinds import render_text

from . import services
from .apps import start_of_reminder_day
from .models import Reminder
from .rules import RULES, Candidate, Rule

SHOWN = 50
PREVIEW_SECONDS = 60


@dataclass
class Due:
    """One rule's reminders to be sent today: how many, and the first SHOWN of them."""

    rule: Rule
    count: int
    shown: list  # (recipient, text, url)


def due_today(today=None) -> list[Due]:
    """The dry run of every rule: a fixed number of queries per rule, and one for the names
    of the people shown."""
    preview = services.preview(today)
    ids = {c.recipient_id for candidates in preview.values() for c in candidates[:SHOWN]}
    people = User.objects.in_bulk(ids)

    def line(rule: Rule, candidate: Candidate):
        return (
            people.get(candidate.recipient_id),
            render_text(rule.kind_of(candidate), candidate.params),
            (candidate.url),
        )

    return [
        Due(rule, len(candidates), [line(rule, c) for c in candidates[:SHOWN]])
        for rule, candidates in preview.items()
    ]


@dataclass
class Preview:
    as_of: datetime
    due: list[Due]


def preview_key(today) -> str:
    return f"reminders:preview:{today.isoformat()}:{get_language()}"


def due_today_cached() -> Preview:
    """due_today as of at most PREVIEW_SECONDS ago: the dry run costs as much as the daily
    run, and a page opened again and again should not run it each time. Kept per day and
    per language (its texts are in the reader's)."""
    today = timezone.localdate()
    key = preview_key(today)
    cached = cache.get(key)
    # The age is checked here too, by our clock: the cache's own expiry (Redis's clock) is
    # a bound on memory, not on freshness.
    if cached is None or timezone.now() - cached[0] >= timedelta(seconds=PREVIEW_SECONDS):
        due = due_today(today)
        # Plain values in the cache; the rules are found again by name.
        cached = (timezone.now(), [(item.rule.name, item.count, item.shown) for item in due])
        cache.set(key, cached, PREVIEW_SECONDS)
    as_of, due = cached
    return Preview(as_of, [Due(RULES[name], count, shown) for name, count, shown in due])


def with_rule_labels(reminders):
    """Each reminder with the label of its rule (shown where it has no notification)."""
    for reminder in reminders:
        rule = RULES.get(reminder.rule)
        reminder.rule_label = rule.label if rule else reminder.rule
    return reminders


def next_run(now: datetime | None = None) -> datetime:
    """When the scheduler next sends the day's reminders (at REMINDERS_HOUR, local time)."""
    now = now or timezone.now()
    return start_of_reminder_day(now) + timedelta(days=1)


def last_run() -> datetime | None:
    return (
        ScheduledRun.objects.filter(name="send_reminders")
        .values_list("last_run_at", flat=True)
        .first()
    )


def sent_reminders(*, rule: str = "", sent_on=None) -> QuerySet[Reminder]:
    reminders = Reminder.objects.select_related("recipient", "notification").order_by(
        "-sent_on", "-pk"
    )
    if rule:
        reminders = reminders.filter(rule=rule)
    if sent_on:
        reminders = reminders.filter(sent_on=sent_on)
    return reminders
