"""Signing webhook deliveries, and checking them on the receiving side.

The Standard Webhooks convention (https://www.standardwebhooks.com/): three headers,
`webhook-id` (the message id, the same on every attempt), `webhook-timestamp` (seconds since
the epoch) and `webhook-signature`, "v1,<base64 of HMAC-SHA256(key, id.timestamp.body)>"
(several signatures may be given, separated by spaces). The secret is "whsec_<base64>"; the
HMAC key is its base64-decoded part.

This module needs nothing but the standard library, so that a receiver may copy it:

    from api.webhook_signing import verify, WebhookVerificationError
    seen = ReplayGuard()   # kept for the life of the receiver (or a table of ids)
    try:
        message = verify(secret, request.headers, request.body, seen=seen)
    except WebhookVerificationError:
        return 400

`verify` refuses a signature that does not match, a timestamp more than `tolerance`
seconds away from now (5 minutes), and, given `seen`, a message id it saw already (a
replay). Ids need only be remembered for the tolerance: an older replay fails the time check.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(Exception):
    """The delivery is not one to trust: unsigned, wrongly signed, too old, or a replay."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    raw = secret.removeprefix(SECRET_PREFIX)
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as error:
        raise WebhookVerificationError("The secret is not a webhook secret.") from error


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sign(secret: str, message_id: str, body: bytes, *, timestamp: int | None = None) -> dict:
    """The three headers of a delivery of `body`."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "webhook-id": str(message_id),
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, str(message_id), timestamp, body),
    }


class ReplayGuard:
    """The message ids seen in the last `tolerance` seconds, in memory (one process). A
    receiver of several processes keeps them in its database instead (a unique column)."""

    def __init__(self, tolerance: int = TOLERANCE_SECONDS):
        self.tolerance = tolerance
        self._seen: dict[str, float] = {}

    def __contains__(self, message_id) -> bool:
        return message_id in self._seen

    def add(self, message_id) -> None:
        now = time.time()
        self._seen = {k: t for k, t in self._seen.items() if now - t <= 2 * self.tolerance}
        self._seen[message_id] = now


def _header(headers, name: str) -> str:
    for key, value in dict(headers).items():
        if key.lower() == name:
            return value
    raise WebhookVerificationError(f"The {name} header is missing.")


def verify(
    secret: str, headers, body: bytes, *, tolerance: int = TOLERANCE_SECONDS, seen=None
) -> dict:
    """The delivery's JSON if `headers` sign `body` with `secret` within `tolerance` seconds
    of now and (given `seen`, a set or a ReplayGuard) its id was not seen before; else
    WebhookVerificationError. The id is added to `seen` once everything checks."""
    message_id = _header(headers, "webhook-id")
    try:
        timestamp = int(_header(headers, "webhook-timestamp"))
    except ValueError as error:
        raise WebhookVerificationError("The timestamp is not a number.") from error
    if abs(time.time() - timestamp) > tolerance:
        raise WebhookVerificationError("The timestamp is too far from now.")
    expected = signature(secret, message_id, timestamp, body).encode()
    given = _header(headers, "webhook-signature").split()
    if not any(hmac.compare_digest(expected, candidate.encode()) for candidate in given):
        raise WebhookVerificationError("The signature does not match.")
    if seen is not None:
        if message_id in seen:
            raise WebhookVerificationError("This message was received already (a replay).")
        seen.add(message_id)
    return json.loads(body)
