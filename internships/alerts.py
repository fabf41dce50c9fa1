"""Alerts of saved searches: the placements published since a saved search's last alert
that match it, listed in its student's digest (a section of notifications.digests), each
placement once per search.

A daily alert goes in each digest (so daily or weekly, as the student's digest goes); a
weekly one in the digest of the student's digest weekday (notifications' settings, Monday
when they chose none)."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import digests
from notifications.emails import absolute

from . import queries
from .filters import PlacementSearchFilter
from .models import Placement, SavedSearch, SavedSearchAlert


@dataclass
class SearchAlert:
    name: str
    url: str
    placements: list[Placement] = field(default_factory=list)
    count: int = 0


def alerting_on(today: date) -> Q:
    """Saved searches whose alert goes in `today`'s digest."""
    weekly_today = Q(student__notification_settings__digest_weekday=today.weekday())
    if today.weekday() == 0:
        weekly_today |= Q(student__notification_settings=None)
    return Q(alerts=SavedSearch.Alerts.DAILY) | (Q(alerts=SavedSearch.Alerts.WEEKLY) & weekly_today)


def due(today: date):
    """Students with a saved search alerting today and a placement published since its
    last alert (that it matches is for `collect` to find)."""
    published_since = queries.public_placements().filter(published_at__gt=OuterRef("alerted_until"))
    return (
        SavedSearch.objects.filter(alerting_on(today))
        .filter(Exists(published_since))
        .values("student_id")
    )


def new_matches(saved_search: SavedSearch, *, until) -> list[Placement] | None:
    """Public placements published after the search's last alert and by `until`, matching
    its filters, not alerted yet, oldest first; None when its filters do not read any more
    (a skill or a county gone): such a search alerts nothing rather than everything."""
    placements = (
        queries.public_placements()
        .filter(published_at__gt=saved_search.alerted_until, published_at__lte=until)
        .exclude(
            Exists(
                SavedSearchAlert.objects.filter(
                    saved_search=saved_search, placement_id=OuterRef("pk")
                )
            )
        )
        .select_related("organisation")
        .defer("search_vector")
    )
    data = QueryDict(mutable=True)
    for name, values in saved_search.params.items():
        if name != "sort":
            data.setlist(name, values)
    search = PlacementSearchFilter(data, queryset=placements, student=saved_search.student)
    if not search.is_valid():
        return None
    return list(search.qs.order_by("published_at", "pk"))


def collect(people, today: date) -> dict[int, list[SearchAlert]]:
    """The alerts of `people`'s saved searches for today's digest, recorded as sent (in
    the digest's transaction): {student id: [SearchAlert]}."""
    now = timezone.now()
    searches = list(
        SavedSearch.objects.select_for_update(of=("self",))
        .filter(alerting_on(today), student_id__in=[person.pk for person in people])
        .select_related("student")
        .order_by("student_id", "name", "pk")
    )
    gathered: dict[int, list[SearchAlert]] = {}
    sent = []
    for saved_search in searches:
        placements = new_matches(saved_search, until=now) or []
        if not placements:
            continue
        sent += [SavedSearchAlert(saved_search=saved_search, placement=p) for p in placements]
        gathered.setdefault(saved_search.student_id, []).append(
            SearchAlert(
                name=saved_search.name,
                url=saved_search.get_absolute_url(),
                placements=placements[: settings.SAVED_SEARCH_ALERT_SHOWN],
                count=len(placements),
            )
        )
    SavedSearchAlert.objects.bulk_create(sent, ignore_conflicts=True)
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(alerted_until=now)
    return gathered


def render(alerts: list[SearchAlert]) -> list[str]:
    """A student's part of the digest: each saved search's new placements, with links."""
    lines = []
    for alert in alerts:
        if lines:
            lines.append("")
        lines.append(
            ngettext(
                "%(count)d new placement for your saved search “%(name)s”:",
                "%(count)d new placements for your saved search “%(name)s”:",
                alert.count,
            )
            % {"count": alert.count, "name": alert.name}
        )
        for placement in alert.placements:
            lines.append(
                _("• %(title)s, at %(organisation)s")
                % {"title": placement.title, "organisation": placement.organisation.legal_name}
            )
            lines.append(f"  {absolute(placement.get_absolute_url())}")
        if alert.count > len(alert.placements):
            lines.append(_("All of them: %(url)s") % {"url": absolute(alert.url)})
    return lines


def register() -> None:
    digests.register_section("saved_searches", due=due, collect=collect, render=render)
