"""Certificates: issued once per completed internship, immutable, revoked or reissued with a
reason, verifiable by anyone by their code or by the exact bytes of the PDF."""

import hashlib

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from internships.models import AgreementVersion, Amendment, Period
from notifications.services import notify, record_event

from .issuing import ensure_issuable, lock_internship, prepare, render_both, store
from .models import Certificate, IssueJob
from .signing import ensure_signing_ready
from .tasks import enqueue_issue_job


@transaction.atomic
def issue_certificate(*, internship, by) -> Certificate:
    """Staff issue the certificate of one completed internship; never two valid ones."""
    ensure(by, "internships.moderate")
    internship = lock_internship(internship)
    ensure_issuable(internship)
    ensure_signing_ready()  # a certificate that cannot be signed is not issued at all
    facts = prepare(internship)
    return store(internship, facts, render_both(facts), by=by)


def _revoke(certificate, *, by, reason: str):
    if not reason.strip():
        raise ServiceError(_("Give the reason for revoking the certificate."))
    if certificate.revoked_at:
        raise ServiceError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record_event(
        certificate.internship,
        by=by,
        action="certificate_revoked",
        note=f"{certificate.serial}: {reason.strip()}",
    )
    notify(
        [certificate.internship.student],
        "certificate_revoked",
        by=by,
        url=certificate.internship.get_absolute_url(),
        serial=certificate.serial,
        reason=reason.strip(),
    )


@transaction.atomic
def revoke_certificate(*, certificate, by, reason: str) -> Certificate:
    """Staff revoke a certificate with a reason; the public page then says so."""
    ensure(by, "internships.moderate")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _revoke(certificate, by=by, reason=reason)
    return certificate


@transaction.atomic
def reissue_certificate(*, certificate, by, reason: str) -> Certificate:
    """A new serial replaces the old certificate, which is revoked with the reason."""
    ensure(by, "internships.moderate")
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    internship = lock_internship(old.internship)
    _revoke(old, by=by, reason=reason)
    ensure_issuable(internship, again=True)
    ensure_signing_ready()  # a certificate that cannot be signed is not issued at all
    facts = prepare(internship)
    new = store(internship, facts, render_both(facts), by=by)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


@transaction.atomic
def issue_again(*, certificate, by, reason: str) -> Certificate:
    """Staff issue a new certificate for an internship whose certificate was revoked: an
    explicit act with a reason (a period's batch never does it); the new one replaces it."""
    ensure(by, "internships.moderate")
    if not reason.strip():
        raise ServiceError(_("Give the reason for issuing the certificate again."))
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.is_valid:
        raise ServiceError(_("This certificate is valid. Reissue it instead, with a reason."))
    if old.replaced_by_id:
        raise ServiceError(
            _("This certificate was already replaced by %(serial)s.")
            % {"serial": old.replaced_by.serial}
        )
    internship = lock_internship(old.internship)
    ensure_issuable(internship, again=True)
    ensure_signing_ready()  # a certificate that cannot be signed is not issued at all
    facts = prepare(internship)
    new = store(internship, facts, render_both(facts), by=by)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    record_event(
        internship,
        by=by,
        action="certificate_issued_again",
        note=f"{old.serial} → {new.serial}: {reason.strip()}",
    )
    return new


def find_by_pdf(content: bytes) -> tuple[Certificate | None, str | None]:
    """Which certificate (and language) these exact bytes are, if any."""
    digest = hashlib.sha256(content).hexdigest()
    certificate = Certificate.objects.filter(sha256_ro=digest).select_related("internship").first()
    if certificate:
        return certificate, "ro"
    certificate = Certificate.objects.filter(sha256_en=digest).select_related("internship").first()
    return (certificate, "en") if certificate else (None, None)


def find_signed_agreement(content: bytes) -> tuple[AgreementVersion | None, Amendment | None]:
    """Which signed agreement version, or else which signed amendment, these exact bytes are."""
    digest = hashlib.sha256(content).hexdigest()
    version = AgreementVersion.objects.filter(signed_sha256=digest).first()
    if version is not None:
        return version, None
    return None, Amendment.objects.filter(signed_sha256=digest).first()


# Issuing a whole period ------------------------------------------------------------------


OPEN = (IssueJob.Status.QUEUED, IssueJob.Status.RUNNING)


@transaction.atomic
def start_issue_job(*, period, by) -> IssueJob:
    """Queue the certificates of every completed internship of the period. While a batch of
    the period runs, no second one starts; one whose worker is gone is taken up again."""
    ensure(by, "internships.moderate")
    Period.objects.select_for_update().get(pk=period.pk)  # two clicks: one job
    running = IssueJob.objects.filter(period=period, status__in=OPEN).first()
    if running is not None and running.is_stalled:
        return _queue_again(running, by=by)
    if running is not None:
        raise ServiceError(_("Certificates for this period are being issued already."))
    job = IssueJob.objects.create(period=period, started_by=by)
    record_event(job, by=by, action="certificate_batch_started", new=job.status, note=period.name)
    transaction.on_commit(lambda: enqueue_issue_job(job.pk))
    return job


@transaction.atomic
def retry_issue_job(*, job, by) -> IssueJob:
    """Staff try again a batch that failed, or whose worker is gone: it resumes where it
    stopped (what was issued stays issued, once), with a fresh count of attempts."""
    ensure(by, "internships.moderate")
    Period.objects.select_for_update().get(pk=job.period_id)
    job = IssueJob.objects.select_for_update(of=("self",)).select_related("period").get(pk=job.pk)
    if job.status == IssueJob.Status.FAILED:
        if IssueJob.objects.filter(period=job.period_id, status__in=OPEN).exists():
            raise ServiceError(_("Certificates for this period are being issued already."))
    elif not job.is_stalled:
        raise ServiceError(
            _("This batch has not stopped, so it cannot be tried again: it is “%(status)s”.")
            % {"status": job.get_status_display()}
        )
    return _queue_again(job, by=by)


def _queue_again(job, *, by) -> IssueJob:
    old = job.status
    job.status = IssueJob.Status.QUEUED
    job.attempts = 0
    job.retry_at = None
    job.finished_at = None
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "attempts", "retry_at", "finished_at", "heartbeat_at"])
    record_event(
        job,
        by=by,
        action="certificate_batch_retried",
        old=old,
        new=job.status,
        note=job.period.name,
    )
    notify(
        [job.started_by],
        "certificate_batch_retried",
        by=by,
        url=reverse("issue_job", args=[job.pk]),
        period=job.period.name,
    )
    transaction.on_commit(lambda: enqueue_issue_job(job.pk))
    return job
