"""Saving placements and searches: a student's bookmarks, and the searches whose new
matches their digest lists (internships.alerts)."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError

from .. import queries
from ..filters import PlacementSearchFilter
from ..models import Placement, SavedPlacement, SavedSearch
from ..search import MAX_QUERY_LENGTH

MAX_QUERY_STRING = 2000  # characters of a saved search's filters, as a query string
NOT_SAVED = {"page"}  # parameters that are not filters
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def save_placement(*, by, placement: Placement) -> SavedPlacement:
    """The student saves a public placement (saving it again changes nothing)."""
    ensure(by, "internships.save_placements")
    if not queries.public_placements().filter(pk=placement.pk).exists():
        raise ServiceError(_("This placement is not public any more; it cannot be saved."))
    saved, _created = SavedPlacement.objects.get_or_create(student=by, placement=placement)
    return saved


def unsave_placement(*, by, placement: Placement) -> None:
    """The student takes a placement off their saved ones (if it was there)."""
    ensure(by, "internships.save_placements")
    SavedPlacement.objects.filter(student=by, placement=placement).delete()


def search_params(data: QueryDict, *, student) -> dict[str, list[str]]:
    """The filters of a search, checked as a saved search keeps them: {name: [values]}.
    Raises ServiceError, saying what is wrong, for filters the search does not know or
    cannot read, text too long, or characters that have no place in a search."""
    raw = data.urlencode()
    if len(raw) > MAX_QUERY_STRING:
        raise ServiceError(_("These filters are too long to be saved. Use fewer filters."))
    if any(
        CONTROL.search(key) or any(CONTROL.search(value) for value in values)
        for key, values in data.lists()
    ):
        raise ServiceError(
            _("These filters hold characters that have no place in a search; nothing was saved.")
        )
    search = PlacementSearchFilter(data, queryset=Placement.objects.none(), student=student)
    unknown = sorted(set(data) - set(search.filters) - NOT_SAVED)
    if unknown:
        raise ServiceError(
            _("The search has no filter named %(names)s; nothing was saved.")
            % {"names": get_text_list([repr(name) for name in unknown[:5]], _("or"))}
        )
    if any(len(value) > MAX_QUERY_LENGTH for value in data.getlist("q")):
        raise ServiceError(
            _("The search text is longer than %(count)d characters; nothing was saved.")
            % {"count": MAX_QUERY_LENGTH}
        )
    form = search.form
    if not form.is_valid():
        labels = [str(form.fields[name].label) for name in form.errors if name in form.fields]
        raise ServiceError(
            _("These filters were not understood: %(filters)s. Check them; nothing was saved.")
            % {"filters": ", ".join(labels)}
        )
    params = {}
    for name in search.filters:
        values = [value.strip() for value in search.data.getlist(name) if value.strip()]
        if values:
            params[name] = values
    return params


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError(_("Give the search a name."))
    if len(name) > 100 or CONTROL.search(name):
        raise ServiceError(_("Give the search a shorter name, of plain text."))
    return name


def _name_taken(name: str) -> ServiceError:
    return ServiceError(_("You already have a saved search named “%(name)s”.") % {"name": name})


def _check_alerts(alerts: str) -> str:
    if alerts not in SavedSearch.Alerts.values:
        raise ServiceError(_("Choose how often you want alerts."))
    return alerts


@transaction.atomic
def save_search(*, by, name: str, data: QueryDict, alerts: str) -> SavedSearch:
    """The student saves a search (its filters, `data`) under a name, with alerts of the
    placements published from now on that match it. At most SAVED_SEARCHES_MAX each."""
    ensure(by, "internships.save_placements")
    params = search_params(data, student=by)
    name = _clean_name(name)
    alerts = _check_alerts(alerts)
    # The student's row, locked: two saves at once cannot both pass the cap, nor both find
    # the name free (the second waits here, then finds the first's search).
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    if SavedSearch.objects.filter(student=by, name=name).exists():
        raise _name_taken(name)
    if SavedSearch.objects.filter(student=by).count() >= settings.SAVED_SEARCHES_MAX:
        raise ServiceError(
            _("You have %(count)d saved searches, the most you may keep. Delete one first.")
            % {"count": settings.SAVED_SEARCHES_MAX}
        )
    try:
        # A savepoint: the constraint catches what the lock could not (a database without
        # row locks), and the student is told as for a name found taken.
        with transaction.atomic():
            return SavedSearch.objects.create(
                student=by, name=name, params=params, alerts=alerts, alerted_until=timezone.now()
            )
    except IntegrityError as error:
        raise _name_taken(name) from error


def change_search_alerts(*, by, saved_search: SavedSearch, alerts: str) -> SavedSearch:
    """How often the saved search alerts its student. Alerts turned on again start from
    now: placements published meanwhile are not all alerted at once."""
    ensure(by, "internships.change_saved_search", saved_search)
    alerts = _check_alerts(alerts)
    if alerts == saved_search.alerts:
        return saved_search
    if saved_search.alerts == SavedSearch.Alerts.NONE:
        saved_search.alerted_until = timezone.now()
    saved_search.alerts = alerts
    saved_search.save(update_fields=["alerts", "alerted_until", "updated_at"])
    return saved_search


def delete_search(*, by, saved_search: SavedSearch) -> None:
    ensure(by, "internships.change_saved_search", saved_search)
    saved_search.delete()
