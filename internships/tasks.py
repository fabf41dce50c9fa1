"""Background jobs of internships (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from . import services


@task()
def expire_offers() -> int:
    """Offers past their deadline expire; running it twice changes nothing the second time."""
    return services.expire_offers()


@task()
def issue_period_certificates(job_id: int) -> int:
    """Issue every missing certificate of a period; re-running it issues nothing twice."""
    return services.run_issue_job(job_id).done
