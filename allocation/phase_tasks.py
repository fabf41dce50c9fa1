"""The hourly job that tells people when a round's phase begins (alloc-rank)."""

from django_tasks import task

from .services import ranking


@task()
def tell_phases_started() -> int:
    """Tell the people of each round whose phase began; running it twice tells no one twice."""
    return ranking.tell_phases_started()
