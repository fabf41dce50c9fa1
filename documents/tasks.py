"""Background jobs of documents (Django Tasks API); they take ids, never instances."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.worker import backoff

from . import issuing, signed_agreements, signing
from .models import IssueJob


@task()
def issue_period_certificates(job_id: int) -> int:
    """Issue every missing certificate of a period; re-running it issues nothing twice, and
    a run delivered again after its worker died resumes where that one stopped."""
    job = issuing.run_issue_job(job_id)
    if job.status == IssueJob.Status.QUEUED and job.retry_at:
        enqueue_issue_job(job.pk, run_after=job.retry_at)
    return job.done


def enqueue_issue_job(job_id: int, *, run_after=None) -> None:
    """Hand the job to a worker, at `run_after` when the backend can wait; when it cannot
    (the immediate backend of development), the next recovery step runs it when it is due."""
    runner = issue_period_certificates
    if run_after is not None:
        if not runner.get_backend().supports_defer:
            return
        runner = runner.using(run_after=run_after)
    runner.enqueue(job_id)


# Signing confirmed agreements --------------------------------------------------------------


def _retry_later(runner, document_id: int, attempt: int, error: Exception) -> None:
    """A signature that failed (the certificate unreadable for now, the storage away) is
    tried again with a backoff, JOB_MAX_ATTEMPTS times in all; after that, or on a backend
    that cannot wait, the hourly `sign_confirmed_agreements` catches it up. The
    confirmation itself was committed before this task ran: nothing of it is lost."""
    if attempt >= settings.JOB_MAX_ATTEMPTS or not runner.get_backend().supports_defer:
        raise error
    delay = backoff(attempt, base=settings.JOB_RETRY_DELAY, cap=3600)
    runner.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        document_id, attempt + 1
    )


@task()
def sign_agreement_version(version_id: int, attempt: int = 1) -> bool:
    """Sign an agreement version the three parties confirmed; running it twice signs once."""
    try:
        return signed_agreements.sign_version(version_id)
    except Exception as error:
        _retry_later(sign_agreement_version, version_id, attempt, error)
        return False


@task()
def sign_amendment(amendment_id: int, attempt: int = 1) -> bool:
    """Sign an amendment the three parties confirmed; running it twice signs once."""
    try:
        return signed_agreements.sign_amendment(amendment_id)
    except Exception as error:
        _retry_later(sign_amendment, amendment_id, attempt, error)
        return False


@task()
def sign_confirmed_agreements() -> int:
    """Every confirmed version and amendment still unsigned (scheduled hourly)."""
    return signed_agreements.sign_pending()


def on_agreement_confirmed_by_all(sender, version, **kwargs) -> None:
    """internships.signals.agreement_confirmed_by_all (sent on commit): sign in the background."""
    if signing.signing_configured():
        sign_agreement_version.enqueue(version.pk)


def on_amendment_confirmed_by_all(sender, amendment, **kwargs) -> None:
    if signing.signing_configured():
        sign_amendment.enqueue(amendment.pk)
