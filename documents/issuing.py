"""How a certificate is made: its serial and code, the facts it prints, its two PDFs, and
the record that keeps their digests. The services and the period's job both use these."""

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

from core.services import ServiceError
from internships.models import Internship
from mentors.models import Evaluation
from notifications.services import notify, record_event

from .models import Certificate, IssueJob, SerialCounter
from .pdf.certificate import render_certificate


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
        "programme": str(profile.programme) if profile and profile.programme else "",
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
    """The Romanian and the English PDF of one certificate (pure: safe in a worker process)."""
    rendered = {}
    for language in ("ro", "en"):
        names = [(ro if language == "ro" else en, score) for en, ro, score in facts["competencies"]]
        rendered[language] = render_certificate({**facts, "competencies": names}, language)
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
    completed = Internship.objects.filter(period=job.period, status=Internship.Status.COMPLETED)
    # Only what has never had a certificate is missing one: a revoked certificate is not
    # missing, it is issued again by hand, with a reason.
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
    IssueJob.objects.filter(pk=job.pk).update(
        total=len(pending), done=0, skipped=0, revoked=revoked
    )
    workers = max(1, int(settings.CERTIFICATE_WORKERS))
    batch = max(1, workers * 4)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        for start in range(0, len(pending), batch):
            chunk = pending[start : start + batch]
            prepared = []
            for pk in chunk:
                with transaction.atomic():
                    internship = lock_internship(Internship(pk=pk))
                    try:
                        ensure_issuable(internship)
                    except ServiceError:
                        IssueJob.objects.filter(pk=job.pk).update(skipped=F("skipped") + 1)
                        continue
                    prepared.append((internship, prepare(internship)))
            rendered = (
                pool.map(render_both, [facts for _, facts in prepared])
                if pool
                else map(render_both, [facts for _, facts in prepared])
            )
            for (internship, facts), pdfs in zip(prepared, rendered, strict=True):
                try:
                    with transaction.atomic():
                        lock_internship(internship)
                        ensure_issuable(internship)
                        store(internship, facts, pdfs, by=job.started_by)
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
