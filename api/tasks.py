"""Background jobs of the API: webhook deliveries, and queueing them (see api.webhooks for
what is sent, when, and how)."""

import logging

from django.db import transaction
from django_tasks import task

from . import webhooks
from .models import Delivery

logger = logging.getLogger(__name__)


def enqueue(delivery_id: int, run_after=None) -> None:
    """Queue an attempt after the commit. A retry waits with `run_after` where the backend
    supports it; elsewhere (the immediate backend), and whenever queueing fails, the
    delivery waits in the database for the sweep."""

    def queue():
        try:
            job = deliver_webhook
            if run_after is not None:
                if not job.get_backend().supports_defer:
                    return
                job = job.using(run_after=run_after)
            job.enqueue(delivery_id)
        except Exception:  # noqa: BLE001 (the delivery waits in the database for the sweep)
            logger.exception("Webhook delivery %s could not be queued", delivery_id)

    transaction.on_commit(queue)


def on_event_saved(sender, instance, created, **kwargs):
    """post_save of notifications.Event: one of the four kinds fans out after the commit."""
    if created and instance.action in webhooks.EVENT_ACTIONS:
        event_id = instance.pk
        transaction.on_commit(lambda: fan_out(event_id))


def fan_out(event_id: int) -> list:
    made = webhooks.fan_out(event_id)
    for delivery in made:
        enqueue(delivery.pk)
    return made


def sweep(limit: int = 500) -> int:
    """Queue what is due: the deliveries of recent events whose fan-out never ran, and the
    deliveries waiting for their (next) attempt."""
    for delivery in webhooks.catch_up():
        enqueue(delivery.pk)
    ids = webhooks.due_ids(limit)
    for pk in ids:
        enqueue(pk)
    return len(ids)


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt of one delivery, if it is due; run twice, it sends once. A failed attempt
    queues the next at its time."""
    delivery = webhooks.attempt(delivery_id)
    if delivery is None:
        return "not due"
    if delivery.status == Delivery.Status.FAILED:
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


@task()
def sweep_webhooks() -> int:
    """Queue the deliveries that are due (every five minutes, from the scheduler)."""
    return sweep()
