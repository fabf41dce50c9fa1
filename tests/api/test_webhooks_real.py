# ruff: noqa: F811 (the fixtures imported from webhook_fixtures are parameters here)
"""Through the product's own service, not a hand-written event: the supervisor records a
result, and the webhook hears of it once the transaction commits (not before)."""

import pytest
from django.utils import timezone

from api.models import Delivery
from api.webhook_signing import verify
from mentors import services
from mentors.models import Evaluation

from .webhook_fixtures import (  # noqa: F401 (fixtures)
    _local_webhooks,
    make_account,
    make_receiver,
    make_webhook,
    receiver,
)

pytestmark = pytest.mark.django_db


def test_recording_a_result_is_delivered_after_the_commit(
    receiver, staff, internship, host_tutor, supervisor, django_capture_on_commit_callbacks
):
    Evaluation.objects.create(
        internship=internship,
        kind=Evaluation.Kind.FINAL,
        author=host_tutor,
        status=Evaluation.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    _webhook, secret = make_webhook(staff, make_account(staff), receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.record_result(
            internship=internship, by=supervisor, grade=8, passed=True, credits=5
        )
    assert receiver.requests == []  # nothing leaves before the commit
    assert not Delivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert len(receiver.requests) == 1
    _, headers, body = receiver.requests[0]
    message = verify(secret, headers, body)
    assert message["type"] == "result.recorded"
    assert message["data"]["result"]["grade"] == 8
    assert message["data"]["result"]["credits"] == 5
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED
