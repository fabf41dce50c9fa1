"""A small fixed-window rate limit kept in Django's cache (Redis or the database cache), so
that it holds across app servers: "30/m" means at most 30 hits a minute for one key."""

import time

from django.core.cache import cache

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
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return count <= limit


def is_over(scope: str, who: str, rate: str) -> bool:
    """Whether `who` is already past the limit, without counting a hit."""
    limit, seconds = parse_rate(rate)
    return (cache.get(_key(scope, who, seconds)) or 0) >= limit
