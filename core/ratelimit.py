"""A small fixed-window rate limit kept in Django's cache (Redis or the database cache), so
that it holds across app servers: "30/m" means at most 30 hits a minute for one key.

While Redis does not answer, the cache backend (core/cache_backends.py) keeps these counters
in each process's memory: the limit still holds, per process. A cache that fails otherwise
(a backend without that fallback) lets the hit through with a warning rather than fail the
page: these limits guard public pages against scraping, not accounts (allauth guards those).
"""

import logging
import time

from django.core.cache import cache
from django.db import DatabaseError

log = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60): how many hits, in how many seconds."""
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit.strip().lower()[:1] or "m"]


def _key(scope: str, who: str, seconds: int) -> str:
    window = int(time.time() // seconds)
    return f"ratelimit:{scope}:{who}:{window}"


def hit(scope: str, who: str, rate: str) -> bool:
    """Count one hit; False once `who` is past the limit in the current window."""
    limit, seconds = parse_rate(rate)
    key = _key(scope, who, seconds)
    try:
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds + 1)
            count = 1
    except DatabaseError:
        raise  # the database cache with the database down: the page answers 503
    except Exception as error:  # noqa: BLE001 (any other failure of the cache)
        log.warning("Rate limit %s not counted, the cache fails: %s", scope, error)
        return True
    return count <= limit


def is_over(scope: str, who: str, rate: str) -> bool:
    """Whether `who` is already past the limit, without counting a hit."""
    limit, seconds = parse_rate(rate)
    try:
        return (cache.get(_key(scope, who, seconds)) or 0) >= limit
    except DatabaseError:
        raise
    except Exception as error:  # noqa: BLE001
        log.warning("Rate limit %s not read, the cache fails: %s", scope, error)
        return False
