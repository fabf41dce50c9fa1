"""Helpers of the race tests: actions released together in threads, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from core.services import ServiceError


def at_once(*actions) -> list[str]:
    """Run the actions in threads released together; what each ended with."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "done"
        except ServiceError as error:
            outcomes[index] = "refused: " + error.text
        except Exception as error:  # noqa: BLE001 (the assertion shows it)
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
