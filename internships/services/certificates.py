"""Certificates: issued once per completed internship, immutable, revoked or reissued with a
reason, verifiable by anyone by their code or by the exact bytes of the PDF."""

import base64
import hashlib
import secrets
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event

from ..models import Certificate, Internship, IssueJob, Period, SerialCounter


def new_code() -> str:
    """120 random bits in base32: unguessable, easy to type, no padding."""
    return base64.b32encode(secrets.token_bytes(15)).decode()


def next_serial(year: int) -> str:
    """PRA-2026-000123: the year's counter row is locked while the number is taken."""
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PRA-{year}-{counter.last:06d}"


def certificate_facts(internship: Internship, *, serial: str, code: str, issued_on) -> dict:
    """Everything the certificate prints, read once (the renderer touches no database)."""
    from mentors.models import Evaluation

    student = internship.student
    profile = getattr(student, "student_profile", None)
    result = getattr(internship, "result", None)
    final = (
        Evaluation.objects.filter(
            internship=internship, kind=Evaluation.Kind.FINAL, status=Evaluation.Status.SUBMITTED
        )
        .prefetch_related("scores__competency")
        .first()
    )
    hours = internship.logbook.filter(status="approved").aggregate(total=Sum("hours"))["total"]
    return {
        "serial": serial,
        "code": code,
        "url": settings.SITE_URL.rstrip("/") + reverse("verify_certificate", args=[code]),
        "university": settings.UNIVERSITY_NAME,
        "student": student.get_full_name(),
        "programme": str(profile.programme) if profile and profile.programme else "",
        "organisation": internship.organisation.legal_name,
        "period": internship.period.name,
        "starts_on": internship.starts_on,
        "ends_on": internship.ends_on,
        "hours": hours or 0,
        "host_tutor": internship.host_tutor.get_full_name() if internship.host_tutor else "—",
        "supervisor": internship.academic_supervisor.get_full_name()
        if internship.academic_supervisor
        else "—",
        "grade": result.grade if result else None,
        "passed": result.passed if result else None,
        "credits": result.credits if result else None,
        # (English name, Romanian name, score): each language version picks its own.
        "competencies": [
            (s.competency.name, s.competency.name_ro or s.competency.name, s.score)
            for s in final.scores.all()
        ]
        if final
        else [],
        "issued_on": issued_on,
    }


def render_both(facts: dict) -> dict[str, bytes]:
    """The Romanian and the English PDF of one certificate (pure: safe in a worker process)."""
    from ..pdf import render_certificate

    rendered = {}
    for language in ("ro", "en"):
        names = [(ro if language == "ro" else en, score) for en, ro, score in facts["competencies"]]
        rendered[language] = render_certificate({**facts, "competencies": names}, language)
    return rendered


def _prepare(internship) -> dict:
    issued_on = timezone.localdate()
    return certificate_facts(
        internship, serial=next_serial(issued_on.year), code=new_code(), issued_on=issued_on
    )


def printable(facts: dict) -> dict:
    """The facts as JSON: dates as ISO strings, hours as a number, names as printed."""
    keep = (
        "serial",
        "university",
        "student",
        "programme",
        "organisation",
        "period",
        "host_tutor",
        "supervisor",
        "grade",
        "passed",
        "credits",
    )
    printed = {key: facts[key] for key in keep}
    printed.update(
        starts_on=facts["starts_on"].isoformat(),
        ends_on=facts["ends_on"].isoformat(),
        issued_on=facts["issued_on"].isoformat(),
        hours=float(facts["hours"]),
        competencies=[[en, ro, score] for en, ro, score in facts["competencies"]],
    )
    return printed


def _store(internship, facts: dict, pdfs: dict[str, bytes], *, by) -> Certificate:
    certificate = Certificate(
        internship=internship,
        serial=facts["serial"],
        code=facts["code"],
        language=internship.period.certificate_language,
        issued_by=by,
        sha256_ro=hashlib.sha256(pdfs["ro"]).hexdigest(),
        sha256_en=hashlib.sha256(pdfs["en"]).hexdigest(),
        facts=printable(facts),
    )
    certificate.pdf_ro.save("ro.pdf", ContentFile(pdfs["ro"]), save=False)
    certificate.pdf_en.save("en.pdf", ContentFile(pdfs["en"]), save=False)
    certificate.save()
    record_event(internship, by=by, action="certificate_issued", note=certificate.serial)
    notify(
        [internship.student],
        "certificate_issued",
        url=internship.get_absolute_url(),
        serial=certificate.serial,
    )
    return certificate


def _issuable(internship) -> None:
    if internship.status != Internship.Status.COMPLETED:
        raise ServiceError(_("A certificate is issued for a completed internship only."))
    if internship.certificates.filter(revoked_at=None).exists():
        raise ServiceError(
            _("This internship already has a valid certificate. Reissue it instead, with a reason.")
        )


def _locked_internship(internship) -> Internship:
    return (
        Internship.objects.select_for_update(of=("self",))
        .select_related(
            "student__student_profile__programme",
            "organisation",
            "period",
            "host_tutor",
            "academic_supervisor",
            "result",
        )
        .get(pk=internship.pk)
    )


@transaction.atomic
def issue_certificate(*, internship, by) -> Certificate:
    """Staff issue the certificate of one completed internship; never two valid ones."""
    ensure(by, "internships.moderate")
    internship = _locked_internship(internship)
    _issuable(internship)
    facts = _prepare(internship)
    return _store(internship, facts, render_both(facts), by=by)


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
    internship = _locked_internship(old.internship)
    _revoke(old, by=by, reason=reason)
    _issuable(internship)
    facts = _prepare(internship)
    new = _store(internship, facts, render_both(facts), by=by)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


def find_by_pdf(content: bytes) -> tuple[Certificate | None, str | None]:
    """Which certificate (and language) these exact bytes are, if any."""
    digest = hashlib.sha256(content).hexdigest()
    certificate = Certificate.objects.filter(sha256_ro=digest).select_related("internship").first()
    if certificate:
        return certificate, "ro"
    certificate = Certificate.objects.filter(sha256_en=digest).select_related("internship").first()
    return (certificate, "en") if certificate else (None, None)


# Issuing a whole period ------------------------------------------------------------------


@transaction.atomic
def start_issue_job(*, period, by) -> IssueJob:
    """Queue the certificates of every completed internship of the period."""
    ensure(by, "internships.moderate")
    Period.objects.select_for_update().get(pk=period.pk)  # two clicks: one job
    if IssueJob.objects.filter(period=period, status__in=("queued", "running")).exists():
        raise ServiceError(_("Certificates for this period are being issued already."))
    job = IssueJob.objects.create(period=period, started_by=by)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import issue_period_certificates

    issue_period_certificates.enqueue(job_id)


def run_issue_job(job_id: int) -> IssueJob:
    """Issue what is missing, a batch at a time, rendering on every core; safe to re-run and
    to run twice at once: an internship with a valid certificate is skipped."""
    job = IssueJob.objects.select_related("period", "started_by").get(pk=job_id)
    # Claim the job: a task delivered twice runs it once (the other finds it taken).
    claimed = IssueJob.objects.filter(pk=job.pk, status=IssueJob.Status.QUEUED).update(
        status=IssueJob.Status.RUNNING
    )
    if not claimed:
        job.refresh_from_db()
        return job
    pending = list(
        Internship.objects.filter(period=job.period, status=Internship.Status.COMPLETED)
        .exclude(pk__in=Certificate.objects.filter(revoked_at=None).values("internship_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    IssueJob.objects.filter(pk=job.pk).update(total=len(pending), done=0, skipped=0)
    workers = max(1, int(settings.CERTIFICATE_WORKERS))
    batch = max(1, workers * 4)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        for start in range(0, len(pending), batch):
            chunk = pending[start : start + batch]
            prepared = []
            for pk in chunk:
                with transaction.atomic():
                    internship = _locked_internship(Internship(pk=pk))
                    try:
                        _issuable(internship)
                    except ServiceError:
                        IssueJob.objects.filter(pk=job.pk).update(skipped=F("skipped") + 1)
                        continue
                    prepared.append((internship, _prepare(internship)))
            rendered = (
                pool.map(render_both, [facts for _, facts in prepared])
                if pool
                else map(render_both, [facts for _, facts in prepared])
            )
            for (internship, facts), pdfs in zip(prepared, rendered, strict=True):
                try:
                    with transaction.atomic():
                        _locked_internship(internship)
                        _issuable(internship)
                        _store(internship, facts, pdfs, by=job.started_by)
                except (ServiceError, IntegrityError):
                    IssueJob.objects.filter(pk=job.pk).update(skipped=F("skipped") + 1)
                else:
                    IssueJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    except Exception as error:
        IssueJob.objects.filter(pk=job.pk).update(
            status=IssueJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        if pool:
            pool.shutdown()
    IssueJob.objects.filter(pk=job.pk).update(
        status=IssueJob.Status.DONE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
