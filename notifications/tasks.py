"""Background jobs of the notifications app: the e-mail of each notification (as its
reader chose), the daily or weekly digests, and the delivery of the mail outbox."""

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import delivery, digests
from .choices import IMMEDIATE, channel_for
from .emails import notification_message, subject_of  # noqa: F401 (subject_of: its old home)
from .models import Notification


@task()
def email_notification(notification_id: int) -> None:
    """One notification's e-mail (see `email_one`)."""
    email_one(notification_id)


@task()
def email_notifications(notification_ids: list[int]) -> None:
    """The e-mails of notifications made in bulk (`notify_many`), each as `email_one`."""
    for notification_id in notification_ids:
        email_one(notification_id)


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
