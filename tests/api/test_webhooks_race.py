# ruff: noqa: F811 (the fixtures imported are parameters here)
"""Two workers running the same delivery at once (a task queued twice, a sweep beside the
worker): the receiver gets it once. Row locks: PostgreSQL only."""

import uuid

import pytest
from django.utils import timezone

from api import webhooks
from api.models import Delivery
from tests.races import at_once

from .webhook_fixtures import (  # noqa: F401 (fixtures)
    _local_webhooks,
    make_account,
    make_receiver,
    make_webhook,
    receiver,
    staff,
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(3))
def test_a_delivery_attempted_twice_at_once_is_sent_once(
    postgresql, make_receiver, staff, round_number
):
    slow = make_receiver(delay=0.2)  # the first attempt still holds the row when the other comes
    webhook, _ = make_webhook(staff, make_account(staff), slow.url)
    delivery = Delivery.objects.create(
        webhook=webhook,
        event_type="webhook.test",
        event_id=uuid.uuid4(),
        payload={"test": True},
        next_attempt_at=timezone.now(),
    )
    outcomes = at_once(
        lambda: webhooks.attempt(delivery.pk),
        lambda: webhooks.attempt(delivery.pk),
    )
    assert outcomes == ["done", "done"]
    assert len(slow.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 1
