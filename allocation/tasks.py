"""Background jobs of allocation rounds (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from . import running


@task()
def run_allocation(run_id: int) -> str:
    """Run one queued allocation run; delivered twice, the second does nothing."""
    return running.execute_run(run_id)
