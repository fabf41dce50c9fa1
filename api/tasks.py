"""Background jobs of the API: webhook deliveries (see api.webhooks)."""

from django_tasks import task

from . import webhooks


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt of one delivery, if it is due; run twice, it sends once."""
    delivery = webhooks.attempt(delivery_id)
    return delivery.status if delivery is not None else "not due"


@task()
def sweep_webhooks() -> int:
    """Queue the deliveries that are due (every five minutes, from the scheduler)."""
    return webhooks.sweep()
