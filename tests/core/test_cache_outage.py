"""Redis down: every page, login and /verify/ still works; the rate limits still hold (in
each process's memory); figures are counted without the cache, never served stale."""

import socket

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from core import cache_backends, ratelimit
from core.cache import Cached
from tests import factories

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def resilient(location=DEAD, **options):
    return {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"RETRY_SECONDS": 60, **options},
        }
    }


@pytest.fixture(autouse=True)
def _fresh_circuits():
    """Each test starts with Redis taken for up (the circuits are kept per process)."""
    cache_backends._health.clear()


@pytest.fixture
def redis_down(db):
    with override_settings(CACHES=resilient()):
        caches["default"]._local.clear()
        yield caches["default"]


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


# The backend -------------------------------------------------------------------------


def test_figures_are_a_miss_and_are_not_kept(redis_down):
    assert cache.get("dashboard:x", "default") == "default"
    cache.set("dashboard:x", 1)
    assert cache.get("dashboard:x") is None
    assert cache.get_many(["dashboard:x", "y"]) == {}
    assert cache.has_key("dashboard:x") is False
    with pytest.raises(ValueError):
        cache.incr("dashboard:generation")


def test_rate_limit_counters_are_kept_in_memory_meanwhile(redis_down):
    assert cache.add("ratelimit:verify:1.2.3.4:1", 0, 60) is True
    assert cache.add("ratelimit:verify:1.2.3.4:1", 0, 60) is False
    assert cache.incr("ratelimit:verify:1.2.3.4:1") == 1
    assert cache.incr("ratelimit:verify:1.2.3.4:1") == 2
    assert cache.get_many(["ratelimit:verify:1.2.3.4:1", "other"]) == {
        "ratelimit:verify:1.2.3.4:1": 2
    }


def test_our_rate_limit_still_stops_a_client_past_it(redis_down, one_rate_window):
    assert all(ratelimit.hit("verify", "1.2.3.4", "3/m") for _ in range(3))

    assert ratelimit.hit("verify", "1.2.3.4", "3/m") is False
    assert ratelimit.is_over("verify", "1.2.3.4", "3/m") is True
    assert ratelimit.hit("verify", "5.6.7.8", "3/m") is True


def test_a_dead_redis_is_not_asked_again_until_the_retry_time(redis_down, monkeypatch, caplog):
    calls = []
    client = redis_down._cache

    def refuse(*args, **kwargs):
        calls.append(1)
        raise RedisConnectionError("refused")

    monkeypatch.setattr(client, "get", refuse)
    redis_down._health.down_until = 0.0
    redis_down._health.down_since = 0.0

    for _ in range(20):
        cache.get("anything")

    assert len(calls) == 1
    assert caplog.text.count("does not answer") == 1  # one warning, not one a call


def test_without_the_fallback_a_failing_cache_lets_our_rate_limit_through(monkeypatch, caplog):
    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise RedisConnectionError("refused")

            return fail

    monkeypatch.setattr(ratelimit, "cache", Broken())

    assert ratelimit.hit("verify", "1.2.3.4", "1/m") is True
    assert ratelimit.is_over("verify", "1.2.3.4", "1/m") is False
    assert "not counted" in caplog.text


@pytest.mark.skipif(not redis_answers(), reason="needs the Redis on 127.0.0.1:6379")
def test_an_invalidation_made_while_redis_was_down_is_replayed_on_its_return(db):
    with override_settings(CACHES=resilient("redis://127.0.0.1:6379/13", RETRY_SECONDS=0)):
        backend = caches["default"]
        backend.clear()
        figures = Cached("outage_figures", 60)
        assert figures.get("ro", lambda: "before") == "before"

        real = backend._cache.get_client

        def refuse(*args, **kwargs):
            raise RedisConnectionError("refused")

        backend._cache.get_client = refuse
        figures.invalidate()  # the change lands during the outage
        assert figures.get("ro", lambda: "during") == "during"  # counted, not kept
        backend._cache.get_client = real

        assert figures.get("ro", lambda: "after") == "after"  # not the value from before
        assert figures.get("ro", lambda: "later") == "after"  # and kept again
        backend.clear()


# The pages ---------------------------------------------------------------------------


def test_logging_in_works_while_redis_is_down(client, redis_down, student):
    response = client.post(
        reverse("account_login"), {"login": student.email, "password": factories.PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(student.pk)


def test_the_login_attempt_limit_still_holds_while_redis_is_down(client, redis_down, student):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": student.email, "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": student.email, "password": factories.PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_verify_works_while_redis_is_down(client, redis_down):
    assert client.get(reverse("verify")).status_code == 200
    assert client.get(reverse("verify"), {"code": "ABCD"}).status_code in (302, 400)
    response = client.get(reverse("verify_certificate", args=["ABCDEFGHJKLMNPQRSTUVWXYZ"]))
    assert response.status_code == 404  # no such certificate: the page, not an error


def test_pages_with_cached_figures_work_while_redis_is_down(client, redis_down, staff, placement):
    assert client.get(reverse("placement_search")).status_code == 200
    assert client.get(reverse("public_figures")).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("staff_home")).status_code == 200
    assert client.post(reverse("staff_recount")).status_code in (200, 302)


def test_the_warning_does_not_show_the_redis_password(db, caplog):
    with override_settings(CACHES=resilient("redis://:s3cret@127.0.0.1:1/0")):
        cache.get("anything")

    assert "does not answer" in caplog.text
    assert "s3cret" not in caplog.text
