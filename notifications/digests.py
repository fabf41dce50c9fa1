"""The digest: one e-mail a person gets, daily or weekly, listing the notifications that
waited for it (the groups they chose to read that way).

People are taken a batch at a time, each batch in one transaction that locks its
notifications, records each person's `Digest` of the day, marks the notifications e-mailed
and queues the e-mails in the outbox (one post-office Email per person, created in one
bulk insert). So a second run the same day, or one running at the same time, sends
nothing more: the day's Digest exists (a unique constraint), and the notifications are
marked; a run that dies leaves its batch as it was, for the next run to send. A batch costs
the same few queries whatever the number of people in it.

Each person's choices are read again with their notifications locked: a group taken out of
the digest since (or while the e-mail job filed a notification under the choices it had
read) sends its notifications where the person now wants them, e-mailed at once or kept in
the app, never in the digest.

Apps above notifications add sections of their own to the digest (`register_section`):
internships lists the new placements matching a student's saved searches. A section says
who has something for a day's digest (`due`), and gathers it for a batch of people in the
batch's transaction (`collect`, which records what it gathered as sent, so a rolled-back
batch gathers it again), then writes each person's part in their language (`render`). A
section belongs to a group of the notification choices (kinds.GROUPS): only the people who
send that group to their digest are due for it or get it, so the digest's unsubscribe
link, which takes every group out of the digest, stops the sections too.
"""

from collections.abc import Callable, Sized
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import emails
from .choices import DEFAULT, choices_for, in_digest
from .kinds import DIGEST, IMMEDIATE, IN_APP
from .models import Digest, Notification, NotificationSettings

BATCH = 200  # people a transaction
SHOWN = 50  # notifications listed in one digest; the rest are counted


@dataclass(frozen=True)
class Section:
    """A part of the digest another app writes."""

    # today -> the ids of the people (a queryset of values) with something for the digest.
    due: Callable
    # (people, today) -> {person's id: what to list}; its len() counts the things listed.
    collect: Callable[[list, date], dict[int, Sized]]
    # What collect gave one person -> the lines of their digest, in the active language.
    render: Callable[[Sized], list[str]]
    # The group of the notification choices (kinds.GROUPS) that turns the section on or off
    # (None: everyone whose digest goes out has it).
    group: str | None = None


SECTIONS: dict[str, Section] = {}


def register_section(
    name: str, *, due: Callable, collect: Callable, render: Callable, group: str | None = None
) -> None:
    """Add a section to the digest of everyone who sends `group` to it (registered once per
    name, by the app's ready())."""
    SECTIONS[name] = Section(due=due, collect=collect, render=render, group=group)


def waiting() -> Q:
    """Notifications waiting for a digest: unread ones (what was read in the app is not
    waiting any more; the digest never marks anything read)."""
    return Q(delivery=DIGEST, emailed_at=None, read_at=None)


def _due_people(today: date, after: int):
    """Active people, after the pk `after`, whose digest goes out today, who have not had
    today's, and who have notifications waiting for it."""
    User = get_user_model()
    weekly = NotificationSettings.Digest.WEEKLY
    return (
        User.objects.filter(is_active=True, pk__gt=after)
        .filter(
            ~Q(notification_settings__digest=weekly)
            | Q(notification_settings__digest_weekday=today.weekday())
        )
        .filter(
            Q(Exists(Notification.objects.filter(waiting(), recipient=OuterRef("pk"))))
            | _due_for_sections(today)
        )
        .exclude(Exists(Digest.objects.filter(user=OuterRef("pk"), on=today)))
        .only("pk", "email", "language", "first_name", "last_name")
        .order_by("pk")
    )


def _due_for_sections(today: date) -> Q:
    due = Q(pk__in=[])
    for section in SECTIONS.values():
        people = Q(pk__in=section.due(today))
        due |= people & in_digest(section.group) if section.group else people
    return due


def send_digests(*, today: date | str | None = None, now=None) -> int:
    """Send the day's digests; the number sent. Without `today`, nothing before
    DIGEST_HOUR (local time)."""
    if today is None:
        local = timezone.localtime(now)
        if local.hour < settings.DIGEST_HOUR:
            return 0
        today = local.date()
    elif isinstance(today, str):
        today = date.fromisoformat(today)
    sent, after = 0, 0
    while True:
        try:
            with transaction.atomic():
                people = list(_due_people(today, after)[:BATCH])
                if not people:
                    return sent
                after = people[-1].pk
                sent += _send_batch(people, today)
        except IntegrityError:
            # Another run made some of these digests meanwhile: it sent them; go on.
            continue


def _send_batch(people, today: date) -> int:
    waiting_of: dict[int, list[Notification]] = {person.pk: [] for person in people}
    # Locked, so that a run at the same time waits, then finds them e-mailed.
    rows = (
        Notification.objects.select_for_update()
        .filter(waiting(), recipient_id__in=waiting_of)
        .order_by("recipient_id", "created_at", "pk")
    )
    for notification in rows:
        waiting_of[notification.recipient_id].append(notification)
    choices = choices_for(waiting_of)
    gathered = [
        (section, section.collect(_reading(people, choices, section.group), today))
        for section in SECTIONS.values()
    ]
    digests, messages, ids, at_once, in_app = [], [], [], [], []
    for person in people:
        listed = []
        for notification in waiting_of[person.pk]:
            channel = choices.get(person.pk, DEFAULT).channel_for(notification.kind)
            if channel == DIGEST:
                listed.append(notification)
            elif channel == IMMEDIATE:
                notification.recipient = person
                with translation.override(person.reads):
                    messages.append(emails.notification_message(notification, notification.text))
                at_once.append(notification.pk)
            else:
                in_app.append(notification.pk)
        added = [(section, got[person.pk]) for section, got in gathered if got.get(person.pk)]
        if not listed and not added:
            continue  # taken by a run at the same time, or moved out of the digest
        with translation.override(person.reads):
            messages.append(_message(person, listed, added))
        count = len(listed) + sum(len(payload) for _section, payload in added)
        digests.append(Digest(user=person, on=today, count=count))
        ids.extend(notification.pk for notification in listed)
    now = timezone.now()
    if in_app:
        Notification.objects.filter(pk__in=in_app).update(delivery=IN_APP)
    if at_once:
        Notification.objects.filter(pk__in=at_once).update(emailed_at=now, delivery=IMMEDIATE)
    if digests:
        Digest.objects.bulk_create(digests)
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    if messages:
        get_connection().send_messages(messages)  # the outbox: one insert for all of them
    return len(digests)


def _reading(people, choices, group: str | None) -> list:
    """Those of `people` who send `group` to their digest, as their choices say now."""
    if group is None:
        return people
    return [p for p in people if choices.get(p.pk, DEFAULT).channel_of(group) == DIGEST]


def _message(person, notifications, added=()):
    """One person's digest, in the active language (theirs); `added`: (section, what it
    gathered for them) of the sections with something for them."""
    count = len(notifications) + sum(len(payload) for _section, payload in added)
    lines = [
        ngettext(
            "%(count)d thing waiting for you in Practica:",
            "%(count)d things waiting for you in Practica:",
            count,
        )
        % {"count": count},
        "",
    ]
    for notification in notifications[:SHOWN]:
        lines.append(f"• {notification.text}")
        if notification.url:
            lines.append(f"  {emails.absolute(notification.url)}")
    if len(notifications) > SHOWN:
        lines.append(
            ngettext("… and %(count)d more.", "… and %(count)d more.", len(notifications) - SHOWN)
            % {"count": len(notifications) - SHOWN}
        )
    for section, payload in added:
        if lines[-1] != "":
            lines.append("")
        lines += section.render(payload)
    lines += [
        "",
        _("All your notifications: %(url)s") % {"url": emails.absolute(reverse("notifications"))},
    ]
    return emails.message(
        to=person.email,
        subject=ngettext(
            "Practica: %(count)d thing waiting", "Practica: %(count)d things waiting", count
        )
        % {"count": count},
        body="\n".join(lines),
        unsubscribe=emails.unsubscribe_url(person.pk, emails.DIGEST_GROUP),
        group=emails.DIGEST_GROUP,
    )
