"""Background jobs of documents (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from . import issuing
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
