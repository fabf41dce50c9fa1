"""Background jobs of internships (Django Tasks API); they take ids, never instances."""

from django_tasks import task

from . import services


@task()
def expire_offers() -> int:
    """Offers past their deadline expire; running it twice changes nothing the second time."""
    return services.expire_offers()


@task()
def close_placements_past_deadline() -> int:
    """Placements past their application deadline close; safe to run twice."""
    return services.close_placements_past_deadline()
