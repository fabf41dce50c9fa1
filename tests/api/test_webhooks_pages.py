# ruff: noqa: F811 (the fixtures imported from webhook_fixtures are parameters here)
"""The staff pages of webhooks: who may see them, what each shows, bad input refused with a
clear message and nothing saved, and the list pages' query counts."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from api import webhooks
from api.models import Delivery, Webhook
from api.webhook_signing import WebhookVerificationError, verify
from notifications.models import Event
from tests import factories

from .webhook_fixtures import (  # noqa: F401 (fixtures)
    _local_webhooks,
    make_account,
    make_receiver,
    make_webhook,
    receiver,
    staff,
)

pytestmark = pytest.mark.django_db
PUBLIC = "93.184.216.34"


@pytest.fixture
def public_dns(monkeypatch):
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: [PUBLIC])


@pytest.fixture
def faculties(db):
    return (
        factories.FacultyFactory(),
        factories.FacultyFactory(code="FSEGA", name="Faculty of Economics"),
    )


def _deliveries(webhook, n, status=Delivery.Status.SUCCEEDED):
    Delivery.objects.bulk_create(
        [
            Delivery(
                webhook=webhook,
                event_type="internship.completed",
                event_id=uuid.uuid4(),
                payload={"n": i},
                status=status,
                attempts=1,
                attempt_log=[{"at": "2026-12-01T10:00:00+00:00", "status_code": 200}],
                last_status_code=200,
            )
            for i in range(n)
        ]
    )


def test_wrong_role_gets_403(client, staff, public_dns):
    webhook, _ = make_webhook(staff, make_account(staff), "https://registry.example.edu/h")
    for role_user in (
        factories.StudentFactory().user,
        factories.MembershipFactory().user,
        factories.MentorFactory().user,
    ):
        client.force_login(role_user)
        assert client.get(reverse("staff_webhooks")).status_code == 403
        assert client.get(reverse("staff_webhook_new")).status_code == 403
        assert client.get(reverse("staff_webhook", args=[webhook.pk])).status_code == 403
        assert client.post(reverse("staff_webhook_rotate", args=[webhook.pk])).status_code == 403
        assert client.post(reverse("staff_webhook_test", args=[webhook.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("staff_webhooks")).status_code == 302  # to the login page


def test_register_a_webhook_shows_its_secret_once(client, staff, public_dns):
    account = make_account(staff, name="Student records")
    client.force_login(staff)
    response = client.post(
        reverse("staff_webhook_new"),
        {
            "account": account.pk,
            "url": "https://registry.example.edu/practica",
            "events": ["internship.completed", "result.recorded"],
            "description": "Credits",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    webhook = Webhook.objects.get()
    secret = response.context["secret"]
    assert secret.startswith("whsec_")
    assert secret in response.content.decode()
    assert secret not in webhook.secret_encrypted  # kept encrypted
    assert webhooks.decrypt_secret(webhook) == secret
    assert webhook.events == ["internship.completed", "result.recorded"]
    assert Event.objects.filter(action="webhook_created").count() == 1
    page = client.get(reverse("staff_webhook", args=[webhook.pk])).content.decode()
    assert secret not in page
    assert webhook.secret_prefix in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://registry.example.edu/practica", "The URL must start with https://."),
        ("https://10.0.0.5/practica", "public address, not a private or internal one"),
        ("https://169.254.169.254/latest", "public address, not a private or internal one"),
        ("https://admin:secret@registry.example.edu/", "may not carry a user name"),
        ("not a url", "Give a full URL"),
    ],
)
def test_a_bad_url_is_refused_with_a_clear_message(client, staff, public_dns, url, message):
    account = make_account(staff)
    client.force_login(staff)
    response = client.post(
        reverse("staff_webhook_new"),
        {"account": account.pk, "url": url, "events": ["internship.completed"]},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_name_resolving_to_a_private_address_is_refused(client, staff, monkeypatch):
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["172.16.0.9"])
    account = make_account(staff)
    client.force_login(staff)
    response = client.post(
        reverse("staff_webhook_new"),
        {"account": account.pk, "url": "https://intranet.example.edu/", "events": ["x"]},
    )
    assert "Select a valid choice" in response.content.decode()  # the unknown event
    response = client.post(
        reverse("staff_webhook_new"),
        {
            "account": account.pk,
            "url": "https://intranet.example.edu/",
            "events": ["certificate.issued"],
        },
    )
    assert "public address" in response.content.decode()
    assert not Webhook.objects.exists()


def test_staff_of_some_faculties_get_403_as_on_service_accounts(
    client, staff, faculties, public_dns
):
    """One rule: webhooks belong to service accounts, so only the staff who manage those
    (of all faculties) manage webhooks; staff of some faculties get 403 on both, even for
    an account of their own faculty, and change nothing."""
    mine, theirs = faculties
    own_staff = factories.StaffFactory(faculties=[mine])
    my_account = make_account(staff, faculties=[mine], name="Mine")
    their_account = make_account(staff, faculties=[theirs], name="Theirs")
    my_hook, _ = make_webhook(staff, my_account, "https://mine.example.edu/h")
    their_hook, _ = make_webhook(staff, their_account, "https://theirs.example.edu/h")
    _deliveries(their_hook, 1, status=Delivery.Status.GIVEN_UP)
    delivery = their_hook.deliveries.get()
    client.force_login(own_staff)
    assert client.get(reverse("staff_api_accounts")).status_code == 403
    assert client.get(reverse("staff_webhooks")).status_code == 403
    assert client.get(reverse("staff_webhook_new")).status_code == 403
    for hook in (my_hook, their_hook):
        assert client.get(reverse("staff_webhook", args=[hook.pk])).status_code == 403
        for name in ("staff_webhook_rotate", "staff_webhook_test", "staff_webhook_active"):
            assert client.post(reverse(name, args=[hook.pk])).status_code == 403
    args = [their_hook.pk, delivery.pk]
    assert client.get(reverse("staff_webhook_delivery", args=args)).status_code == 403
    assert client.post(reverse("staff_webhook_delivery_retry", args=args)).status_code == 403
    response = client.post(
        reverse("staff_webhook_new"),
        {"account": my_account.pk, "url": "https://x.example.edu/", "events": ["x"]},
    )
    assert response.status_code == 403
    assert Webhook.objects.count() == 2
    their_hook.refresh_from_db()
    assert their_hook.active and their_hook.deliveries.get().status == "given_up"
    # the staff home offers neither page
    home = client.get(reverse("staff_home")).content.decode()
    assert reverse("staff_webhooks") not in home
    assert reverse("staff_api_accounts") not in home


def test_the_services_refuse_staff_of_some_faculties(staff, faculties, public_dns):
    from django.core.exceptions import PermissionDenied

    from api import webhook_services

    mine, _theirs = faculties
    own_staff = factories.StaffFactory(faculties=[mine])
    account = make_account(staff, faculties=[mine], name="Mine")
    hook, _ = make_webhook(staff, account, "https://mine.example.edu/h")
    with pytest.raises(PermissionDenied):
        webhook_services.create_webhook(
            by=own_staff,
            account=account,
            url="https://x.example.edu/",
            events=["internship.completed"],
        )
    with pytest.raises(PermissionDenied):
        webhook_services.rotate_secret(by=own_staff, webhook=hook)
    assert Webhook.objects.count() == 1
    assert not webhook_services.accounts_in_scope(own_staff).exists()


def test_rotate_pause_resume_and_test_event(client, staff, receiver):
    webhook, old_secret = make_webhook(staff, make_account(staff), receiver.url)
    client.force_login(staff)
    response = client.post(reverse("staff_webhook_rotate", args=[webhook.pk]))
    new_secret = response.context["secret"]
    assert new_secret != old_secret
    webhook.refresh_from_db()
    assert webhooks.decrypt_secret(webhook) == new_secret

    client.post(reverse("staff_webhook_active", args=[webhook.pk]), {"active": "0"})
    webhook.refresh_from_db()
    assert not webhook.active
    response = client.post(reverse("staff_webhook_test", args=[webhook.pk]), follow=True)
    assert "Resume the webhook to send it a test event." in response.content.decode()
    assert not Delivery.objects.exists()
    client.post(reverse("staff_webhook_active", args=[webhook.pk]), {"active": "1"})
    webhook.refresh_from_db()
    assert webhook.active

    response = client.post(reverse("staff_webhook_test", args=[webhook.pk]), follow=True)
    assert response.status_code == 200
    delivery = Delivery.objects.get()
    assert delivery.event_type == "webhook.test"
    # The test client does not commit: the delivery is made, and sent by the next attempt.
    webhooks.attempt(delivery.pk)
    _, headers, body = receiver.requests[-1]
    assert verify(new_secret, headers, body)["type"] == "webhook.test"
    with pytest.raises(WebhookVerificationError):
        verify(old_secret, headers, body)
    assert set(
        Event.objects.filter(object_id=webhook.pk, action__startswith="webhook_").values_list(
            "action", flat=True
        )
    ) >= {"webhook_created", "webhook_secret_rotated", "webhook_paused", "webhook_resumed"}


def test_retry_now_for_a_given_up_delivery(client, staff, receiver):
    webhook, secret = make_webhook(staff, make_account(staff), receiver.url)
    _deliveries(webhook, 1, status=Delivery.Status.GIVEN_UP)
    delivery = webhook.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(attempts=6, last_error="HTTP 500: x")
    client.force_login(staff)
    page = client.get(reverse("staff_webhook_delivery", args=[webhook.pk, delivery.pk]))
    assert "Retry now" in page.content.decode()
    client.post(reverse("staff_webhook_delivery_retry", args=[webhook.pk, delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED  # due at once
    assert delivery.next_attempt_at <= timezone.now()
    webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 6
    # a delivered one is not tried again
    response = client.post(
        reverse("staff_webhook_delivery_retry", args=[webhook.pk, delivery.pk]), follow=True
    )
    assert "Only a failed or given-up delivery is tried again." in response.content.decode()
    assert len(receiver.requests) == 1


def test_the_delivery_log_filters_by_status_and_event(client, staff, receiver):
    webhook, _ = make_webhook(staff, make_account(staff), receiver.url)
    _deliveries(webhook, 2)
    _deliveries(webhook, 1, status=Delivery.Status.GIVEN_UP)
    Delivery.objects.filter(status="given_up").update(event_type="result.recorded")
    client.force_login(staff)
    url = reverse("staff_webhook", args=[webhook.pk])
    assert len(client.get(url).context["page"].object_list) == 3
    assert len(client.get(url, {"status": "given_up"}).context["page"].object_list) == 1
    assert len(client.get(url, {"event": "internship.completed"}).context["page"]) == 2
    assert len(client.get(url, {"status": "nonsense"}).context["page"]) == 3
    page = client.get(
        reverse("staff_webhook_delivery", args=[webhook.pk, Delivery.objects.first().pk])
    )
    assert page.status_code == 200
    assert "Payload" in page.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_pages_query_counts(client, staff, public_dns, rows, django_assert_max_num_queries):
    accounts = [make_account(staff, name=f"Account {i}") for i in range(3)]
    hooks = [
        make_webhook(staff, accounts[i % 3], f"https://r{i}.example.edu/h")[0] for i in range(rows)
    ]
    _deliveries(hooks[0], rows, status=Delivery.Status.FAILED)
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("staff_webhooks")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("staff_webhook", args=[hooks[0].pk])).status_code == 200


def test_the_account_page_lists_its_webhooks_and_the_form_offers_it(client, staff, public_dns):
    account = make_account(staff, name="Records")
    other = make_account(staff, name="Other")
    make_webhook(staff, account, "https://mine.example.edu/h")
    make_webhook(staff, other, "https://other.example.edu/h")
    client.force_login(staff)
    page = client.get(reverse("staff_api_account", args=[account.pk])).content.decode()
    assert "mine.example.edu" in page and "other.example.edu" not in page
    form = client.get(reverse("staff_webhook_new"), {"account": account.pk})
    assert form.context["form"].initial["account"] == str(account.pk)


def test_the_secret_page_offers_a_copy_button(client, staff, public_dns):
    account = make_account(staff)
    client.force_login(staff)
    response = client.post(
        reverse("staff_webhook_new"),
        {"account": account.pk, "url": "https://r.example.edu/h", "events": ["result.recorded"]},
    )
    page = response.content.decode()
    assert 'data-copy="webhook-secret"' in page and "js/copy.js" in page


def test_the_attempts_are_shown_in_local_time(client, staff, public_dns, settings):
    settings.TIME_ZONE = "Europe/Bucharest"
    webhook, _ = make_webhook(staff, make_account(staff), "https://r.example.edu/h")
    _deliveries(webhook, 1)
    delivery = webhook.deliveries.get()
    client.force_login(staff)
    page = client.get(reverse("staff_webhook_delivery", args=[webhook.pk, delivery.pk]))
    text = page.content.decode()
    assert "2026-12-01T10:00:00+00:00" not in text
    assert "12:00" in text  # 10:00 UTC is noon in Bucharest


def test_rotating_the_secret_is_behind_a_disclosure_that_says_what_it_does(
    client, staff, public_dns
):
    webhook, _ = make_webhook(staff, make_account(staff), "https://r.example.edu/h")
    client.force_login(staff)
    page = client.get(reverse("staff_webhook", args=[webhook.pk])).content.decode()
    disclosure = page[page.index("<details") : page.index("</details>")]
    assert reverse("staff_webhook_rotate", args=[webhook.pk]) in disclosure
    assert "stops signing at once" in disclosure


def test_a_switched_off_account_is_not_offered_for_a_new_webhook(client, staff, public_dns):
    from api import services as api_services

    account = make_account(staff, name="Old registry")
    api_services.switch_service_account(account=account, by=staff, on=False)
    client.force_login(staff)
    page = client.get(reverse("staff_webhook_new")).content.decode()
    assert "Old registry" not in page
    response = client.post(
        reverse("staff_webhook_new"),
        {
            "account": account.pk,
            "url": "https://registry.example.edu/x",
            "events": ["result.recorded"],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Webhook.objects.exists()
