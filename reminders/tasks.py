"""Background jobs of reminders (Django Tasks API)."""

from django_tasks import task

from . import services


@task()
def send_daily_reminders() -> dict:
    """The day's reminders; running it twice sends nothing the second time."""
    return services.send_reminders().as_dict()
