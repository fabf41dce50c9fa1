"""The webhooks' staff pages on a phone (390 px): none wider than the screen, none with a
serious accessibility violation; registering a webhook shows its secret once."""

import uuid

from django.urls import reverse

from api.models import Delivery, Scope, ServiceAccount, Webhook
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_phone_overflow import FIND_OVERFLOW, PHONE


def test_webhook_pages_fit_a_phone(site, page, staff, settings):
    settings.WEBHOOK_ALLOW_LOCAL = True
    service = factories.UserFactory(role="service")
    account = ServiceAccount.objects.create(
        user=service, name="Student records", scopes=list(Scope.values), created_by=staff
    )
    page.set_viewport_size(PHONE)
    log_in(page, site, staff)
    page.goto(site.url + reverse("staff_webhook_new"))
    page.get_by_label("Service account").select_option(str(account.pk))
    page.get_by_label("URL", exact=True).fill(
        "http://127.0.0.1:9/a/rather/long/path/of/the/university/registry/webhook/endpoint"
    )
    page.get_by_label("Internship completed").check()
    page.get_by_role("button", name="Register the webhook").click()
    secret = page.locator("#webhook-secret").input_value()
    assert secret.startswith("whsec_")
    webhook = Webhook.objects.get()
    Delivery.objects.create(
        webhook=webhook,
        event_type="internship.completed",
        event_id=uuid.uuid4(),
        payload={"id": "x", "type": "internship.completed", "data": {"internship": {"id": 1}}},
        status=Delivery.Status.GIVEN_UP,
        attempts=6,
        attempt_log=[{"at": "2026-12-01T10:00:00+00:00", "status_code": 500, "error": "x" * 300}],
        last_status_code=500,
        last_error="HTTP 500: " + "the receiver broke " * 10,
    )
    delivery = Delivery.objects.get()
    problems = []
    for path in (
        page.url.removeprefix(site.url),  # the secret, once
        reverse("staff_webhooks"),
        reverse("staff_webhook_new"),
        reverse("staff_webhook", args=[webhook.pk]),
        reverse("staff_webhook_delivery", args=[webhook.pk, delivery.pk]),
    ):
        if path != page.url.removeprefix(site.url):
            page.goto(site.url + path)
        measured = page.evaluate(FIND_OVERFLOW)
        if measured["scrollWidth"] > measured["width"]:
            problems.append(f"{path}: {measured['scrollWidth']} px; {measured['elements']}")
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(f"{path}: {error}")
    assert not problems, "\n".join(problems)
