"""A student's saved placements and saved searches."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import role_required
from core.views import next_url, page_of, run_service, wants_fragment
from notifications.choices import DIGEST, choices_of

from .. import alerts, discovery, queries, services
from ..filters import PlacementSearchFilter
from ..models import SavedSearch


def _save_button(request, placement, *, saved: bool, error: str = ""):
    if wants_fragment(request):
        context = {"placement": placement, "saved": saved, "error": error}
        return render(
            request,
            "internships/discover/_save_button.html",
            {**context, "next": next_url(request, "")},
        )
    return redirect(next_url(request, placement.get_absolute_url()))


@role_required(Role.STUDENT)
@require_POST
def placement_save(request, pk):
    placement = get_object_or_404(queries.placements_visible_to(request.user), pk=pk)
    outcome = run_service(
        request,
        services.save_placement,
        success=_("Saved. Find it under “Saved placements”."),
        show=not wants_fragment(request),
        placement=placement,
    )
    return _save_button(
        request, placement, saved=outcome.ok, error="" if outcome.ok else outcome.text
    )


@role_required(Role.STUDENT)
@require_POST
def placement_unsave(request, pk):
    # Their own saved placement, even one no longer public (it stays on their list).
    saved = discovery.saved_placements_of(request.user).filter(placement_id=pk).first()
    if saved is not None:
        placement = saved.placement
    else:
        placement = get_object_or_404(queries.placements_visible_to(request.user), pk=pk)
    run_service(
        request,
        services.unsave_placement,
        success=_("Taken off your saved placements."),
        show=not wants_fragment(request),
        placement=placement,
    )
    return _save_button(request, placement, saved=False)


@role_required(Role.STUDENT)
def saved_placements(request):
    page = page_of(request, discovery.saved_placements_of(request.user))
    return render(request, "internships/discover/saved_placements.html", {"page_obj": page})


@role_required(Role.STUDENT)
def saved_searches(request):
    return render(
        request,
        "internships/discover/saved_searches.html",
        {
            "searches": discovery.with_summaries(
                discovery.saved_searches_of(request.user),
                filters=PlacementSearchFilter.base_filters,
            ),
            "alert_choices": SavedSearch.Alerts.choices,
            "alerts_off": choices_of(request.user).channel_of(alerts.GROUP) != DIGEST,
        },
    )


@role_required(Role.STUDENT)
@require_POST
def saved_search_create(request):
    """Saves the search whose filters are this URL's parameters, under the name posted."""
    outcome = run_service(
        request,
        services.save_search,
        name=request.POST.get("name", ""),
        alerts=request.POST.get("alerts", ""),
        data=request.GET,
    )
    if outcome.ok:
        messages.success(
            request,
            _("Search “%(name)s” saved. Your saved searches are listed on their page.")
            % {"name": outcome.value.name},
        )
        return redirect("saved_searches")
    return redirect(f"{reverse('placement_search')}?{request.GET.urlencode()}")


@role_required(Role.STUDENT)
@require_POST
def saved_search_alerts(request, pk):
    saved_search = get_object_or_404(discovery.saved_searches_of(request.user), pk=pk)
    run_service(
        request,
        services.change_search_alerts,
        success=_("Alerts of “%(name)s” changed.") % {"name": saved_search.name},
        saved_search=saved_search,
        alerts=request.POST.get("alerts", ""),
    )
    return redirect("saved_searches")


@role_required(Role.STUDENT)
@require_POST
def saved_search_delete(request, pk):
    saved_search = get_object_or_404(discovery.saved_searches_of(request.user), pk=pk)
    run_service(
        request,
        services.delete_search,
        success=_("Saved search “%(name)s” deleted.") % {"name": saved_search.name},
        saved_search=saved_search,
    )
    return redirect("saved_searches")
