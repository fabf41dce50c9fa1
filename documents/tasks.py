"""Background jobs of documents (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from . import issuing


@task()
def issue_period_certificates(job_id: int) -> int:
    """Issue every missing certificate of a period; re-running it issues nothing twice."""
    return issuing.run_issue_job(job_id).done
