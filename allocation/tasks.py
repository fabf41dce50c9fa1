"""Background jobs of allocation rounds (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from .services import runs


@task()
def run_allocation(run_id: int) -> str:
    """Run one queued allocation run; delivered twice, the second does nothing."""
    return runs.execute_run(run_id)
