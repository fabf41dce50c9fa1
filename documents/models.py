"""Certificates and their serial numbers, and the background jobs that issue a period's."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from internships.models import Internship, Period


class SerialCounter(models.Model):
    """The last certificate serial of each year; locked while a serial is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "internships_serialcounter"

    def __str__(self):
        return f"{self.year}: {self.last}"


def certificate_to(instance, filename):
    return f"private/certificates/{instance.serial}-{filename}"


class Certificate(models.Model):
    """An issued certificate: immutable. A reissue revokes it and points to its successor.

    The record keeps the SHA-256 of each PDF exactly as issued (Romanian and English), so a
    file can be checked byte for byte; `code` is the unguessable key of the public page.
    """

    LANGUAGES = (("ro", _("Romanian")), ("en", _("English")))

    internship = models.ForeignKey(
        Internship, on_delete=models.PROTECT, related_name="certificates"
    )
    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    language = models.CharField(
        _("language of the original"), max_length=2, choices=LANGUAGES, default="ro"
    )
    pdf_ro = models.FileField(upload_to=certificate_to)
    pdf_en = models.FileField(upload_to=certificate_to)
    sha256_ro = models.CharField(max_length=64, db_index=True)
    sha256_en = models.CharField(max_length=64, db_index=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(
        pgettext_lazy("certificate", "revoked"), null=True, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    # Exactly what the PDFs print (dates as ISO strings): the public page shows these, not
    # today's data, which may have changed since the certificate was issued.
    facts = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "internships_certificate"
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["internship", "revoked_at"]),
            models.Index(fields=["issued_at", "id"], name="certificate_issued_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["internship"],
                condition=Q(revoked_at=None),
                name="one_valid_certificate_per_internship",
            ),
        ]

    def __str__(self):
        return self.serial

    def get_absolute_url(self):
        return reverse("verify_certificate", args=[self.code])

    @property
    def is_valid(self):
        return self.revoked_at is None

    @property
    def printed_facts(self) -> dict:
        facts = dict(self.facts)
        for key in ("starts_on", "ends_on", "issued_on"):
            if isinstance(facts.get(key), str):
                facts[key] = date.fromisoformat(facts[key])
        return facts


class IssueJob(models.Model):
    """Issuing the certificates of a whole period, in the background, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", pgettext_lazy("background job", "Failed")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="issue_jobs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # Completed internships left out because their certificate was revoked (not missing).
    revoked = models.PositiveIntegerField(default=0)
    # The reason of the last failure (kept while the job is retried, shown to staff).
    error = models.TextField(blank=True)
    # How many times a worker has taken the job up (a resumption after a crash counts too).
    attempts = models.PositiveSmallIntegerField(default=0)
    # Touched by the worker after each certificate: a job still "running" whose heartbeat is
    # older than ISSUE_JOB_LEASE lost its worker, and the next worker takes it over.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # A transient failure (database, storage) is tried again no earlier than this.
    retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        db_table = "internships_issuejob"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["period", "-created_at"])]

    def __str__(self):
        return f"{self.period}: {self.done}/{self.total}"

    @property
    def percent(self):
        return 100 if not self.total else int(100 * (self.done + self.skipped) / self.total)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def last_sign_of_life(self):
        return self.heartbeat_at or self.created_at

    @property
    def is_stalled(self) -> bool:
        """Open, but no worker has touched it within the lease: its worker is gone."""
        lease = timedelta(seconds=settings.ISSUE_JOB_LEASE)
        return self.is_open and self.last_sign_of_life < timezone.now() - lease


class WorkerHeartbeat(models.Model):
    """One row per task worker process (`manage.py run_worker`): it beats every few
    seconds and names the task it runs, so a task left "running" by a worker that died, or
    that the worker dropped in a database outage, is found and run again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The django-tasks result the worker is running now (empty when idle).
    task_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"


class ScheduledRun(models.Model):
    """When each scheduled command last ran: the scheduler takes a run by moving `last_run_at`
    forward in one conditional UPDATE, so two schedulers never run the same one twice."""

    name = models.CharField(max_length=64, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return self.name
