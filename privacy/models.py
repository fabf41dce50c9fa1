"""A person's requests about their personal data: a copy of it (an export), and its erasure.

Both are kept as a register: staff see who asked, when, and what became of each request."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def export_to(instance, filename):
    return f"private/exports/{instance.user_id}/{timezone.now():%Y%m%d%H%M%S}.zip"


class DataExport(models.Model):
    """One ZIP of everything a person's account holds, built in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", pgettext_lazy("background job", "Failed")
        EXPIRED = "expired", _("Expired")

    OPEN = (Status.QUEUED, Status.RUNNING)
    # The allowed moves of `status`: every change goes through `move_to`.
    MOVES = {
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.RUNNING, Status.READY, Status.QUEUED, Status.FAILED},
        Status.READY: {Status.EXPIRED},
        Status.FAILED: set(),
        Status.EXPIRED: set(),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=export_to, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["queued", "running"]),
                name="one_open_data_export_per_user",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="export_expiry_idx")]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("privacy_export_download", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def move_to(self, to) -> str:
        return _move(self, to)


class ErasureRequest(models.Model):
    """A person's erasure, asked by them or made by the retention job, and its outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    # The allowed moves of `status` (a failed try stays pending, with `error` set, for the
    # staff's retry): every change goes through `move_to`.
    MOVES = {
        Status.PENDING: {Status.DONE, Status.REFUSED},
        Status.DONE: set(),
        Status.REFUSED: set(),
    }

    class Origin(models.TextChoices):
        PERSON = "person", _("Asked by the person")
        INACTIVITY = "inactivity", _("Account unused (retention)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.PERSON
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    finished_at = models.DateTimeField(_("done"), null=True, blank=True)
    reason = models.TextField(_("reason for refusing"), blank=True)
    # What was kept and why, and what was deleted: [{"what": ..., "count": n, "why": ...}]
    kept = models.JSONField(_("kept"), default=list, blank=True)
    deleted = models.JSONField(_("deleted"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="one_pending_erasure_per_user",
            ),
        ]
        indexes = [models.Index(fields=["status", "-requested_at"], name="erasure_status_idx")]

    def __str__(self):
        return f"{self.user_id} {self.get_status_display()}"

    def move_to(self, to) -> str:
        return _move(self, to)

    @property
    def has_failed(self) -> bool:
        """Every try failed: pending, waiting for the staff's retry."""
        return self.status == self.Status.PENDING and bool(self.error)


def _move(obj, to) -> str:
    """Set `obj.status` to `to` if the model's MOVES allow it (the caller saves); returns the
    old status. A move not allowed is a bug, raised."""
    old = obj.status
    if to not in obj.MOVES.get(old, ()):
        raise ValueError(f"{type(obj).__name__} {obj.pk}: {old} → {to} is not allowed")
    obj.status = to
    return old
