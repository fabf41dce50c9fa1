"""Background jobs of mentoring (Django Tasks API)."""

from django_tasks import task

from . import services


@task()
def start_due_internships() -> int:
    """Planned internships whose start date has come become active; safe to repeat."""
    return services.start_due_internships()
