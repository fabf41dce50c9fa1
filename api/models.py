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
