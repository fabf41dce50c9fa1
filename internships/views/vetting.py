"""The internship office's pages (periods, programmes, vetting, reviews, reports) ."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import role_required
from core.services import ServiceError
from core.views import next_url, page_of

from .. import queries, services
from ..forms.staff import (
    NoteForm,
    ResolutionForm,
    VettingFilterForm,
)


def _answer(request, *, ok: bool, text: str, default: str, subject=None):
    """htmx swaps the row for the outcome; without JavaScript, a message and a redirect."""
    if request.htmx:
        context = {"ok": ok, "text": text, "subject": subject}
        return render(request, "internships/staff/_outcome.html", context)
    (messages.success if ok else messages.error)(request, text)
    return redirect(next_url(request, default))


# Periods and programmes --------------------------------------------------------------


def _act(request, *, run, success: str, default: str, subject, form_class=NoteForm):
    """A staff action on one row: its text checked by the form, the change by the service."""
    form = form_class(request.POST)
    if not form.is_valid():
        ok, text = False, " ".join(e for errors in form.errors.values() for e in errors)
    else:
        try:
            run(form.cleaned_data["note"])
        except ServiceError as error:
            ok, text = False, error.text
        else:
            ok, text = True, success
    return _answer(request, ok=ok, text=text, default=default, subject=subject)


# Organisation vetting ----------------------------------------------------------------


@role_required(Role.STAFF)
def staff_organisations(request):
    filter_form = VettingFilterForm(request.GET)
    page = page_of(request, queries.organisations_for_vetting(filter_form.selected()))
    page.object_list = queries.with_vetting_checks(page.object_list)
    context = {"filter_form": filter_form, "page": page}
    return render(request, "internships/staff/organisations.html", context)


@role_required(Role.STAFF)
@require_POST
def organisation_verify(request, pk):
    organisation = get_object_or_404(queries.organisations(), pk=pk)
    return _act(
        request,
        run=lambda note: services.verify_organisation(
            organisation=organisation, by=request.user, note=note
        ),
        success=_("%(organisation)s is verified: its placements can be published.")
        % {"organisation": organisation.legal_name},
        default=reverse("staff_organisations"),
        subject=organisation,
    )


@role_required(Role.STAFF)
@require_POST
def organisation_suspend(request, pk):
    organisation = get_object_or_404(queries.organisations(), pk=pk)
    return _act(
        request,
        run=lambda note: services.suspend_organisation(
            organisation=organisation, by=request.user, note=note
        ),
        success=_("%(organisation)s is suspended; its members have been told why.")
        % {"organisation": organisation.legal_name},
        default=reverse("staff_organisations"),
        subject=organisation,
    )


# Placement reviews -------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_placement_reviews(request):
    page = page_of(request, queries.placements_awaiting_review())
    return render(request, "internships/staff/placement_reviews.html", {"page": page})


@role_required(Role.STAFF)
@require_POST
def placement_approve(request, pk):
    placement = get_object_or_404(queries.placements_visible_to(request.user), pk=pk)
    return _act(
        request,
        run=lambda note: services.approve_placement(
            placement=placement, by=request.user, comment=note
        ),
        success=_("“%(placement)s” is published.") % {"placement": placement.title},
        default=reverse("staff_placement_reviews"),
        subject=placement,
    )


@role_required(Role.STAFF)
@require_POST
def placement_return(request, pk):
    placement = get_object_or_404(queries.placements_visible_to(request.user), pk=pk)
    return _act(
        request,
        run=lambda note: services.return_placement(
            placement=placement, by=request.user, comment=note
        ),
        success=_("“%(placement)s” was returned to its organisation with your comment.")
        % {"placement": placement.title},
        default=reverse("staff_placement_reviews"),
        subject=placement,
    )


# Reports -----------------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_reports(request):
    page = page_of(request, queries.open_reports())
    return render(request, "internships/staff/reports.html", {"page": page})


@role_required(Role.STAFF)
@require_POST
def report_resolve(request, pk):
    report = get_object_or_404(queries.open_reports(), pk=pk)
    return _act(
        request,
        form_class=ResolutionForm,
        run=lambda note: services.resolve_report(report=report, by=request.user, resolution=note),
        success=_("The report about %(organisation)s is resolved.")
        % {"organisation": report.organisation.legal_name},
        default=reverse("staff_reports"),
        subject=report,
    )
