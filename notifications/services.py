"""Recording what happened, and telling the people it concerns."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import STATUS, Email

from core.permissions import ensure
from core.services import ServiceError

from . import mail
from .models import Event, Notification
from .tasks import email_notification, email_notifications


def _event(subject, content_type, by, action, old, new, note) -> Event:
    return Event(
        content_type=content_type,
        object_id=subject.pk,
        actor=by,
        action=action,
        from_status=old or "",
        to_status=new or "",
        note=note or "",
    )


def record_event(subject, *, by, action: str, old: str = "", new: str = "", note: str = ""):
    """Write one line of the subject's timeline: who, when, from, to and a note."""
    event = _event(subject, ContentType.objects.get_for_model(subject), by, action, old, new, note)
    event.save()
    return event


def record_events(lines) -> list:
    """Many lines at once, for changes made in bulk: (subject, by, action, old, new, note)."""
    if not lines:
        return []
    types = ContentType.objects.get_for_models(*{type(line[0]) for line in lines})
    return Event.objects.bulk_create(
        [_event(line[0], types[type(line[0])], *line[1:]) for line in lines], batch_size=500
    )


def transition(obj, *, moves: dict, to: str, by, action: str, note: str = "", fields=()):
    """Move a workflow object's status along an allowed edge, and record it."""
    old = obj.status
    if to not in moves.get(old, ()):
        raise ServiceError(
            _("This cannot be done now: it is “%(status)s”.") % {"status": obj.get_status_display()}
        )
    obj.status = to
    obj.save(update_fields=["status", "updated_at", *fields])
    record_event(obj, by=by, action=action, old=old, new=to, note=note)
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
