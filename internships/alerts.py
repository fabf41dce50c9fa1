"""Alerts of saved searches: the new placements matching a saved search, listed in its
student's digest (a section of notifications.digests, in the notification group
"saved_searches": a student who turned that group off, or unsubscribed from the digest,
gets no alerts), each placement once per search.

A daily alert goes in each digest (so daily or weekly, as the student's digest goes); a
weekly one in the digest of the student's digest weekday (notifications' settings, Monday
when they chose none).

What an alert lists is not cut off at the last digest: it looks back over the placements
still open and published in the last SAVED_SEARCH_ALERT_WINDOW_DAYS days (since the search
was saved, or its alerts turned on again), less those SavedSearchAlert says it listed. So a
placement that matches only later (re-verified with its first publication date, or
committed after a digest began) is alerted by the next digest. An "eligible" search alerts
a placement whose period's applications open later, when it is published. SavedSearchAlert
rows older than the window are deleted by the same job: their placements are out of it."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Value
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import digests
from notifications.emails import absolute

from . import queries
from .filters import PlacementSearchFilter
from .models import Placement, SavedSearch, SavedSearchAlert

GROUP = "saved_searches"  # the notification group (notifications.kinds) that turns them off
MODEL_FILTERS = ("skills", "county", "programme", "period")
UNION = 50  # searches whose new placements one query finds


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


def window_start(now):
    return now - timedelta(days=settings.SAVED_SEARCH_ALERT_WINDOW_DAYS)


def _candidates(now):
    """Public placements an alert may list: published in the window (by `now`), open."""
    return queries.public_placements().filter(
        published_at__gte=window_start(now),
        published_at__lte=now,
        deadline__gte=timezone.localdate(),
    )


def _not_alerted_by(saved_search) -> Q:
    return ~Exists(
        SavedSearchAlert.objects.filter(saved_search_id=saved_search, placement_id=OuterRef("pk"))
    )


def due(today: date):
    """Students with a saved search alerting today and a placement in its window that it
    has not alerted (that it matches is for `collect` to find)."""
    new = (
        _candidates(timezone.now())
        .filter(published_at__gt=OuterRef("alerted_until"))
        .filter(_not_alerted_by(OuterRef(OuterRef("pk"))))
    )
    return SavedSearch.objects.filter(alerting_on(today)).filter(Exists(new)).values("student_id")


def _referenced(searches) -> dict[str, dict[str, object]]:
    """The skills, counties, programmes and periods the searches name, one query a kind
    for all of them: {filter: {id: object}}, only those the search would accept."""
    filters = PlacementSearchFilter.base_filters
    objects = {}
    for name in MODEL_FILTERS:
        ids = {v for s in searches for v in s.params.get(name, []) if str(v).isdigit()}
        found = filters[name].queryset.filter(pk__in=ids) if ids else []
        objects[name] = {str(obj.pk): obj for obj in found}
    return objects


def _read(search: PlacementSearchFilter, objects) -> bool:
    """Fill the search's form as its validation would, the objects it names taken from
    `objects` (read once for a batch) instead of a query each: whether its filters read."""
    form = search.form
    cleaned = {}
    for name, form_field in form.fields.items():
        if name in objects:
            if isinstance(form_field, forms.ModelMultipleChoiceField):
                values = [v for v in form.data.getlist(name) if v != ""]
                picked = [objects[name].get(str(v)) for v in values]
                if None in picked:
                    return False
                cleaned[name] = picked
            else:
                value = form.data.get(name, "")
                if value in ("", None):
                    cleaned[name] = None
                elif str(value) in objects[name]:
                    cleaned[name] = objects[name][str(value)]
                else:
                    return False
            continue
        value = form_field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        try:
            cleaned[name] = form_field.clean(value)
        except ValidationError:
            return False
    form.cleaned_data = cleaned
    form._errors = ErrorDict()
    return True


def _new_ids_query(saved_search: SavedSearch, objects, candidates):
    """The query of (search id, placement id) of the search's new matches; None when its
    filters do not read any more (a skill or a county gone): such a search alerts nothing
    rather than everything."""
    data = QueryDict(mutable=True)
    for name, values in saved_search.params.items():
        if name != "sort":
            data.setlist(name, values)
    placements = candidates.filter(published_at__gt=saved_search.alerted_until).filter(
        _not_alerted_by(saved_search.pk)
    )
    search = PlacementSearchFilter(
        data, queryset=placements, student=saved_search.student, alerting=True
    )
    if not _read(search, objects):
        return None
    return (
        search.qs.order_by()
        .annotate(search_id=Value(saved_search.pk))
        .values_list("search_id", "pk")
    )


def new_matches(searches, *, now) -> dict[int, list[Placement]]:
    """Each search's new matches, oldest first: {search id: [Placement]} (a search with
    none, or whose filters do not read any more, absent). A few queries for any number of
    searches (one for each UNION of them)."""
    objects = _referenced(searches)
    candidates = _candidates(now)
    queries_of = [_new_ids_query(s, objects, candidates) for s in searches]
    queries_of = [q for q in queries_of if q is not None and not q.query.is_empty()]
    pairs = []
    for start in range(0, len(queries_of), UNION):
        chunk = queries_of[start : start + UNION]
        pairs += chunk[0].union(*chunk[1:], all=True) if len(chunk) > 1 else chunk[0]
    if not pairs:
        return {}
    placements = (
        Placement.objects.filter(pk__in={pk for _search, pk in pairs})
        .select_related("organisation")
        .defer("search_vector")
        .in_bulk()
    )
    found: dict[int, list[Placement]] = {}
    for search_id, pk in pairs:
        found.setdefault(search_id, []).append(placements[pk])
    for matched in found.values():
        matched.sort(key=lambda p: (p.published_at, p.pk))
    return found


def collect(people, today: date) -> dict[int, list[SearchAlert]]:
    """The alerts of `people`'s saved searches for today's digest, recorded as sent (in
    the digest's transaction): {student id: [SearchAlert]}. What was recorded before the
    window is deleted."""
    if not people:
        return {}
    now = timezone.now()
    SavedSearchAlert.objects.filter(sent_at__lt=window_start(now)).delete()
    searches = list(
        SavedSearch.objects.select_for_update(of=("self",))
        .filter(alerting_on(today), student_id__in=[person.pk for person in people])
        .select_related("student")
        .order_by("student_id", "name", "pk")
    )
    found = new_matches(searches, now=now)
    gathered: dict[int, list[SearchAlert]] = {}
    sent = []
    for saved_search in searches:
        placements = found.get(saved_search.pk)
        if not placements:
            continue
        sent += [
            SavedSearchAlert(saved_search=saved_search, placement=p, sent_at=now)
            for p in placements
        ]
        gathered.setdefault(saved_search.student_id, []).append(
            SearchAlert(
                name=saved_search.name,
                url=saved_search.get_absolute_url(),
                placements=placements[: settings.SAVED_SEARCH_ALERT_SHOWN],
                count=len(placements),
            )
        )
    SavedSearchAlert.objects.bulk_create(sent, ignore_conflicts=True)
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
    digests.register_section("saved_searches", due=due, collect=collect, render=render, group=GROUP)
