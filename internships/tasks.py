"""Background jobs of internships (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from . import services


@task()
def expire_offers() -> int:
    """Offers past their deadline expire; running it twice changes nothing the second time."""
    return services.expire_offers()
