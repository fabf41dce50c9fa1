"""The read side of reminders: what the staff preview page shows."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from accounts.faculties import faculty_scope, in_faculties, scope_key
from accounts.models import User
from documents.models import ScheduledRun
from internships.models import Internship
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


def _in_scope(candidates, internships: set[int] | None) -> list:
    """The candidates about the viewer's faculties' internships, and every one about
    anything else (placements and the moderation queues are shared by all faculties)."""
    if internships is None:
        return candidates
    return [
        c for c in candidates if c.subject_type is not Internship or c.subject_id in internships
    ]


def _internships_of(viewer) -> set[int] | None:
    if faculty_scope(viewer) is None:
        return None
    return set(in_faculties(Internship.objects.all(), viewer).values_list("pk", flat=True))


def due_today(today=None, *, viewer=None) -> list[Due]:
    """The dry run of every rule: a fixed number of queries per rule, and one for the names
    of the people shown; for staff of some faculties, the reminders about their faculties'
    internships and the shared ones (one more query)."""
    internships = _internships_of(viewer)
    preview = {
        rule: _in_scope(candidates, internships)
        for rule, candidates in services.preview(today).items()
    }
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


def preview_key(today, viewer=None) -> str:
    return f"reminders:preview:{today.isoformat()}:{get_language()}:{scope_key(viewer)}"


def due_today_cached(viewer=None) -> Preview:
    """due_today as of at most PREVIEW_SECONDS ago: the dry run costs as much as the daily
    run, and a page opened again and again should not run it each time. Kept per day and
    per language (its texts are in the reader's) and per faculties of the viewer."""
    today = timezone.localdate()
    key = preview_key(today, viewer)
    cached = cache.get(key)
    # The age is checked here too, by our clock: the cache's own expiry (Redis's clock) is
    # a bound on memory, not on freshness.
    if cached is None or timezone.now() - cached[0] >= timedelta(seconds=PREVIEW_SECONDS):
        due = due_today(today, viewer=viewer)
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


def sent_reminders(*, viewer=None, rule: str = "", sent_on=None) -> QuerySet[Reminder]:
    """The reminders sent, newest first: for staff of some faculties, those about their
    faculties' internships and the shared ones (about placements and the queues)."""
    reminders = Reminder.objects.select_related("recipient", "notification").order_by(
        "-sent_on", "-pk"
    )
    if faculty_scope(viewer) is not None:
        of_internships = ContentType.objects.get_for_model(Internship)
        theirs = in_faculties(Internship.objects.all(), viewer).values("pk")
        reminders = reminders.exclude(Q(content_type=of_internships) & ~Q(object_id__in=theirs))
    if rule:
        reminders = reminders.filter(rule=rule)
    if sent_on:
        reminders = reminders.filter(sent_on=sent_on)
    return reminders
