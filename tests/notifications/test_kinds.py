"""A kind of notification that counts chooses its sentence by its "count" parameter, stored
as text like every parameter."""

import pytest
from django.utils import translation

# Aliased so that makemessages leaves this test-only text out of the catalogue.
from django.utils.translation import ngettext_lazy as lazy_plural

from notifications import kinds


@pytest.fixture
def counting_kind(monkeypatch):
    monkeypatch.setattr(kinds, "KINDS", dict(kinds.KINDS))
    kinds.register(
        "test_counting",
        lazy_plural("%(count)s entry waits.", "%(count)s entries wait.", "count"),
    )
    return "test_counting"


@pytest.mark.parametrize(
    ("count", "text"), [(1, "1 entry waits."), ("1", "1 entry waits."), ("4", "4 entries wait.")]
)
def test_a_counting_kind_agrees_with_its_count(counting_kind, count, text):
    with translation.override("en"):
        assert kinds.render_text(counting_kind, {"count": count}) == text
