"""Figures kept in the cache: a change is never undone by a count that raced it, and a
cache that does not answer costs a count, never an error."""

import pytest
from django.core.cache import cache

from core.cache import Cached


@pytest.fixture
def kept(db):
    cache.clear()
    return Cached("test_figures", 60)


def test_a_value_is_counted_once_then_read(kept):
    counted = []

    def count():
        counted.append(1)
        return {"n": len(counted)}

    assert kept.get("ro", count) == {"n": 1}
    assert kept.get("ro", count) == {"n": 1}
    assert kept.get("en", count) == {"n": 2}  # each variant is counted on its own


def test_after_invalidating_every_variant_is_counted_again(kept):
    kept.get("ro", lambda: "old")
    kept.get("en", lambda: "old")

    kept.invalidate()

    assert kept.get("ro", lambda: "new") == "new"
    assert kept.get("en", lambda: "new") == "new"
    assert kept.get("ro", lambda: "newer") == "new"


def test_a_count_begun_before_a_change_and_stored_after_it_is_not_served(kept):
    """The race: a request starts counting, a change commits and invalidates, then the
    request stores what it counted, the old numbers."""

    def count_while_a_change_commits():
        kept.invalidate()  # the change lands while this request is counting
        return "counted before the change"

    assert kept.get("ro", count_while_a_change_commits) == "counted before the change"
    assert kept.get("ro", lambda: "counted after the change") == "counted after the change"


def test_fresh_counts_now_and_keeps_it(kept):
    kept.get("ro", lambda: "old")

    assert kept.get("ro", lambda: "now", fresh=True) == "now"
    assert kept.get("ro", lambda: "later") == "now"


def test_a_cache_that_does_not_answer_means_counting_every_time(monkeypatch, kept):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr("core.cache.cache", Down())

    assert kept.get("ro", lambda: "counted") == "counted"
    assert kept.get("ro", lambda: "counted again") == "counted again"
    kept.invalidate()  # no error either


def test_the_search_and_the_figures_answer_with_the_cache_down(monkeypatch, client, placement):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr("core.cache.cache", Down())

    search = client.get("/placements/")
    figures = client.get("/figures/")

    assert search.status_code == 200 and placement.title in search.content.decode()
    assert figures.status_code == 200
