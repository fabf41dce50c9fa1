"""Background jobs of the notifications app: the e-mail of each notification (as its
reader chose), the daily or weekly digests, and the delivery of the mail outbox."""

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import delivery, digests
from .choices import DEFAULT, IMMEDIATE, channel_for, choices_for
from .emails import notification_message, subject_of  # noqa: F401 (subject_of: its old home)
from .models import Notification


@task()
def email_notification(notification_id: int) -> None:
    """One notification's e-mail (see `email_one`)."""
    email_one(notification_id)


EMAIL_BATCH = 500  # notifications a transaction


@task()
def email_notifications(notification_ids: list[int]) -> None:
    """The e-mails of notifications made in bulk (`notify_many`), as `email_one` would send
    each, decided EMAIL_BATCH at a time (see `email_many`)."""
    ids = sorted(set(notification_ids))
    for start in range(0, len(ids), EMAIL_BATCH):
        email_many(ids[start : start + EMAIL_BATCH])


def email_many(notification_ids: list[int]) -> None:
    """`email_one` for many notifications in one transaction, in the same few queries
    however many they are: the undecided ones locked in one query, their readers' choices
    in another, one UPDATE per channel, and the e-mails sent at once queued in the outbox
    together (one insert). Running it twice queues each e-mail once; a notification another
    run decided meanwhile (it held the lock) is left to what that run decided."""
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(
                pk__in=notification_ids, emailed_at=None, delivery="", recipient__is_active=True
            )
            .order_by("pk")  # one lock order for every run
        )
        if not notifications:
            return
        chosen = choices_for(notification.recipient_id for notification in notifications)
        later: dict[str, list[int]] = {}
        messages, emailed = [], []
        for notification in notifications:
            choices = chosen.get(notification.recipient_id, DEFAULT)
            channel = channel_for(notification.recipient, notification.kind, choices)
            if channel != IMMEDIATE:
                later.setdefault(channel, []).append(notification.pk)
                continue
            with translation.override(notification.recipient.reads):
                messages.append(notification_message(notification, notification.text))
            emailed.append(notification.pk)
        for channel, ids in later.items():
            Notification.objects.filter(pk__in=ids).update(delivery=channel)
        if messages:
            # EMAIL_BACKEND is the outbox: one bulk insert stores them all, headers and all
            get_connection().send_messages(messages)
            Notification.objects.filter(pk__in=emailed).update(
                emailed_at=timezone.now(), delivery=IMMEDIATE
            )


def email_one(notification_id: int) -> None:
    """Queue one notification's e-mail in the outbox, in the transaction that marks it
    e-mailed: running it twice queues it once, and a mail server that is down loses
    nothing (`deliver_mail` sends it when the server takes it). An account deactivated since
    the notification was made gets no e-mail. A person who chose the digest for its group
    gets it there (`send_digests`), one who chose the app only gets no e-mail."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at=None, delivery="", recipient__is_active=True)
            .first()
        )
        if notification is None:
            return
        channel = channel_for(notification.recipient, notification.kind)
        if channel != IMMEDIATE:
            notification.delivery = channel
            notification.save(update_fields=["delivery"])
            return
        # Each e-mail in the language its reader chose (the site's when they chose none).
        with translation.override(notification.recipient.reads):
            # EMAIL_BACKEND is the outbox: this stores the message, headers and all
            notification_message(notification, notification.text).send()
        notification.emailed_at = timezone.now()
        notification.delivery = IMMEDIATE
        notification.save(update_fields=["emailed_at", "delivery"])


@task()
def send_digests(today: str | None = None) -> int:
    """Each person's digest of the notifications waiting for it, once a day (daily, or on
    their weekday), from DIGEST_HOUR: scheduled hourly, it sends at the first run from that
    hour and nothing more that day. `today` (ISO date) sends that day's at once."""
    return digests.send_digests(today=today)


@task()
def deliver_mail() -> int:
    """Deliver the outbox's due messages; enqueued after each commit that queued mail."""
    return delivery.deliver_due().sent
