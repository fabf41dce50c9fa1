"""Figures kept in the shared cache (Redis in production) and counted again after a change.

A `Cached` keeps one kind of figures, under a key per variant (a day, a language, a period).
Each value is stored with the generation it was counted in, and `invalidate()` moves the
generation on: a value counted before the change is never served again, even one that a
request began counting before the change and stored after it. A read is one round trip to
the cache (one query with the database cache). A cache that does not answer (Redis down)
means counting on every request, never an error page.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

log = logging.getLogger(__name__)


class Cached:
    """`seconds`: how long a value is kept (a number, or a function giving it, to read a
    setting when storing). Caches that name the same `generation` are invalidated together:
    the app whose changes make them stale moves it on, without knowing who reads them."""

    def __init__(
        self, name: str, seconds: int | Callable[[], int], *, generation: str | None = None
    ):
        self.name = name
        self.seconds = seconds
        self.generation_key = f"{generation or name}:generation"

    def key(self, variant: str) -> str:
        return f"{self.name}:{variant}"

    def get(self, variant: str, count: Callable[[], Any], *, fresh: bool = False) -> Any:
        """The figures of `variant` as last counted in this generation, or `count()` now
        (kept for the others); `fresh` counts now whatever is kept."""
        key = self.key(variant)
        try:
            found = cache.get_many([self.generation_key, key])
        except Exception:  # noqa: BLE001 (any failure of the cache: count without it)
            log.warning("The cache does not answer; %s counted without it.", self.name)
            return count()
        generation = found.get(self.generation_key, 0)
        kept = found.get(key)
        if not fresh and kept is not None and kept[0] == generation:
            return kept[1]
        value = count()
        try:
            seconds = self.seconds() if callable(self.seconds) else self.seconds
            cache.set(key, (generation, value), seconds)
        except Exception:  # noqa: BLE001
            log.warning("The cache does not answer; %s not kept.", self.name)
        return value

    def invalidate(self) -> None:
        """Whatever was counted before now is counted again on the next read."""
        try:
            cache.incr(self.generation_key)
        except ValueError:  # no generation yet
            cache.set(self.generation_key, 1, None)
        except Exception:  # noqa: BLE001
            log.warning("The cache does not answer; %s may stay stale.", self.name)
