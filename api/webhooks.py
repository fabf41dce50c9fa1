"""Webhooks: which recorded events are told to which URLs, and how they are sent.

Where events come from: every change in the product is a notifications.Event written by
`record_event` (one `save()`), so a post_save receiver on Event sees the four kinds below
without touching the apps that make them. After the change's transaction commits, the
fan-out makes one Delivery per active webhook that subscribed to the kind and whose
service account may read it (its scopes and faculties), then queues `deliver_webhook` for
each. `record_events` (bulk_create) sends no signal; none of the four kinds is written
that way today (only roster imports and reminders are), and the sweep's catch-up fans out
again the events of the last WEBHOOK_CATCH_UP_HOURS (idempotently), so one written in bulk,
or one whose on_commit callback was lost with its process, is still told.

Delivery: one attempt locks the delivery's row (`skip_locked`: another worker running the
same task skips it), POSTs the signed JSON with a timeout, and records the outcome in the
same transaction: a delivery that succeeded is never sent again. A failed attempt is
retried after WEBHOOK_RETRY_MINUTES (1, 5, 30, 120, 720 by default), then given up. The retry
is queued with django-tasks' `run_after` where the backend supports it (the database
queue does); whatever happens to the queue, deliveries wait in the database and the
sweep (`sweep_webhooks`, every five minutes from the scheduler, or `manage.py
deliver_webhooks`) sends those that are due.

Targets (SSRF): https only; the host must resolve to public addresses only (no private,
loopback, link-local, reserved or multicast address), checked when the webhook is saved
and again at each attempt, and the connection goes to the address that was checked (no
second lookup a DNS rebinding could change). Redirects are never followed: a 3xx answer is
a failed attempt. With WEBHOOK_ALLOW_LOCAL (tests, development), http://127.0.0.1,
http://localhost and http://[::1] are allowed too, and nothing else private.
"""

import base64
import hashlib
import ipaddress
import json
import socket
import ssl
import time
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import urllib3
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.faculties import faculty_scope
from core.services import ServiceError

from .models import Delivery, Scope, Webhook, WebhookEvent
from .webhook_signing import sign

# The Event actions (notifications.Event.action) each webhook event tells of.
EVENT_ACTIONS = {
    "completed": WebhookEvent.INTERNSHIP_COMPLETED,  # mentors.services.lifecycle
    "certificate_issued": WebhookEvent.CERTIFICATE_ISSUED,  # documents.issuing.store
    # one party's confirmation (internships.services.agreements): told once all three have
    "agreement_confirmed": WebhookEvent.AGREEMENT_CONFIRMED,
    "result_recorded": WebhookEvent.RESULT_RECORDED,  # mentors.services.results
}
# The scope an account needs to be told of each event.
EVENT_SCOPES = {
    WebhookEvent.INTERNSHIP_COMPLETED: Scope.READ_INTERNSHIPS,
    WebhookEvent.AGREEMENT_CONFIRMED: Scope.READ_INTERNSHIPS,
    WebhookEvent.RESULT_RECORDED: Scope.READ_INTERNSHIPS,
    WebhookEvent.CERTIFICATE_ISSUED: Scope.READ_CERTIFICATES,
}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
RESPONSE_KEEP = 300  # characters of a failed answer's body kept in the log


# The secret, encrypted at rest ------------------------------------------------------------


def _fernet() -> Fernet:
    key = settings.WEBHOOK_SECRET_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(b"practica-webhook-secrets:" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(webhook: Webhook) -> str:
    try:
        return _fernet().decrypt(webhook.secret_encrypted.encode()).decode()
    except InvalidToken as error:
        raise DeliveryError(
            "The secret cannot be read (the encryption key changed): rotate it."
        ) from error


# Targets ----------------------------------------------------------------------------------


class DeliveryError(Exception):
    """An attempt that could not be made or got no good answer; its text goes in the log."""


def _resolve(host: str, port: int) -> list[str]:
    """The host's addresses (tests replace this to give a name a public address)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def _local_allowed(host: str) -> bool:
    return settings.WEBHOOK_ALLOW_LOCAL and host in LOCAL_HOSTS


NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(ip) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64, IPv4-compatible),
    which is where a packet to it may end up: it must be public too."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in network for network in (*NAT64, IPV4_COMPATIBLE)):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _address_allowed(address: str, host: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.is_loopback and _local_allowed(host):
        return True
    inner = _embedded_ipv4(ip)
    if inner is not None and not (inner.is_global and not inner.is_multicast):
        return False
    return ip.is_global and not ip.is_multicast


def target_problem(url: str, *, resolve: bool = True) -> str:
    """Why `url` may not be a webhook's target (a sentence), or "" when it may."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _("Give a full URL, such as https://example.edu/practica/webhook.")
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("https", "http"):
        return _("Give a full URL, such as https://example.edu/practica/webhook.")
    if parts.username or parts.password:
        return _("The URL may not carry a user name or password; the signature proves who sends.")
    if parts.scheme != "https" and not _local_allowed(host):
        return _("The URL must start with https://.")
    if _local_allowed(host):
        return ""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [host]
    elif host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return _("The URL must reach a public address, not a private or internal one.")
    elif not resolve:
        return ""
    else:
        try:
            addresses = _resolve(host, port or 443)
        except OSError:
            return _("The host of this URL cannot be found.")
    if not addresses or not all(_address_allowed(a, host) for a in addresses):
        return _("The URL must reach a public address, not a private or internal one.")
    return ""


# The events -------------------------------------------------------------------------------


def _internship_of(event):
    from internships.models import Internship

    model = event.content_type.model_class()
    if model is not Internship:
        return None
    return (
        Internship.objects.select_related(
            "student__student_profile__programme", "period", "organisation"
        )
        .filter(pk=event.object_id)
        .first()
    )


def _iso(moment):
    return moment.isoformat() if moment else None


def payload_for(kind: str, event, internship) -> dict | None:
    """What a delivery of `kind` carries (None: nothing to tell, as an agreement one party
    of three confirmed)."""
    profile = getattr(internship.student, "student_profile", None)
    data = {
        "internship": {
            "id": internship.pk,
            "status": internship.status,
            "student_number": profile.student_number if profile else None,
            "programme": profile.programme.code if profile and profile.programme else None,
            "period": {"id": internship.period_id, "name": internship.period.name},
            "organisation": internship.organisation.legal_name,
            "starts_on": internship.starts_on,
            "ends_on": internship.ends_on,
        }
    }
    if kind == WebhookEvent.INTERNSHIP_COMPLETED:
        data["internship"]["completed_at"] = _iso(internship.completed_at)
    elif kind == WebhookEvent.AGREEMENT_CONFIRMED:
        agreement = getattr(internship, "agreement", None)
        if agreement is None or not agreement.is_confirmed_by_all:
            return None
        data["agreement"] = {
            "student_confirmed_at": _iso(agreement.student_confirmed_at),
            "organisation_confirmed_at": _iso(agreement.organisation_confirmed_at),
            "university_confirmed_at": _iso(agreement.university_confirmed_at),
        }
    elif kind == WebhookEvent.RESULT_RECORDED:
        result = getattr(internship, "result", None)
        if result is None:
            return None
        data["result"] = {
            "grade": result.grade,
            "passed": result.passed,
            "credits": result.credits,
            "recorded_at": _iso(result.recorded_at),
        }
    elif kind == WebhookEvent.CERTIFICATE_ISSUED:
        certificate = internship.certificates.filter(serial=event.note).first()
        if certificate is None:
            return None
        data["certificate"] = {
            "serial": certificate.serial,
            "code": certificate.code,
            "issued_at": _iso(certificate.issued_at),
        }
    return data


def envelope(kind: str, message_id, data: dict, moment=None) -> dict:
    return {
        "id": str(message_id),
        "type": str(kind),
        "timestamp": (moment or timezone.now()).isoformat(),
        "data": json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
    }


# What of the internship an account without `internships:read` is told (a certificate
# event): what its certificates' endpoint shows of it, no more.
INTERNSHIP_KEYS_WITHOUT_SCOPE = ("id", "student_number", "programme")


def payload_for_account(account, kind: str, data: dict) -> dict:
    """`data` as `account` may read it: the internship's details only with
    `internships:read` (a certificate event goes to accounts with `certificates:read`)."""
    if account.has_scope(Scope.READ_INTERNSHIPS):
        return data
    internship = {key: data["internship"][key] for key in INTERNSHIP_KEYS_WITHOUT_SCOPE}
    return {**data, "internship": internship}


def still_allowed(delivery) -> bool:
    """Whether the delivery's account may still be told (checked again before each
    attempt: an account switched off, or whose scope was taken away, after the event)."""
    needed = EVENT_SCOPES.get(delivery.event_type)
    if needed is None:  # a test event carries no one's data
        return True
    account = delivery.webhook.account
    return account.user.is_active and account.has_scope(needed)


def may_read(account, kind: str, internship) -> bool:
    """Whether the account's scopes and faculties let it read this event's data."""
    if not account.has_scope(EVENT_SCOPES[kind]):
        return False
    if not account.user.is_active:
        return False
    scope = faculty_scope(account.user)
    if scope is None:
        return True
    profile = getattr(internship.student, "student_profile", None)
    return profile is not None and profile.programme_id in scope


def fan_out(event_id: int) -> list[Delivery]:
    """The deliveries of one recorded event, made once each (api.tasks queues them)."""
    from notifications.models import Event

    event = Event.objects.select_related("content_type").filter(pk=event_id).first()
    kind = EVENT_ACTIONS.get(event.action) if event else None
    if kind is None:
        return []
    # A paused webhook gets its deliveries too: they wait until it is resumed. One made
    # after the event is not told of it (the catch-up sweep looks a day back).
    hooks = [
        hook
        for hook in Webhook.objects.filter(created_at__lte=event.created_at).select_related(
            "account__user"
        )
        if kind in hook.events
    ]
    if not hooks:
        return []
    internship = _internship_of(event)
    if internship is None:
        return []
    data = payload_for(kind, event, internship)
    if data is None:
        return []
    made = []
    for hook in hooks:
        if not may_read(hook.account, kind, internship):
            continue
        message_id = uuid.uuid4()
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    webhook=hook,
                    event_type=kind,
                    event_id=message_id,
                    source_event_id=event.pk,
                    payload=envelope(
                        kind,
                        message_id,
                        payload_for_account(hook.account, kind, data),
                        event.created_at,
                    ),
                    next_attempt_at=timezone.now(),
                )
        except IntegrityError:  # made by an earlier run of the fan-out
            continue
        made.append(delivery)
    return made


# Sending ----------------------------------------------------------------------------------


def _post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST to the checked address of `url`; its status and the start of its answer."""
    parts = urlsplit(url)
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host)
        addresses = [str(literal)]
    except ValueError:
        try:
            addresses = _resolve(host, port)
        except OSError as error:
            raise DeliveryError(f"The host cannot be found: {error}") from error
    if not addresses or not all(_address_allowed(a, host) for a in addresses):
        raise DeliveryError("The host resolves to a private or internal address: not sent.")
    timeout = urllib3.Timeout(
        connect=settings.WEBHOOK_TIMEOUT_SECONDS, read=settings.WEBHOOK_TIMEOUT_SECONDS
    )
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            addresses[0],
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            ssl_context=ssl.create_default_context(),
        )
    else:
        pool = urllib3.HTTPConnectionPool(addresses[0], port, timeout=timeout, retries=False)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default_port = port == (443 if parts.scheme == "https" else 80)
    host_header = host if default_port else f"{parts.hostname}:{port}"
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            retries=False,
            preload_content=False,
        )
        try:
            text = response.read(RESPONSE_KEEP, decode_content=False).decode(errors="replace")
        finally:
            response.release_conn()
    except urllib3.exceptions.ReadTimeoutError as error:
        raise DeliveryError("No answer within the timeout.") from error
    except urllib3.exceptions.NewConnectionError as error:  # (a ConnectTimeoutError too)
        raise DeliveryError("The connection was refused or could not be made.") from error
    except urllib3.exceptions.ConnectTimeoutError as error:
        raise DeliveryError("The connection timed out.") from error
    except urllib3.exceptions.HTTPError as error:
        raise DeliveryError(f"Connection failed: {error}") from error
    finally:
        pool.close()
    return response.status, text


def _due():
    return Delivery.objects.filter(
        status__in=(Delivery.Status.PENDING, Delivery.Status.FAILED),
        webhook__active=True,
    ).filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=timezone.now()))


def attempt(delivery_id: int) -> Delivery | None:
    """One attempt of a due delivery, under its row's lock; None when it is not due (sent
    already, given up, waiting for its time, its webhook paused) or another worker has it."""
    with transaction.atomic():
        delivery = (
            _due()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook__account__user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        if not still_allowed(delivery):
            delivery.status = Delivery.Status.GIVEN_UP
            delivery.next_attempt_at = None
            delivery.last_error = (
                "Not sent: the service account is switched off or no longer has the scope."
            )
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            return delivery
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        started = time.monotonic()
        code, error = None, ""
        try:
            headers = sign(decrypt_secret(delivery.webhook), str(delivery.event_id), body)
            headers.update(
                {"Content-Type": "application/json", "User-Agent": "Practica-Webhooks/1"}
            )
            code, text = _post(delivery.webhook.url, body, headers)
            if not 200 <= code < 300:
                error = (
                    f"HTTP {code}: redirects are not followed."
                    if 300 <= code < 400
                    else f"HTTP {code}: {text.strip()[:200]}"
                )
        except DeliveryError as failure:
            error = str(failure)
        now = timezone.now()
        delivery.attempts += 1
        delivery.attempt_log = [
            *delivery.attempt_log,
            {
                "at": now.isoformat(),
                "status_code": code,
                "error": error[:500],
                "ms": int((time.monotonic() - started) * 1000),
            },
        ]
        delivery.last_status_code = code
        delivery.last_error = error[:500]
        if not error:
            delivery.status = Delivery.Status.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        else:
            delays = settings.WEBHOOK_RETRY_MINUTES
            if delivery.attempts > len(delays):
                delivery.status = Delivery.Status.GIVEN_UP
                delivery.next_attempt_at = None
            else:
                delivery.status = Delivery.Status.FAILED
                delivery.next_attempt_at = now + timedelta(minutes=delays[delivery.attempts - 1])
        delivery.save()
    return delivery


def catch_up(hours: int | None = None, limit: int = 2000) -> list[Delivery]:
    """Fan out the recent events of the four kinds again: those whose fan-out never ran
    (the process stopped between the commit and its on_commit callback, or an event
    written in bulk, which sends no post_save signal). Deliveries already made are not
    made twice (one per webhook and event). Events of the last minute are left to their
    own fan-out."""
    from notifications.models import Event

    hooked = {kind for hook in Webhook.objects.values_list("events", flat=True) for kind in hook}
    actions = [action for action, kind in EVENT_ACTIONS.items() if kind in hooked]
    if not actions:
        return []
    now = timezone.now()
    hours = settings.WEBHOOK_CATCH_UP_HOURS if hours is None else hours
    ids = list(
        Event.objects.filter(
            action__in=actions,
            created_at__gte=now - timedelta(hours=hours),
            created_at__lte=now - timedelta(minutes=1),
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [delivery for pk in ids for delivery in fan_out(pk)]


def due_ids(limit: int = 500) -> list[int]:
    return list(_due().order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def send_due(limit: int = 500) -> int:
    """Attempt the due deliveries here and now (`manage.py deliver_webhooks`)."""
    catch_up()
    return sum(1 for pk in due_ids(limit) if attempt(pk) is not None)


def check_target(url: str) -> None:
    problem = target_problem(url)
    if problem:
        raise ServiceError({"url": problem})
