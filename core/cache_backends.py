"""Django's Redis cache, made to outlive Redis: while Redis does not answer, pages, logins and
/verify/ go on working.

What the cache holds is of two kinds, and each degrades its own way:

- Copies of figures (the dashboard, the search facets): while Redis is down a read is a miss
  and a write is dropped, so the figures are counted on every request. Nothing stale is ever
  served: a copy kept in this process could miss another process's invalidation.
- Security controls (the rate limits of login, password reset and /verify/, allauth's replay
  guard of two-factor codes): their keys (the prefixes in LOCAL_FALLBACK_PREFIXES) move to a
  cache in this process's memory. A limit then holds per app process instead of across all
  of them (with 2 gunicorn workers an attacker gets at most twice the attempts), which is
  still a limit: letting every request through would hand an attacker the outage, and the
  database, the other choice, is often the very thing under load or down at the same time.

A failed call marks Redis as down for RETRY_SECONDS in this process: meanwhile no call waits
on a connection, then the next call tries Redis again. Short socket timeouts keep a Redis
that hangs (rather than refusing) from stalling a request. The first failure, and the return
of Redis, are logged once each (a warning, then "answers again"), not once per call.

Invalidations (`incr` and `delete` of a figures key) that could not reach Redis are replayed
before the first call that finds it back, so a generation moved on during the outage is not
lost and the figures counted before it are not served again.
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_FALLBACK_PREFIXES = ("ratelimit:", "allauth")
MAX_PENDING = 10_000
LOCAL_MAX_ENTRIES = 100_000


def _without_password(url: str) -> str:
    """The address as logs may show it: redis://:secret@host/0 -> redis://host/0."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class _Health:
    """One per Redis location and process (Django makes a cache object per thread)."""

    def __init__(self):
        self.down_until = 0.0
        self.down_since = 0.0
        self.pending: dict[str, str] = {}  # key -> "incr" | "delete", replayed on return
        self.lock = threading.Lock()


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """OPTIONS, besides redis-py's own: RETRY_SECONDS (5) and LOCAL_FALLBACK_PREFIXES;
    socket_connect_timeout and socket_timeout default to half a second."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.fallback_prefixes = tuple(
            options.pop("LOCAL_FALLBACK_PREFIXES", DEFAULT_FALLBACK_PREFIXES)
        )
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = ",".join(_without_password(url) for url in self._servers)
        with _health_lock:
            self._health = _health.setdefault(self._location, _Health())
        local = {k: v for k, v in params.items() if k not in {"BACKEND", "LOCATION", "OPTIONS"}}
        # Room for every counter of an outage: one evicted early would let its client retry.
        local["OPTIONS"] = {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}
        self._local = LocMemCache(f"resilient-redis-fallback:{self._location}", local)

    # The circuit --------------------------------------------------------------------------

    def is_up(self) -> bool:
        return time.monotonic() >= self._health.down_until

    def _failed(self, error: Exception) -> None:
        health = self._health
        with health.lock:
            first = health.down_since == 0.0
            if first:
                health.down_since = time.monotonic()
            health.down_until = time.monotonic() + self.retry_seconds
        if first:
            log.warning(
                "Redis (%s) does not answer (%s): figures are counted without the cache and "
                "rate limits are kept in each process's memory until it answers again.",
                self._location,
                error,
            )

    def _recovered(self) -> None:
        """Before the first call that finds Redis back: replay what it missed. Raises what
        Redis raises, if it fails again."""
        health = self._health
        if health.down_since == 0.0:
            return
        with health.lock:
            pending = dict(health.pending)
        for key, action in pending.items():
            if action == "delete":
                super().delete(key)
            else:
                try:
                    super().incr(key)
                except ValueError:  # no counter yet: start it at 1, as Cached.invalidate does
                    super().add(key, 1, timeout=None)
            with health.lock:
                health.pending.pop(key, None)
        with health.lock:
            if health.down_since == 0.0:
                return
            seconds = time.monotonic() - health.down_since
            health.down_since = 0.0
        log.warning("Redis (%s) answers again after %.0f s.", self._location, seconds)

    def _redis(self, name: str, *args, **kwargs):
        """Redis's answer, or None and the circuit opened when it does not answer."""
        try:
            self._recovered()
            return True, getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._failed(error)
            return False, None

    def _remember(self, key: str, action: str) -> None:
        with self._health.lock:
            if len(self._health.pending) < MAX_PENDING or key in self._health.pending:
                if self._health.pending.get(key) != "delete":
                    self._health.pending[key] = action

    def _is_local(self, key) -> bool:
        return str(key).startswith(self.fallback_prefixes)

    def _call(self, name: str, key, args, kwargs, *, miss):
        """Redis's answer, or while Redis is down: this process's memory for a security
        key, `miss()` for any other."""
        if self.is_up():
            answered, result = self._redis(name, key, *args, **kwargs)
            if answered:
                return result
        if self._is_local(key):
            return getattr(self._local, name)(key, *args, **kwargs)
        return miss()

    # The cache's interface ----------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        kw = {"timeout": timeout, "version": version}
        return self._call("add", key, (value,), kw, miss=lambda: True)

    def get(self, key, default=None, version=None):
        return self._call("get", key, (default,), {"version": version}, miss=lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        kw = {"timeout": timeout, "version": version}
        return self._call("set", key, (value,), kw, miss=lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        kw = {"timeout": timeout, "version": version}
        return self._call("touch", key, (), kw, miss=lambda: False)

    def delete(self, key, version=None):
        def missed():
            self._remember(key, "delete")
            return False

        return self._call("delete", key, (), {"version": version}, miss=missed)

    def has_key(self, key, version=None):
        return self._call("has_key", key, (), {"version": version}, miss=lambda: False)

    def incr(self, key, delta=1, version=None):
        def missed():
            self._remember(key, "incr")
            raise ValueError(f"Key '{key}' not found (Redis does not answer).")

        return self._call("incr", key, (delta,), {"version": version}, miss=missed)

    def get_many(self, keys, version=None):
        keys = list(keys)
        if self.is_up():
            answered, result = self._redis("get_many", keys, version=version)
            if answered:
                return result
        return self._local.get_many([k for k in keys if self._is_local(k)], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        kw = {"timeout": timeout, "version": version}
        if self.is_up():
            answered, result = self._redis("set_many", data, **kw)
            if answered:
                return result
        self._local.set_many({k: v for k, v in data.items() if self._is_local(k)}, **kw)
        return [k for k in data if not self._is_local(k)]  # the keys not stored

    def delete_many(self, keys, version=None):
        keys = list(keys)
        if self.is_up():
            answered, result = self._redis("delete_many", keys, version=version)
            if answered:
                return result
        for key in keys:
            if self._is_local(key):
                self._local.delete(key, version=version)
            else:
                self._remember(key, "delete")
        return None

    def clear(self):
        self._local.clear()
        if self.is_up():
            answered, result = self._redis("clear")
            if answered:
                return result
        return False
