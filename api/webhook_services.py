"""What staff do with webhooks: register one, rotate its secret, pause and resume it, send a
test event, try a delivery again. Each change is recorded (notifications.record_event)."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core.services import ServiceError
from notifications.services import record_event

from . import tasks, webhooks
from .models import Delivery, ServiceAccount, Webhook, WebhookEvent
from .webhook_signing import new_secret

MAX_DESCRIPTION = 200


def _staff(by) -> None:
    """Webhooks belong to service accounts: the staff who manage those (of all faculties,
    api.rules) manage webhooks too; anyone else is refused."""
    if not (
        by.is_authenticated and by.role == Role.STAFF and by.has_perm("api.manage_service_accounts")
    ):
        raise PermissionDenied


def accounts_in_scope(viewer):
    """The service accounts `viewer` manages webhooks of: every one for the staff who manage
    service accounts (of all faculties), none for anyone else."""
    accounts = ServiceAccount.objects.select_related("user")
    if not viewer.has_perm("api.manage_service_accounts"):
        return accounts.none()
    return accounts


def webhooks_in_scope(viewer):
    return Webhook.objects.filter(account__in=accounts_in_scope(viewer)).select_related("account")


def _clean(*, account, url: str, events, description: str, by):
    if account is None or not accounts_in_scope(by).filter(pk=account.pk).exists():
        raise ServiceError({"account": _("Choose a service account.")})
    url = (url or "").strip()
    if len(url) > 500:
        raise ServiceError({"url": _("The URL is too long (500 characters at most).")})
    webhooks.check_target(url)
    events = sorted({str(e) for e in events or ()})
    if not events or not set(events) <= set(WebhookEvent.values):
        raise ServiceError({"events": _("Choose at least one event.")})
    description = " ".join((description or "").split())
    if len(description) > MAX_DESCRIPTION:
        raise ServiceError({"description": _("Describe it in 200 characters at most.")})
    return url, events, description


@transaction.atomic
def create_webhook(*, by, account, url: str, events, description: str = "") -> tuple:
    """A new webhook, and its secret (shown once: only its encrypted form is kept)."""
    _staff(by)
    url, events, description = _clean(
        account=account, url=url, events=events, description=description, by=by
    )
    secret = new_secret()
    webhook = Webhook.objects.create(
        account=account,
        url=url,
        events=events,
        description=description,
        secret_encrypted=webhooks.encrypt_secret(secret),
        secret_prefix=secret[:12],
        created_by=by,
    )
    record_event(webhook, by=by, action="webhook_created", note=url)
    return webhook, secret


@transaction.atomic
def rotate_secret(*, by, webhook) -> str:
    """A new secret; the old one stops signing at once (deliveries waiting use the new)."""
    _staff(by)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    secret = new_secret()
    webhook.secret_encrypted = webhooks.encrypt_secret(secret)
    webhook.secret_prefix = secret[:12]
    webhook.save(update_fields=["secret_encrypted", "secret_prefix", "updated_at"])
    record_event(webhook, by=by, action="webhook_secret_rotated", note=secret[:12])
    return secret


@transaction.atomic
def set_active(*, by, webhook, active: bool) -> Webhook:
    """Pause (deliveries wait, nothing is sent) or resume (the waiting ones go out)."""
    _staff(by)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    if webhook.active == active:
        raise ServiceError(
            _("This webhook is already active.") if active else _("This webhook is already paused.")
        )
    webhook.active = active
    webhook.save(update_fields=["active", "updated_at"])
    record_event(
        webhook,
        by=by,
        action="webhook_resumed" if active else "webhook_paused",
        old="paused" if active else "active",
        new="active" if active else "paused",
    )
    if active:
        transaction.on_commit(tasks.sweep)
    return webhook


@transaction.atomic
def send_test(*, by, webhook) -> Delivery:
    """A "webhook.test" delivery, sent like any other (it carries no one's data)."""
    _staff(by)
    if not webhook.active:
        raise ServiceError(_("Resume the webhook to send it a test event."))
    message_id = uuid.uuid4()
    delivery = Delivery.objects.create(
        webhook=webhook,
        event_type=Delivery.TEST_EVENT,
        event_id=message_id,
        payload=webhooks.envelope(
            Delivery.TEST_EVENT, message_id, {"webhook": webhook.pk, "test": True}
        ),
        next_attempt_at=timezone.now(),
    )
    record_event(webhook, by=by, action="webhook_tested", note=str(message_id))
    tasks.enqueue(delivery.pk)
    return delivery


@transaction.atomic
def retry_now(*, by, delivery) -> Delivery:
    """A failed or given-up delivery tried again at once (the same message id, so a
    receiver that did get it knows it); given up, it gets one more attempt."""
    _staff(by)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if not delivery.can_retry:
        raise ServiceError(_("Only a failed or given-up delivery is tried again."))
    if not delivery.webhook.active:
        raise ServiceError(_("Resume the webhook to try its deliveries again."))
    old = delivery.status
    if delivery.status == Delivery.Status.GIVEN_UP:
        # one more attempt: given up again if it fails
        delivery.attempts = min(delivery.attempts, len(settings.WEBHOOK_RETRY_MINUTES))
    delivery.status = Delivery.Status.FAILED
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at", "attempts"])
    record_event(
        delivery.webhook, by=by, action="webhook_retried", old=old, note=str(delivery.event_id)
    )
    tasks.enqueue(delivery.pk)
    return delivery
