"""Delivering the outbox: each due message once, a refusal for good recorded, the rest
tried again later, each time after twice the wait.

The messages are django-post-office's `Email` rows (queued by `notifications.mail`); its
own `send_queued_mail` command tries again at a fixed interval whatever the error, and
guards against a second sender with a lock file on one machine only. This sender locks
each row in the database instead (`SKIP LOCKED`), so any number of workers on any number of
machines deliver a message once, and it tells the mail server's refusals apart:

- permanent (a 5xx answer to the sender, a recipient or the content; an address that
  cannot be written): the message fails at once;
- transient (connection refused or lost, a timeout, a 4xx answer, a login refused, which
  is the site's configuration, not the message): tried again after MAIL_RETRY_DELAY
  seconds, doubled at each failure up to MAIL_RETRY_MAX_DELAY, and failed after
  MAIL_RETRIES retries.

While the server cannot be reached the round stops at the first message that finds it
so: the others wait for the next round instead of each paying a timeout. The waits are for
the message; the server's return is noticed sooner: each round, while messages wait only
because the server was away, the sender opens one connection to it, and once it answers
they are all due again at once (within one round of the server's return, not an hour).

A message the server took whose row could not be marked sent (the process killed in
between) is sent again: delivery is at least once, as with every mail queue. Once sent, a
message keeps its recipients and subject but not its body, which may hold a password-reset
or invitation link.
"""

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from post_office.connections import connections
from post_office.models import STATUS, Email, Log

logger = logging.getLogger(__name__)

WAITING = (STATUS.queued, STATUS.requeued)


@dataclass
class Round:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def due():
    """Messages whose time has come (not scheduled later, not expired), oldest first."""
    now = timezone.now()
    return (
        Email.objects.filter(status__in=WAITING)
        .filter(Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("pk")
    )


def is_permanent(error: Exception) -> bool:
    """Will trying again never help? Only the mail server's 5xx answers about this message,
    or a message that cannot be written at all, say so."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [answer[0] for answer in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPException | OSError):
        return False  # the server or the way to it: it may be back in a minute
    # An address or a header that cannot be encoded: the same each time it is tried.
    return isinstance(error, ValueError | TypeError | LookupError)


def server_unavailable(error: Exception) -> bool:
    """Would the next message of the round fail the same way?"""
    if isinstance(
        error,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | smtplib.SMTPHeloError
        | smtplib.SMTPAuthenticationError,
    ):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def retry_delay(retries: int) -> timedelta:
    """The wait before retry number `retries` (1, 2, ...): doubling from MAIL_RETRY_DELAY."""
    seconds = settings.MAIL_RETRY_DELAY * 2 ** min(retries - 1, 30)
    return timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_DELAY))


def _close_connections() -> None:
    try:
        connections.close()
    except Exception:  # a connection already broken: forget it all the same
        logger.warning("Closing the mail server connection failed", exc_info=True)
        connections._connections.connections = {}


def _record_failure(email: Email, error: Exception) -> str:
    retries = (email.number_of_retries or 0) + 1
    now = timezone.now()
    if is_permanent(error) or retries > settings.MAIL_RETRIES:
        status, scheduled, outcome = STATUS.failed, None, "failed"
    else:
        status, scheduled, outcome = STATUS.requeued, now + retry_delay(retries), "retried"
    # update(), not save(): post-office's save() validates the addresses again, and an
    # address the server refused must still be recorded as refused.
    Email.objects.filter(pk=email.pk).update(
        status=status, number_of_retries=retries, scheduled_time=scheduled, last_updated=now
    )
    Log.objects.create(
        email=email,
        status=STATUS.failed,
        exception_type=type(error).__name__[:255],
        message=str(error),
    )
    log = logger.warning if outcome == "retried" else logger.error
    log("E-mail #%s %s after attempt %d: %r", email.pk, outcome, retries, error)
    return outcome


# The failures that were the server's absence, not the message's (recorded by type name).
SERVER_AWAY = frozenset(
    {
        "ConnectionRefusedError",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "TimeoutError",
        "OSError",
        "gaierror",
        "SMTPServerDisconnected",
        "SMTPConnectError",
        "SMTPHeloError",
    }
)


def _server_answers() -> bool:
    connection = get_connection(settings.POST_OFFICE["BACKENDS"]["default"], fail_silently=False)
    try:
        connection.open()
    except Exception:  # noqa: BLE001 (still away, however it fails)
        return False
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110 (a half-open connection: nothing to keep)
            pass
    return True


PROBE_EVERY_SECONDS = 5.0
_last_probe = [float("-inf")]


def _probe_due() -> bool:
    """One connection to the server every few seconds at most, in each process (a server
    that drops packets costs EMAIL_TIMEOUT a probe)."""
    now = time.monotonic()
    if now - _last_probe[0] < PROBE_EVERY_SECONDS:
        return False
    _last_probe[0] = now
    return True


def release_held() -> int:
    """Messages waiting only because the server was away are due again once it answers."""
    last_failure = (
        Log.objects.filter(email=OuterRef("pk"), status=STATUS.failed)
        .order_by("-date", "-pk")
        .values("exception_type")[:1]
    )
    # Waiting for a later try, or given up on after MAIL_RETRIES tries of a server that
    # stayed away (a long outage): both leave once it answers again.
    held = list(
        Email.objects.filter(
            Q(status=STATUS.requeued, scheduled_time__gt=timezone.now()) | Q(status=STATUS.failed)
        )
        .annotate(last_failure=Subquery(last_failure))
        .filter(last_failure__in=SERVER_AWAY)
        .values_list("pk", flat=True)
    )
    if not held or not _probe_due() or not _server_answers():
        return 0
    released = Email.objects.filter(pk__in=held).update(
        status=STATUS.requeued, scheduled_time=timezone.now()
    )
    logger.info("The mail server answers again: %d waiting e-mails are due now", released)
    return released


def deliver_due(*, limit: int | None = None) -> Round:
    """One round: deliver up to `limit` (MAIL_BATCH_SIZE) due messages."""
    release_held()
    ids = list(due().values_list("pk", flat=True)[: limit or settings.MAIL_BATCH_SIZE])
    result = Round()
    try:
        for pk in ids:
            with transaction.atomic():
                email = (
                    due().select_for_update(skip_locked=True).filter(pk=pk).first()
                )  # another sender has it, or has sent it: None
                if email is None:
                    continue
                try:
                    # post-office builds the message and sends it through the delivery
                    # backend (POST_OFFICE["BACKENDS"]), opening or reusing its connection;
                    # commit=False: it raises, and the outcome is recorded here.
                    email.dispatch(log_level=0, commit=False, disconnect_after_delivery=False)
                except Exception as error:
                    _close_connections()
                    outcome = _record_failure(email, error)
                    setattr(result, outcome, getattr(result, outcome) + 1)
                    if server_unavailable(error):
                        break
                    continue
                # A delivered body is not kept: it may carry a password or invitation link.
                Email.objects.filter(pk=pk).update(
                    status=STATUS.sent, last_updated=timezone.now(), message="", html_message=""
                )
                Log.objects.create(email=email, status=STATUS.sent)
                result.sent += 1
    finally:
        _close_connections()
    if ids:
        logger.info("Mail round: %s", result)
    return result
