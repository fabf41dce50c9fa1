"""Facet counts of the public search: beside each choice of county, work mode, study
programme, period and paid, how many public placements are open for applications.

The counts are over every public placement, not the visitor's current filter, so one
cached dict serves everyone. Each facet is one GROUP BY query counted by the database; the
cache keeps numbers only (ids and codes, no names, so any language can use them) for ten
minutes at most, under a key with today's date because "open" depends on it. The services
that change what is public call `invalidate()` once their transaction commits.
"""

from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from core.cache import Cached

from . import queries
from .models import Placement

CACHE_SECONDS = 600
# What anyone may see of placements and organisations: every cache of figures counted from
# it (these counts, the public figures) names this generation, and goes stale with it.
PUBLIC_PAGES = "public_pages"
CACHED = Cached("search_facets:v3", CACHE_SECONDS, generation=PUBLIC_PAGES)

# The filter each facet belongs to, and the field of Placement it groups by.
FACETS = {
    "county": "county_id",
    "work_mode": "work_mode",
    "programme": "programmes",
    "period": "period_id",
    "paid": "is_paid",
}


def open_placements(day: date) -> QuerySet[Placement]:
    """What the counts count: public placements whose deadline is not past."""
    return queries.public_placements().filter(deadline__gte=day)


def _count(day: date) -> dict[str, dict]:
    placements = open_placements(day).order_by()
    counts = {}
    for facet, field in FACETS.items():
        rows = placements.values(field).annotate(n=Count("pk")).values_list(field, "n")
        counts[facet] = {key: n for key, n in rows if key is not None}
    counts["paid"] = {("yes" if paid else "no"): n for paid, n in counts["paid"].items()}
    return counts


def counts() -> dict[str, dict]:
    """{"county": {county id: n}, "work_mode": {code: n}, "programme": {id: n},
    "period": {id: n}, "paid": {"yes": n, "no": n}}; a choice without any is absent."""
    today = timezone.localdate()
    return CACHED.get(today.isoformat(), lambda: _count(today))


def invalidate() -> None:
    """Forget what was counted from the public pages (these counts, the public figures):
    the next visit counts again."""
    CACHED.invalidate()
