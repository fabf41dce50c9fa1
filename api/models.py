"""Service accounts and their tokens: how the university's systems call the API.

A service account is an account of its own (role "service"), so that faculties scope it
as they scope staff (`accounts.faculties`), and the audit log names it as it names a
person. It cannot sign in to the pages: it has no usable password and no e-mail address
anyone receives. Its scopes say which parts of the API it may call; each token it holds
is stored as a SHA-256 digest (tokens are 256-bit random strings, so a slow hash adds
nothing), shown once when made, and can expire or be revoked.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_STUDENTS = "students:read", _("Read students")
    WRITE_ROSTER = "roster:write", _("Write the roster (create and update students)")
    READ_PLACEMENTS = "placements:read", _("Read placements and applications")
    READ_INTERNSHIPS = "internships:read", _("Read internships and results")
    READ_CERTIFICATES = "certificates:read", _("Read certificates")


TOKEN_PREFIX = "prc_"  # noqa: S105 (a prefix, not a secret)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ServiceAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account"
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("what it is for"), max_length=2000, blank=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service account")
        verbose_name_plural = _("service accounts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class Token(models.Model):
    account = models.ForeignKey(ServiceAccount, on_delete=models.PROTECT, related_name="tokens")
    name = models.CharField(_("name"), max_length=150)
    # The first characters of the token, to tell tokens apart in lists and logs.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    # Calls a minute this token may make (its own rate limit).
    rate_limit = models.PositiveIntegerField(_("calls a minute"), default=600)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_limit__gte=1), name="token_rate_limit_positive")
        ]

    def __str__(self):
        return f"{self.account} · {self.name} ({self.prefix}…)"

    def is_usable(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)


# Webhooks (issue #19, piece "api-hooks") ----------------------------------------------------


class WebhookEvent(models.TextChoices):
    """What a webhook may subscribe to (api.webhooks.EVENT_ACTIONS says which recorded
    Event is which)."""

    INTERNSHIP_COMPLETED = "internship.completed", _("Internship completed")
    CERTIFICATE_ISSUED = "certificate.issued", _("Certificate issued")
    AGREEMENT_CONFIRMED = "agreement.confirmed", _("Agreement confirmed by all three parties")
    RESULT_RECORDED = "result.recorded", _("Academic result recorded")


class Webhook(models.Model):
    """A URL of the university's systems told of some events, as a service account: a
    delivery carries only what the account's scopes and faculties let it read.

    The secret signs each delivery (HMAC-SHA256), so it must be read back, unlike a token:
    it is stored encrypted (Fernet, key WEBHOOK_SECRET_KEY or one derived from SECRET_KEY,
    see api.webhooks), so that a copy of the database alone does not give it away. It is
    shown once, when made or rotated."""

    account = models.ForeignKey(
        ServiceAccount,
        on_delete=models.PROTECT,
        related_name="webhooks",
        verbose_name=_("service account"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("what it is for"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret_encrypted = models.TextField()
    # The secret's first characters, to tell secrets apart after a rotation.
    secret_prefix = models.CharField(max_length=16)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.url

    def event_labels(self) -> list[str]:
        return [WebhookEvent(code).label for code in self.events if code in WebhookEvent.values]


class Delivery(models.Model):
    """One event sent (or to send) to one webhook, with its attempts. `event_id` is the
    message id receivers use against replays: the same on every attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed, will be tried again")
        GIVEN_UP = "given_up", _("Given up")

    TEST_EVENT = "webhook.test"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(_("event"), max_length=40)
    event_id = models.UUIDField(_("message id"), unique=True)
    # The recorded notifications.Event it tells of (none for a test event): one delivery
    # per webhook and event, however often the fan-out runs.
    source_event_id = models.PositiveBigIntegerField(null=True, blank=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Each attempt: {"at", "status_code", "error", "ms"}.
    attempt_log = models.JSONField(default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["webhook", "-created_at"], name="delivery_webhook_newest"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "failed"]),
                name="delivery_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "source_event_id"], name="delivery_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.event_type} → {self.webhook_id} ({self.status})"

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.GIVEN_UP)
