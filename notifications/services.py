"""Recording what happened, and telling the people it concerns."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import STATUS, Email

from accounts import services as accounts_services
from core.permissions import ensure
from core.services import ServiceError

from . import kinds, mail
from .choices import choices_of, to_turn_off
from .models import Access, Event, Notification, NotificationSettings
from .tasks import email_notification, email_notifications


def _event(subject, content_type, by, action, old, new, note, note_kind="", note_params=None):
    return Event(
        content_type=content_type,
        object_id=subject.pk,
        actor=by,
        action=action,
        from_status=old or "",
        to_status=new or "",
        note=note or "",
        note_kind=note_kind or "",
        note_params=_json_params(note_params),
    )


def _json_params(params) -> dict:
    """A note's parameters as JSON keeps them: numbers stay numbers, lists and mappings of
    codes stay as they are, anything else (a lazy text, a date) becomes its text."""
    kept = {}
    for key, value in (params or {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, str, list, dict)):
            value = str(value)
        kept[key] = value
    return kept


def record_event(
    subject,
    *,
    by,
    action: str,
    old: str = "",
    new: str = "",
    note: str = "",
    note_kind: str = "",
    note_params: dict | None = None,
):
    """Write one line of the subject's timeline: who, when, from, to and a note. A note the
    platform writes is a `note_kind` (notifications.notes) with its `note_params`, shown in
    the reader's language; `note` is what a person wrote."""
    event = _event(
        subject,
        ContentType.objects.get_for_model(subject),
        by,
        action,
        old,
        new,
        note,
        note_kind,
        note_params,
    )
    event.save()
    return event


def record_access(subject=None, *, by, kind: str, label: str = "", details: dict | None = None):
    """Write who opened which personal file (one INSERT): the record of what was read, beside
    the events' record of what was changed. It is kept however the file's object changes."""
    return Access.objects.create(
        user=by,
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
        label=str(label)[:300],
        details=_json_params(details),
    )


def record_events(lines) -> list:
    """Many lines at once, for changes made in bulk: (subject, by, action, old, new, note),
    optionally followed by the note's kind and parameters."""
    if not lines:
        return []
    types = ContentType.objects.get_for_models(*{type(line[0]) for line in lines})
    return Event.objects.bulk_create(
        [_event(line[0], types[type(line[0])], *line[1:]) for line in lines], batch_size=500
    )


def transition(
    obj,
    *,
    moves: dict,
    to: str,
    by,
    action: str,
    note: str = "",
    note_kind: str = "",
    note_params: dict | None = None,
    fields=(),
):
    """Move a workflow object's status along an allowed edge, and record it."""
    old = obj.status
    if to not in moves.get(old, ()):
        raise ServiceError(
            _("This cannot be done now: it is “%(status)s”.") % {"status": obj.get_status_display()}
        )
    obj.status = to
    obj.save(update_fields=["status", "updated_at", *fields])
    record_event(
        obj,
        by=by,
        action=action,
        old=old,
        new=to,
        note=note,
        note_kind=note_kind,
        note_params=note_params,
    )
    return obj


def notify(recipients, event: str, *, by=None, url: str = "", **params) -> None:
    """Queue a notification for each active recipient: in-app now, e-mail after the commit.
    A deactivated account is told nothing, and `by`, the person who acted, is never told
    about their own action (a tutor who is also the organisation's admin, say)."""
    params = {key: str(value) for key, value in params.items()}
    actor = getattr(by, "pk", None)
    for recipient in {r.pk: r for r in recipients if r.is_active and r.pk != actor}.values():
        notification = Notification.objects.create(
            recipient=recipient, kind=event, params=params, url=url
        )
        transaction.on_commit(lambda pk=notification.pk: email_notification.enqueue(pk))


def notify_many(entries) -> list[Notification]:
    """Many notifications at once, for jobs that tell many people (the reminders): entries
    are (recipient, kind, params, url), the recipient a user or a user's id. One insert,
    and one task after the commit e-mails them all as `notify` would, one by one. Inactive
    accounts are told nothing. A fixed number of queries, however many entries."""
    entries = list(entries)
    if not entries:
        return []
    ids = {getattr(recipient, "pk", recipient) for recipient, *_rest in entries}
    active = set(
        get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
    )
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=getattr(recipient, "pk", recipient),
                kind=kind,
                params={key: str(value) for key, value in params.items()},
                url=url,
            )
            for recipient, kind, params, url in entries
            if getattr(recipient, "pk", recipient) in active
        ]
    )
    made = [notification.pk for notification in notifications]
    transaction.on_commit(lambda: email_notifications.enqueue(made))
    return notifications


def mark_notifications_read(*, by, ids=None) -> int:
    """A person marks their own unread notifications read (only `ids`, when given)."""
    unread = Notification.objects.filter(recipient=by, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def retry_email(*, email: Email, by) -> Email:
    """Staff send a failed e-mail again, once the cause is mended (a mailbox that exists
    again, the server's settings): it goes back to the queue with its retries restored, and
    its earlier attempts stay in its log."""
    ensure(by, "notifications.manage_mail")
    email = Email.objects.select_for_update().get(pk=email.pk)
    if email.status != STATUS.failed:
        raise ServiceError(_("Only an e-mail that failed can be sent again."))
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.queued, number_of_retries=0, scheduled_time=None, last_updated=timezone.now()
    )
    record_event(
        email, by=by, action="email_retried", old="failed", new="queued", note=", ".join(email.to)
    )
    mail.kick_delivery()
    email.refresh_from_db()
    return email


def _stop_waiting(user, groups: dict[str, str]) -> None:
    """A group taken out of the digest takes its waiting notifications with it. Moved to
    the app only, they stay there and no digest is sent for them; moved to an e-mail at
    once, each unread one is e-mailed after the commit, as a new one would be (what was read
    in the app meanwhile is not waiting any more: it stays there)."""
    moved = {group: channel for group, channel in groups.items() if channel != kinds.DIGEST}
    names = [name for name, kind in kinds.KINDS.items() if kind.group in moved]
    if not names:
        return
    pending = Notification.objects.filter(
        recipient=user, delivery=kinds.DIGEST, emailed_at=None, kind__in=names
    )
    at_once = [name for name in names if moved[kinds.KINDS[name].group] == kinds.IMMEDIATE]
    # Locked, so that a digest sent meanwhile either lists them first or finds them gone.
    ids = list(
        pending.select_for_update()
        .filter(kind__in=at_once, read_at=None)
        .values_list("pk", flat=True)
    )
    if ids:
        Notification.objects.filter(pk__in=ids).update(delivery="")
        for pk in ids:
            transaction.on_commit(lambda pk=pk: email_notification.enqueue(pk))
    pending.update(delivery=kinds.IN_APP)


def _choices_note(old: dict, new: dict) -> str:
    """What changed, in codes (the record names no language): "offers: digest → in_app"."""
    return "; ".join(
        f"{key}: {old.get(key, '')} → {value}"
        for key, value in new.items()
        if old.get(key, "") != value
    )


@transaction.atomic
def save_choices(
    *,
    user,
    by,
    language: str,
    digest: str,
    digest_weekday: int,
    groups: dict[str, str],
) -> NotificationSettings:
    """A person chooses, for themselves only, the language they read, the rhythm of their
    digest and how each group of notifications reaches them. An unknown language, rhythm,
    day, group or channel changes nothing; a group of another role's is left as it was."""
    if by.pk != user.pk:
        raise PermissionDenied
    if digest not in NotificationSettings.Digest.values:
        raise ServiceError(_("Choose a daily or a weekly digest."))
    if not isinstance(digest_weekday, int) or not 0 <= digest_weekday <= 6:
        raise ServiceError(_("Choose a day of the week for the weekly digest."))
    if set(groups) - set(kinds.GROUPS):
        raise ServiceError(_("Choose among the groups of notifications shown."))
    if any(channel not in kinds.GROUPS[name].channels for name, channel in groups.items()):
        raise ServiceError(
            _("Choose how each group reaches you: at once, in the digest or in the app only.")
        )
    asked = kinds.groups_for(user.role)
    groups = {name: channel for name, channel in groups.items() if name in asked}
    accounts_services.set_language(by=by, language=language)
    # get_or_create: two first saves at once make one row, the second then waiting for it.
    settings_row, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user=user
    )
    old = {
        "digest": settings_row.digest,
        "digest_weekday": str(settings_row.digest_weekday),
        **settings_row.choices,
    }
    settings_row.digest = digest
    settings_row.digest_weekday = digest_weekday
    settings_row.choices = {**settings_row.choices, **groups}
    new = {"digest": digest, "digest_weekday": str(digest_weekday), **settings_row.choices}
    settings_row.save()
    _stop_waiting(user, groups)
    note = _choices_note(old, new)
    if note:
        record_event(user, by=by, action="notification_choices_saved", note=note)
    return settings_row


@transaction.atomic
def unsubscribe(*, by, group: str) -> list[str]:
    """A person turns one group off by the link of an e-mail of it: its notifications stay
    in the app only (its mandatory kinds are still e-mailed). The digest's link turns off
    every group they read in the digest. The groups turned off (none when already off)."""
    if group != "digest" and group not in kinds.GROUPS:
        raise ServiceError(_("This link is not valid."))
    targets = to_turn_off(choices_of(by), group)
    if not targets:
        return []
    settings_row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=by)
    settings_row.choices = {**settings_row.choices, **dict.fromkeys(targets, kinds.IN_APP)}
    settings_row.save(update_fields=["choices", "updated_at"])
    _stop_waiting(by, dict.fromkeys(targets, kinds.IN_APP))
    record_event(
        by,
        by=by,
        action="notifications_unsubscribed",
        new=kinds.IN_APP,
        note=", ".join(targets),
    )
    return targets
