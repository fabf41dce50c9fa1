"""What every background process shares: telling a passing failure (the database restarting,
the mail server away, a network blip) from a lasting one, a backoff between tries, and a
loop that outlives a database outage instead of ending the process."""

import logging
import time
from collections.abc import Callable

from django import db

logger = logging.getLogger("practica.worker")

# The database went away or is restarting: close the connection and try again later.
DATABASE_OUTAGE = (db.OperationalError, db.InterfaceError)


def is_transient(error: BaseException) -> bool:
    """A failure worth trying again: the database, the network or a file system (storage,
    the mail server's socket) that may answer in a moment. A bug or bad data is not."""
    return isinstance(error, (*DATABASE_OUTAGE, ConnectionError, TimeoutError, OSError))


def backoff(attempt: int, *, base: float, cap: float) -> float:
    """Seconds to wait before try `attempt + 1`: base, 2×base, 4×base … at most cap."""
    return min(cap, base * 2 ** max(0, attempt - 1))


def outlive_outages(
    step: Callable[[], bool | None],
    *,
    base: float = 1,
    cap: float = 30,
    sleep: Callable[[float], None] | None = None,
    name: str = "worker",
) -> None:
    """Call `step` again and again until it returns True (done). While the database is down
    it raises OperationalError or InterfaceError: then every connection is closed (a new
    one is opened on the next query) and the loop waits 1, 2, 4 … `cap` seconds, for as
    long as the outage lasts, instead of ending the process."""
    failures = 0
    while True:
        try:
            if step():
                return
        except DATABASE_OUTAGE as error:
            failures += 1
            delay = backoff(failures, base=base, cap=cap)
            logger.warning(
                "%s: the database is unavailable (%s); trying again in %.0f s",
                name,
                str(error).strip() or type(error).__name__,
                delay,
            )
            db.connections.close_all()
            (sleep or time.sleep)(delay)
        else:
            if failures:
                logger.warning("%s: the database is back after %d failed tries", name, failures)
            failures = 0
