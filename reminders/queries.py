"""The read side of reminders: what the staff preview page shows."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from documents.models import ScheduledRun
from notifications.kinds import render_text

from . import services
from .apps import start_of_reminder_day
from .models import Reminder
from .rules import Candidate, Rule

SHOWN = 50


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
