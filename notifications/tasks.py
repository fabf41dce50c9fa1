"""Background jobs of the notifications app: the e-mail of each notification, and the
delivery of the mail outbox."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import delivery
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
    the notification was made gets no e-mail."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at=None, recipient__is_active=True)
            .first()
        )
        if notification is None:
            return
        # Each e-mail in the language its reader chose (the site's when they chose none).
        with translation.override(notification.recipient.reads):
            text = notification.text
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
        send_mail(  # EMAIL_BACKEND is the outbox: this stores the message
            subject="[Practica] " + subject_of(text),
            message=f"{text}\n\n{link}\n" if link else f"{text}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


def subject_of(text: str, limit: int = 90) -> str:
    """The notification's text on one line, cut at a word (with an ellipsis) when longer than
    `limit` characters: never in the middle of a word or a name."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


@task()
def deliver_mail() -> int:
    """Deliver the outbox's due messages; enqueued after each commit that queued mail."""
    return delivery.deliver_due().sent
