"""Public pages of internships: the placement search and a placement's page."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from core.views import page_of, wants_fragment

from .. import discovery, facets, queries, services
from ..filters import FACET_NOTE_ID, PlacementSearchFilter
from ..forms.student import ReportForm


@login_not_required
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def placement_search(request):
    """Anyone may search the published placements; htmx gets only the results (the form,
    with its facet counts, stays on the page), except to restore a page from history."""
    fragment = wants_fragment(request)
    student = request.user if request.user.is_authenticated and request.user.is_student else None
    search = PlacementSearchFilter(
        request.GET,
        queryset=queries.placements_for_search(),
        facets=None if fragment else facets.counts(),
        student=student,
    )
    page = page_of(request, search.qs)
    template = "_results.html" if fragment else "search.html"
    return render(
        request,
        f"internships/public/{template}",
        {
            "search": search,
            "page_obj": page,
            "facet_note_id": FACET_NOTE_ID,
            "saved_ids": discovery.saved_ids_of(request.user, page.object_list),
            **discovery.save_search_context(search),
        },
    )


@login_not_required
def placement_detail(request, pk):
    placement = queries.placement_detail(request.user, pk)
    application, refusal = None, ""
    if request.user.is_authenticated and request.user.is_student:
        application = (
            queries.applications_of_student(request.user).filter(placement=placement).first()
        )
        if application is None:
            refusal = services.refusal_to_apply(student=request.user, placement=placement)
    context = {
        "placement": placement,
        "application": application,
        "refusal": refusal,
        "report_form": ReportForm(),
        "saved_ids": discovery.saved_ids_of(request.user, [placement]),
    }
    return render(request, "internships/public/placement_detail.html", context)
