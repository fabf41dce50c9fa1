"""How a certificate is made: its serial and code, the facts it prints, its two PDFs, and
the record that keeps their digests. The services and the period's job both use these."""

import base64
import hashlib
import secrets
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.services import ServiceError
from core.worker import backoff, is_transient
from internships.models import Internship
from mentors.models import Evaluation
from notifications.services import notify, record_event

from . import signing
from .models import Certificate, IssueJob, SerialCounter
from .pdf.certificate import render_certificate


def new_code() -> str:
    """120 random bits in base32: unguessable, easy to type, no padding."""
    return base64.b32encode(secrets.token_bytes(15)).decode()


def format_serial(year: int, number: int) -> str:
    return f"PRA-{year}-{number:06d}"


def next_serial(year: int) -> str:
    """PRA-2026-000123: the year's counter row is locked while the number is taken, and the
    number is taken in the transaction that saves the certificate: a crash rolls both back,
    so no number is ever skipped."""
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_serial(year, counter.last)


def peek_serials(year: int, count: int) -> list[str]:
    """The next `count` serials, without taking them: a batch renders its PDFs with these,
    then takes each (`next_serial`) in the transaction that saves its certificate."""
    last = SerialCounter.objects.filter(year=year).values_list("last", flat=True).first() or 0
    return [format_serial(year, last + n) for n in range(1, count + 1)]


def certificate_facts(internship: Internship, *, serial: str, code: str, issued_on) -> dict:
    """Everything the certificate prints, read once (the renderer touches no database)."""
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
        "student": student.display_name,
        "programme": profile.programme.name if profile and profile.programme else "",
        "organisation": internship.organisation.legal_name,
        "period": internship.period.name,
        "starts_on": internship.starts_on,
        "ends_on": internship.ends_on,
        "hours": hours or 0,
        "host_tutor": internship.host_tutor.display_name if internship.host_tutor else "—",
        "supervisor": internship.academic_supervisor.display_name
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
    """The Romanian and the English PDF of one certificate, each signed by the university
    when a signing certificate is set (pure: safe in a worker process, which loads the
    signer once). These exact bytes are what people get, so their SHA-256 is the record's."""
    sign = signing.signing_configured()
    rendered = {}
    for language in ("ro", "en"):
        names = [(ro if language == "ro" else en, score) for en, ro, score in facts["competencies"]]
        pdf = render_certificate({**facts, "competencies": names}, language)
        if sign:
            with translation.override(language):
                reason = _("Internship certificate %(serial)s") % {"serial": facts["serial"]}
            pdf = signing.sign_pdf(pdf, reason=reason, location=signing.location())
        rendered[language] = pdf
    return rendered


def prepare(internship) -> dict:
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


def store(internship, facts: dict, pdfs: dict[str, bytes], *, by) -> Certificate:
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
        by=by,
        url=internship.get_absolute_url(),
        serial=certificate.serial,
    )
    return certificate


def ensure_issuable(internship, *, again: bool = False) -> None:
    """A completed internship without a valid certificate; one whose certificate was revoked
    is issued again only explicitly (`again`), never as if it were missing one."""
    if internship.status != Internship.Status.COMPLETED:
        raise ServiceError(_("A certificate is issued for a completed internship only."))
    if internship.certificates.filter(revoked_at=None).exists():
        raise ServiceError(
            _("This internship already has a valid certificate. Reissue it instead, with a reason.")
        )
    if not again and internship.certificates.exists():
        raise ServiceError(
            _(
                "The certificate of this internship was revoked. Issue it again explicitly, "
                "with a reason."
            )
        )


def lock_internship(internship) -> Internship:
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


# A period's batch ------------------------------------------------------------------------


def _claim(job_id: int) -> bool:
    """Take the job for this worker: a queued one that is due, or a running one whose worker
    has not touched it within the lease (that worker is gone). One conditional UPDATE, so
    of two workers delivered the same job, one wins and the other does nothing."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.ISSUE_JOB_LEASE)
    due = Q(status=IssueJob.Status.QUEUED) & (Q(retry_at=None) | Q(retry_at__lte=now))
    abandoned = Q(status=IssueJob.Status.RUNNING) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at=None, created_at__lt=stale)
    )
    return bool(
        IssueJob.objects.filter(due | abandoned, pk=job_id).update(
            status=IssueJob.Status.RUNNING,
            heartbeat_at=now,
            retry_at=None,
            attempts=F("attempts") + 1,
        )
    )


def _missing(job) -> tuple[list[int], int]:
    """The completed internships of the period that never had a certificate, and how many
    have only revoked ones (those are not missing: they are issued again by hand)."""
    completed = Internship.objects.filter(period=job.period_id, status=Internship.Status.COMPLETED)
    pending = list(
        completed.exclude(pk__in=Certificate.objects.values("internship_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    revoked = (
        completed.filter(pk__in=Certificate.objects.values("internship_id"))
        .exclude(pk__in=Certificate.objects.filter(revoked_at=None).values("internship_id"))
        .count()
    )
    return pending, revoked


def _plan(chunk: list[int]) -> tuple[list, int]:
    """Read the facts of a chunk, each with the serial it will take if nobody else takes one
    first; nothing is locked or written, so a crash here loses nothing."""
    planned, skipped = [], 0
    issued_on = timezone.localdate()
    internships = (
        Internship.objects.filter(pk__in=chunk)
        .select_related(
            "student__student_profile__programme",
            "organisation",
            "period",
            "host_tutor",
            "academic_supervisor",
            "result",
        )
        .order_by("pk")
    )
    issuable = []
    for internship in internships:
        try:
            ensure_issuable(internship)
        except ServiceError:
            skipped += 1
        else:
            issuable.append(internship)
    serials = peek_serials(issued_on.year, len(issuable))
    for internship, serial in zip(issuable, serials, strict=True):
        facts = certificate_facts(internship, serial=serial, code=new_code(), issued_on=issued_on)
        planned.append((internship, facts))
    return planned, skipped + len(chunk) - len(internships)


def _issue_one(job, internship, facts: dict, pdfs: dict[str, bytes]) -> bool:
    """One certificate in one transaction: its serial taken, its row saved and the job's
    count and heartbeat moved together. If a serial was taken meanwhile (a certificate
    issued by hand), the PDFs are drawn again with the next one. False: nothing to issue."""
    with transaction.atomic():
        internship = lock_internship(internship)
        try:
            ensure_issuable(internship)
        except ServiceError:
            IssueJob.objects.filter(pk=job.pk).update(
                skipped=F("skipped") + 1, heartbeat_at=timezone.now()
            )
            return False
        serial = next_serial(facts["issued_on"].year)
        if serial != facts["serial"]:
            facts = {**facts, "serial": serial}
            pdfs = render_both(facts)
        store(internship, facts, pdfs, by=job.started_by)
        IssueJob.objects.filter(pk=job.pk).update(done=F("done") + 1, heartbeat_at=timezone.now())
    return True


def _issue_missing(job) -> None:
    # A signing certificate that is set but unusable fails the batch before anything is
    # rendered: the reason is kept on the job and told to the person who started it.
    signing.ensure_signing_ready()
    pending, revoked = _missing(job)
    # A resumed job keeps what it counted before: the certificates it issued are no longer
    # missing, so the total is those plus what is left.
    IssueJob.objects.filter(pk=job.pk).update(
        total=F("done") + F("skipped") + len(pending), revoked=revoked
    )
    workers = max(1, int(settings.CERTIFICATE_WORKERS))
    batch = max(1, workers * 4)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        for start in range(0, len(pending), batch):
            planned, skipped = _plan(pending[start : start + batch])
            if skipped:
                IssueJob.objects.filter(pk=job.pk).update(skipped=F("skipped") + skipped)
            all_facts = [facts for _, facts in planned]
            rendered = pool.map(render_both, all_facts) if pool else map(render_both, all_facts)
            for (internship, facts), pdfs in zip(planned, rendered, strict=True):
                try:
                    _issue_one(job, internship, facts, pdfs)
                except IntegrityError:
                    # Issued meanwhile by another worker: the unique constraint kept it one.
                    IssueJob.objects.filter(pk=job.pk).update(skipped=F("skipped") + 1)
    finally:
        if pool:
            pool.shutdown()


def _failed(job, error: BaseException) -> None:
    """A transient failure (the database, the storage) is tried again later, with a backoff,
    up to JOB_MAX_ATTEMPTS tries; any other, or the last, ends the job as failed."""
    now = timezone.now()
    reason = (str(error).strip() or type(error).__name__)[:2000]
    job.refresh_from_db(fields=["attempts"])
    if is_transient(error) and job.attempts < settings.JOB_MAX_ATTEMPTS:
        delay = backoff(job.attempts, base=settings.JOB_RETRY_DELAY, cap=3600)
        IssueJob.objects.filter(pk=job.pk).update(
            status=IssueJob.Status.QUEUED,
            error=reason,
            retry_at=now + timedelta(seconds=delay),
        )
        return
    IssueJob.objects.filter(pk=job.pk).update(
        status=IssueJob.Status.FAILED, error=reason, finished_at=now
    )
    notify(
        [job.started_by],
        "certificate_batch_failed",
        url=reverse("issue_job", args=[job.pk]),
        period=job.period.name,
        reason=reason,
    )


def run_issue_job(job_id: int) -> IssueJob:
    """Issue what is missing, a chunk at a time, rendering on every core, each certificate
    in its own transaction. Safe to re-run, to run twice at once, and to resume after its
    worker died: an internship with a certificate is skipped, so none is issued twice."""
    if not _claim(job_id):
        return IssueJob.objects.get(pk=job_id)
    job = IssueJob.objects.select_related("period", "started_by").get(pk=job_id)
    try:
        _issue_missing(job)
    except Exception as error:
        _failed(job, error)
        job.refresh_from_db()
        if job.status == IssueJob.Status.FAILED:
            raise
        return job
    IssueJob.objects.filter(pk=job.pk).update(
        status=IssueJob.Status.DONE, error="", finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
