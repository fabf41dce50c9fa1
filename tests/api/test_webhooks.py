# ruff: noqa: F811 (the fixtures imported from webhook_fixtures are parameters here)
"""Webhooks end to end: recorded events become signed deliveries to a real HTTP receiver on
127.0.0.1, retried with backoff, given up, never sent twice, and only as the service
account's scopes and faculties allow."""

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from api import tasks, webhooks
from api.models import Delivery, Scope, WebhookEvent
from api.tasks import deliver_webhook
from api.webhook_signing import ReplayGuard, WebhookVerificationError, sign, verify
from mentors.models import AcademicResult
from notifications.models import Event
from notifications.services import record_event
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


@pytest.fixture
def internship(db):
    return factories.InternshipFactory()


def faculty_of(internship):
    return internship.student.student_profile.programme.faculty_unit


def happen(capture, internship, by, action, **kwargs):
    with capture(execute=True):
        record_event(internship, by=by, action=action, **kwargs)


def issue_certificate(internship, by, serial="P-2026-0001"):
    from documents.models import Certificate

    certificate = Certificate.objects.create(
        internship=internship,
        serial=serial,
        code=f"code-{serial}",
        sha256_ro="0" * 64,
        sha256_en="1" * 64,
        issued_by=by,
    )
    return certificate


def test_the_four_events_arrive_signed_and_verify(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    account = make_account(staff, faculties=[faculty_of(internship)])
    webhook, secret = make_webhook(staff, account, receiver.url)
    internship.status = "completed"
    internship.completed_at = timezone.now()
    internship.save()
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=6, recorded_by=staff
    )
    happen(django_capture_on_commit_callbacks, internship, staff, "result_recorded")
    certificate = issue_certificate(internship, staff)
    happen(
        django_capture_on_commit_callbacks,
        internship,
        staff,
        "certificate_issued",
        note=certificate.serial,
    )
    happen(django_capture_on_commit_callbacks, internship, staff, "agreement_confirmed")

    assert len(receiver.requests) == 4
    seen = ReplayGuard()
    types = []
    for path, headers, body in receiver.requests:
        assert path == "/hook"
        assert headers["Content-Type"] == "application/json"
        message = verify(secret, headers, body, seen=seen)
        assert message["id"] == headers["webhook-id"]
        assert message["data"]["internship"]["id"] == internship.pk
        assert message["data"]["internship"]["student_number"] == (
            internship.student.student_profile.student_number
        )
        types.append(message["type"])
    assert types == [
        "internship.completed",
        "result.recorded",
        "certificate.issued",
        "agreement.confirmed",
    ]
    by_type = {json.loads(body)["type"]: json.loads(body) for _, _, body in receiver.requests}
    assert by_type["result.recorded"]["data"]["result"] == {
        "grade": 9,
        "passed": True,
        "credits": 6,
        "recorded_at": by_type["result.recorded"]["data"]["result"]["recorded_at"],
    }
    assert by_type["certificate.issued"]["data"]["certificate"]["serial"] == "P-2026-0001"
    assert by_type["agreement.confirmed"]["data"]["agreement"]["university_confirmed_at"]
    deliveries = Delivery.objects.filter(webhook=webhook)
    assert [d.status for d in deliveries] == [Delivery.Status.SUCCEEDED] * 4
    assert all(d.attempts == 1 and d.last_status_code == 200 for d in deliveries)


def test_a_party_of_three_confirming_tells_nothing(
    receiver, staff, django_capture_on_commit_callbacks
):
    internship = factories.InternshipFactory(agreement=False)
    from internships.models import Agreement

    Agreement.objects.create(internship=internship, student_confirmed_at=timezone.now())
    account = make_account(staff)
    make_webhook(staff, account, receiver.url)
    happen(django_capture_on_commit_callbacks, internship, staff, "agreement_confirmed")
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_only_the_events_subscribed_are_sent(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    make_webhook(staff, make_account(staff), receiver.url, events=["result.recorded"])
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    happen(django_capture_on_commit_callbacks, internship, staff, "agreement_signed")
    assert receiver.requests == []


def test_nothing_outside_the_accounts_faculties_or_scopes(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    other_faculty = factories.FacultyFactory(code="FSEGA", name="Faculty of Economics")
    elsewhere = make_account(staff, faculties=[other_faculty], name="Other faculty")
    make_webhook(staff, elsewhere, receiver.url)
    no_certificates = make_account(
        staff, scopes=[Scope.READ_INTERNSHIPS], faculties=[faculty_of(internship)], name="NC"
    )
    webhook, _secret = make_webhook(staff, no_certificates, receiver.url)
    certificate = issue_certificate(internship, staff)
    happen(
        django_capture_on_commit_callbacks,
        internship,
        staff,
        "certificate_issued",
        note=certificate.serial,
    )
    assert receiver.requests == []
    assert not Delivery.objects.exists()
    # the account with the internships scope is told of a completion, the other faculty not
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    assert len(receiver.requests) == 1
    assert list(Delivery.objects.values_list("webhook", flat=True)) == [webhook.pk]


def test_a_receiver_answering_500_is_retried_with_backoff_then_given_up(
    make_receiver, staff, internship, django_capture_on_commit_callbacks
):
    broken = make_receiver(status=500)
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        webhook, secret = make_webhook(staff, make_account(staff), broken.url)
        happen(django_capture_on_commit_callbacks, internship, staff, "completed")
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.FAILED
        assert delivery.last_status_code == 500
        assert "receiver broke" in delivery.last_error
        assert delivery.next_attempt_at == start + timedelta(minutes=1)

        def sweep():
            with django_capture_on_commit_callbacks(execute=True):
                tasks.sweep()
            return Delivery.objects.get()

        clock.shift(timedelta(seconds=59))
        assert sweep().attempts == 1  # not due yet: nothing sent
        assert len(broken.requests) == 1
        for attempt, _minutes in enumerate([1, 5, 30, 120, 720], start=2):
            clock.move_to(Delivery.objects.get().next_attempt_at)
            delivery = sweep()
            assert delivery.attempts == attempt
            assert len(broken.requests) == attempt
            if attempt <= 5:
                assert delivery.status == Delivery.Status.FAILED
                next_minutes = [1, 5, 30, 120, 720][attempt - 1]
                assert delivery.next_attempt_at == timezone.now() + timedelta(minutes=next_minutes)
        assert delivery.status == Delivery.Status.GIVEN_UP
        assert delivery.next_attempt_at is None
        clock.shift(timedelta(days=3))
        assert sweep().attempts == 6  # given up: never again by itself
        # every attempt is the same message, signed anew
        ids = {headers["webhook-id"] for _, headers, _ in broken.requests}
        assert ids == {str(delivery.event_id)}
        _, headers, body = broken.requests[-1]
        clock.move_to(int(headers["webhook-timestamp"]))
        assert verify(secret, headers, body)["type"] == "internship.completed"
    gaps = [
        (
            timezone.datetime.fromisoformat(b["at"]) - timezone.datetime.fromisoformat(a["at"])
        ).total_seconds()
        / 60
        for a, b in zip(delivery.attempt_log, delivery.attempt_log[1:], strict=False)
    ]
    assert gaps == [1, 5, 30, 120, 720]


def test_a_receiver_that_never_answers_fails_the_attempt_and_blocks_no_other(
    make_receiver, staff, internship, django_capture_on_commit_callbacks
):
    silent = make_receiver(delay=3)
    fine = make_receiver()
    slow_hook, _ = make_webhook(staff, make_account(staff, name="Slow"), silent.url)
    fine_hook, _ = make_webhook(staff, make_account(staff, name="Fine"), fine.url)
    started = time.monotonic()
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    assert time.monotonic() - started < 2.5  # the timeout (0.5 s), not the receiver's 3 s
    slow = Delivery.objects.get(webhook=slow_hook)
    assert slow.status == Delivery.Status.FAILED
    assert slow.last_status_code is None
    assert slow.last_error == "No answer within the timeout."
    assert Delivery.objects.get(webhook=fine_hook).status == Delivery.Status.SUCCEEDED
    assert len(fine.requests) == 1


def test_a_delivery_run_twice_is_sent_once(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    make_webhook(staff, make_account(staff), receiver.url)
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhook.enqueue(delivery.pk)
        tasks.sweep()
    assert webhooks.attempt(delivery.pk) is None
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().attempts == 1


def test_the_fan_out_run_twice_makes_each_delivery_once(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    make_webhook(staff, make_account(staff), receiver.url)
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    event = Event.objects.get(action="completed")
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.fan_out(event.pk) == []
    assert Delivery.objects.count() == 1
    assert len(receiver.requests) == 1


def test_an_event_written_in_bulk_is_caught_up_by_the_sweep(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    """bulk_create sends no post_save: the sweep's catch-up finds the event."""
    from django.contrib.contenttypes.models import ContentType

    make_webhook(staff, make_account(staff), receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.bulk_create(
            [
                Event(
                    content_type=ContentType.objects.get_for_model(internship),
                    object_id=internship.pk,
                    actor=staff,
                    action="completed",
                )
            ]
        )
    assert receiver.requests == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.sweep()
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


def test_a_webhook_is_not_told_of_events_from_before_it_existed(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    make_webhook(staff, make_account(staff), receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep()
    assert receiver.requests == []


def test_a_paused_webhook_keeps_its_deliveries_until_resumed(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    from api import webhook_services

    webhook, _ = make_webhook(staff, make_account(staff), receiver.url)
    webhook_services.set_active(by=staff, webhook=webhook, active=False)
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    assert receiver.requests == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        webhook_services.set_active(by=staff, webhook=webhook, active=True)
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


def test_a_redirect_is_not_followed(make_receiver, staff, internship, settings):
    from api.models import Delivery as D

    moved = make_receiver(status=302)
    webhook, _ = make_webhook(staff, make_account(staff), moved.url)
    delivery = D.objects.create(
        webhook=webhook,
        event_type="webhook.test",
        event_id="00000000-0000-4000-8000-000000000001",
        payload={"x": 1},
        next_attempt_at=timezone.now(),
    )
    delivery = webhooks.attempt(delivery.pk)
    assert delivery.status == D.Status.FAILED
    assert delivery.last_error == "HTTP 302: redirects are not followed."
    assert len(moved.requests) == 1


# Receivers' verification ------------------------------------------------------------------


def test_verify_rejects_a_replay_a_stale_timestamp_and_a_changed_body(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    _webhook, secret = make_webhook(staff, make_account(staff), receiver.url)
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    _, headers, body = receiver.requests[0]
    seen = ReplayGuard()
    assert verify(secret, headers, body, seen=seen)["type"] == "internship.completed"
    with pytest.raises(WebhookVerificationError, match="replay"):
        verify(secret, headers, body, seen=seen)
    with pytest.raises(WebhookVerificationError, match="signature"):
        verify(secret, headers, body.replace(b"completed", b"cancelled"), seen=set())
    with pytest.raises(WebhookVerificationError, match="signature"):
        verify("whsec_" + "A" * 44, headers, body)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        with pytest.raises(WebhookVerificationError, match="too far"):
            verify(secret, headers, body)
    with pytest.raises(WebhookVerificationError, match="missing"):
        verify(secret, {"webhook-id": headers["webhook-id"]}, body)


def test_sign_follows_the_standard_webhooks_example():
    """The example of the Standard Webhooks specification (its reference libraries' test)."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    headers = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", body, timestamp=1614265330)
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


# Targets (SSRF) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.org/hook", "https://"),
        ("ftp://example.org/hook", "full URL"),
        ("example.org/hook", "full URL"),
        ("https://user:pw@example.org/hook", "user name"),
        ("https://10.1.2.3/hook", "public address"),
        ("https://169.254.169.254/latest/meta-data", "public address"),
        ("https://[::1]/hook", "public address"),
        ("https://[fd00::1]/hook", "public address"),
        ("https://localhost/hook", "public address"),
        ("https://printer.local/hook", "public address"),
        ("https://0.0.0.0/hook", "public address"),
    ],
)
def test_targets_refused(url, words, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    assert words in webhooks.target_problem(url)


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch, settings):
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["192.168.1.20"])
    assert "public address" in webhooks.target_problem("https://intranet.example.edu/hook")
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["93.184.216.34", "10.0.0.1"])
    assert "public address" in webhooks.target_problem("https://mixed.example.edu/hook")
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["93.184.216.34"])
    assert webhooks.target_problem("https://registry.example.edu/hook") == ""


def test_localhost_over_http_only_where_allowed(settings):
    settings.WEBHOOK_ALLOW_LOCAL = True
    assert webhooks.target_problem("http://127.0.0.1:8123/hook") == ""
    assert webhooks.target_problem("http://localhost:8123/hook") == ""
    assert "https://" in webhooks.target_problem("http://10.0.0.1/hook")
    settings.WEBHOOK_ALLOW_LOCAL = False
    assert "https://" in webhooks.target_problem("http://127.0.0.1:8123/hook")


def test_a_host_that_turned_private_is_not_sent_to(
    receiver, staff, internship, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The address is checked again at each attempt (the DNS may have changed since)."""
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["93.184.216.34"])
    webhook, _ = make_webhook(staff, make_account(staff), "https://registry.example.edu/hook")
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["10.0.0.7"])
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    delivery = Delivery.objects.get(webhook=webhook)
    assert delivery.status == Delivery.Status.FAILED
    assert "private or internal" in delivery.last_error


def test_the_four_event_kinds_are_named():
    assert set(webhooks.EVENT_ACTIONS.values()) == set(WebhookEvent)


def test_a_closed_port_fails_the_attempt_with_its_reason(staff, internship):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    webhook, _ = make_webhook(staff, make_account(staff), f"http://127.0.0.1:{port}/hook")
    delivery = Delivery.objects.create(
        webhook=webhook,
        event_type="webhook.test",
        event_id="00000000-0000-4000-8000-000000000002",
        payload={"x": 1},
        next_attempt_at=timezone.now(),
    )
    delivery = webhooks.attempt(delivery.pk)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error == "The connection was refused or could not be made."
    assert delivery.last_status_code is None


# What each account is told (review of #19) ------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "::127.0.0.1",  # IPv4-compatible
    ],
)
def test_ipv6_addresses_carrying_a_private_ipv4_are_refused(address, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: [address])
    assert "public address" in webhooks.target_problem("https://sneaky.example.edu/hook")
    assert "public address" in webhooks.target_problem(f"https://[{address}]/hook")


def test_a_public_ipv6_address_is_allowed(monkeypatch, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    monkeypatch.setattr(webhooks, "_resolve", lambda host, port: ["2606:2800:220:1::1"])
    assert webhooks.target_problem("https://registry.example.edu/hook") == ""


def test_a_certificate_event_tells_an_account_without_internships_only_the_certificate(
    receiver, staff, internship, django_capture_on_commit_callbacks
):
    """An account with certificates:read and not internships:read is told the certificate
    and who it is of (as its certificates' endpoint shows), not the internship's host,
    period, dates or status."""
    certificates_only = make_account(
        staff, scopes=[Scope.READ_CERTIFICATES], faculties=[faculty_of(internship)], name="CO"
    )
    both = make_account(staff, name="Both")
    make_webhook(staff, certificates_only, receiver.url, events=["certificate.issued"])
    make_webhook(staff, both, receiver.url, events=["certificate.issued"])
    certificate = issue_certificate(internship, staff)
    happen(
        django_capture_on_commit_callbacks,
        internship,
        staff,
        "certificate_issued",
        note=certificate.serial,
    )
    told = {
        delivery.webhook.account.name: delivery.payload["data"]
        for delivery in Delivery.objects.select_related("webhook__account")
    }
    assert told["CO"]["internship"] == {
        "id": internship.pk,
        "student_number": internship.student.student_profile.student_number,
        "programme": internship.student.student_profile.programme.code,
    }
    assert told["CO"]["certificate"]["serial"] == certificate.serial
    assert told["Both"]["internship"]["organisation"] == internship.organisation.legal_name
    assert len(receiver.requests) == 2


@pytest.mark.parametrize("change", ["switched_off", "scope_removed"])
def test_a_delivery_is_not_sent_once_its_account_may_no_longer_read_it(
    change, make_receiver, staff, internship, django_capture_on_commit_callbacks
):
    failing = make_receiver(status=500)
    account = make_account(staff)
    webhook, _ = make_webhook(staff, account, failing.url, events=["internship.completed"])
    happen(django_capture_on_commit_callbacks, internship, staff, "completed")
    delivery = Delivery.objects.get(webhook=webhook)
    assert delivery.status == Delivery.Status.FAILED and len(failing.requests) == 1
    if change == "switched_off":
        account.user.is_active = False
        account.user.save(update_fields=["is_active"])
    else:
        account.scopes = [Scope.READ_CERTIFICATES]
        account.save(update_fields=["scopes"])
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.GIVEN_UP
    assert "no longer" in delivery.last_error
    assert len(failing.requests) == 1  # nothing more was sent
