"""The e-mail of each notification, sent by a background job after the commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from .models import Notification


@task()
def email_notification(notification_id: int) -> None:
    """Send one notification by e-mail; running it twice sends it once. An account
    deactivated since the notification was made gets no e-mail."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at=None, recipient__is_active=True)
            .first()
        )
        if notification is None:
            return
        # E-mails leave in the site's language: no request tells us the reader's.
        with translation.override(settings.LANGUAGE_CODE):
            text = notification.text
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
        send_mail(
            subject="[Practica] " + " ".join(text.split())[:90],
            message=f"{text}\n\n{link}\n" if link else f"{text}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
