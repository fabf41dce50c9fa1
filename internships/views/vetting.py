"""The internship office's pages (periods, programmes, vetting, reviews, reports) ."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import role_required
from core.views import form_errors, list_or_export, next_url, page_of, run_service

from .. import queries, services
from ..forms.vetting import NoteForm, ResolutionForm
from ..reports import VETTING


def _answer(request, *, ok: bool, text: str, default: str, subject=None, row_template=None):
    """htmx swaps the row for the outcome (a refusal with a `row_template`: the row again,
    the reason beside it); without JavaScript, a message and a redirect."""
    if request.htmx:
        context = {"ok": ok, "text": text, "subject": subject, "row_template": row_template}
        return render(request, "internships/vetting/_outcome.html", context)
    (messages.success if ok else messages.error)(request, text)
    return redirect(next_url(request, default))


# Actions on one row ------------------------------------------------------------------


def _act(
    request,
    service,
    *,
    note_as: str,
    success,
    default,
    subject,
    form_class=NoteForm,
    row_template=None,
    **kwargs,
):
    """A staff action on one row: its text checked by the form and given to the service as
    the argument `note_as`, the change made by the service."""
    form = form_class(request.POST)
    if not form.is_valid():
        return _answer(
            request,
            ok=False,
            text=form_errors(form),
            default=default,
            subject=subject,
            row_template=row_template,
        )
    outcome = run_service(
        request,
        service,
        success=success,
        show=False,
        **{note_as: form.cleaned_data["note"]},
        **kwargs,
    )
    return _answer(
        request,
        ok=outcome.ok,
        text=outcome.text,
        default=default,
        subject=subject,
        row_template=row_template,
    )


# Organisation vetting ----------------------------------------------------------------


@role_required(Role.STAFF)
def staff_organisations(request):
    """The vetting queue, oldest first, each organisation with its checks; `export=csv|xlsx`
    gives every organisation of the chosen status with a column per check (those
    `columns=<key>` chooses)."""
    return list_or_export(request, VETTING)


@role_required(Role.STAFF)
def staff_organisation(request, pk):
    """One organisation with its checks, and the organisations it resembles linked."""
    organisation = get_object_or_404(queries.organisations_for_vetting(), pk=pk)
    (organisation,) = queries.with_vetting_checks([organisation])
    return render(request, "internships/vetting/organisation.html", {"organisation": organisation})


@role_required(Role.STAFF)
@require_POST
def organisation_verify(request, pk):
    organisation = get_object_or_404(queries.organisations(), pk=pk)
    return _act(
        request,
        services.verify_organisation,
        organisation=organisation,
        note_as="note",
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
        services.suspend_organisation,
        organisation=organisation,
        note_as="note",
        success=_("%(organisation)s is suspended; its members have been told why.")
        % {"organisation": organisation.legal_name},
        default=reverse("staff_organisations"),
        subject=organisation,
    )


# Placement reviews -------------------------------------------------------------------

PLACEMENT_REVIEW_ROW = "internships/vetting/_placement_review.html"


@role_required(Role.STAFF)
def staff_placement_reviews(request):
    page = page_of(request, queries.placements_awaiting_review())
    return render(request, "internships/vetting/placement_reviews.html", {"page": page})


@role_required(Role.STAFF)
@require_POST
def placement_approve(request, pk):
    placement = get_object_or_404(queries.placements_visible_to(request.user), pk=pk)
    return _act(
        request,
        services.approve_placement,
        placement=placement,
        note_as="comment",
        success=_("“%(placement)s” is published.") % {"placement": placement.title},
        default=reverse("staff_placement_reviews"),
        subject=placement,
        row_template=PLACEMENT_REVIEW_ROW,
    )


@role_required(Role.STAFF)
@require_POST
def placement_return(request, pk):
    placement = get_object_or_404(queries.placements_visible_to(request.user), pk=pk)
    return _act(
        request,
        services.return_placement,
        placement=placement,
        note_as="comment",
        success=_("“%(placement)s” was returned to its organisation with your comment.")
        % {"placement": placement.title},
        default=reverse("staff_placement_reviews"),
        subject=placement,
        row_template=PLACEMENT_REVIEW_ROW,
    )


# Reports -----------------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_reports(request):
    page = page_of(request, queries.open_reports())
    return render(request, "internships/vetting/reports.html", {"page": page})


@role_required(Role.STAFF)
@require_POST
def report_resolve(request, pk):
    report = get_object_or_404(queries.open_reports(), pk=pk)
    return _act(
        request,
        services.resolve_report,
        report=report,
        note_as="resolution",
        form_class=ResolutionForm,
        success=_("The report about %(organisation)s is resolved.")
        % {"organisation": report.organisation.legal_name},
        default=reverse("staff_reports"),
        subject=report,
    )
