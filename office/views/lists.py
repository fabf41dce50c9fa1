"""The staff lists of students, organisations, placements and applications.

Each list filters and sorts by GET parameters and pages its rows; the same URL with
`export=csv` or `export=xlsx` gives every filtered row (all pages) as a file.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from core import exports as core_exports
from core.permissions import role_required
from core.views import form_errors, next_url, page_of, run_service
from internships import search
from internships import services as internship_services

from .. import exports, queries
from ..filters import (
    StaffApplicationFilter,
    StaffInternshipFilter,
    StaffOrganisationFilter,
    StaffPlacementFilter,
    StaffStudentFilter,
)
from ..forms.lists import SupervisorAssignmentForm


def list_or_export(request, filterset, *, template: str, columns, name: str, **context):
    """The page of the filtered rows, or all of them as the file the URL asks for.
    Filters the form refuses are shown with their errors; no file is made from them."""
    fmt = core_exports.requested_format(request)
    if fmt and filterset.is_valid():
        return core_exports.export(
            fmt, rows=filterset.qs, columns=columns, name=name, viewer=request.user
        )
    if fmt:
        messages.error(request, _("Correct the filters below before exporting."))
    context = {"filter": filterset, "page": page_of(request, filterset.qs), **context}
    return render(request, template, context)


@role_required(Role.STAFF)
def staff_students(request):
    return list_or_export(
        request,
        StaffStudentFilter(request.GET, queryset=queries.students(request.user), request=request),
        template="office/lists/students.html",
        columns=exports.STUDENT_COLUMNS,
        name=pgettext_lazy("file name", "students"),
    )


@role_required(Role.STAFF)
def staff_organisation_directory(request):
    return list_or_export(
        request,
        StaffOrganisationFilter(
            request.GET, queryset=queries.organisation_directory(), request=request
        ),
        template="office/lists/organisations.html",
        columns=exports.ORGANISATION_COLUMNS,
        name=pgettext_lazy("file name", "organisations"),
    )


@role_required(Role.STAFF)
def staff_placements(request):
    return list_or_export(
        request,
        StaffPlacementFilter(request.GET, queryset=queries.placements(), request=request),
        template="office/lists/placements.html",
        columns=exports.PLACEMENT_COLUMNS,
        name=pgettext_lazy("file name", "placements"),
    )


@role_required(Role.STAFF)
def staff_applications(request):
    return list_or_export(
        request,
        StaffApplicationFilter(
            request.GET, queryset=queries.applications(request.user), request=request
        ),
        template="office/lists/applications.html",
        columns=exports.APPLICATION_COLUMNS,
        name=pgettext_lazy("file name", "applications"),
    )


@role_required(Role.STAFF)
def staff_organisation_names(request):
    """The names the organisation filter suggests for what was typed: <option>s that htmx
    puts in the box's <datalist>. An endpoint of its own because the suggestions depend on
    every keystroke, not on the list's filters; without JavaScript the box still filters."""
    text = search.normalise_query(request.GET.get("organisation", ""))
    names = queries.organisation_names(text)
    return render(request, "office/lists/_organisation_names.html", {"names": names})


@role_required(Role.STAFF)
def staff_internships(request):
    """The office's interns list; `export=csv|xlsx` gives every filtered internship."""
    return list_or_export(
        request,
        StaffInternshipFilter(
            request.GET, queryset=queries.internships_for_staff(request.user), request=request
        ),
        template="office/lists/internships.html",
        columns=exports.INTERNSHIP_COLUMNS,
        name=pgettext_lazy("file name", "internships"),
        supervisors=queries.supervisors(),
    )


@role_required(Role.STAFF)
@require_POST
def staff_assign_supervisor(request):
    back = next_url(request, reverse("staff_internships"))
    form = SupervisorAssignmentForm(request.POST, viewer=request.user)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    internships = list(form.cleaned_data["internships"])
    supervisor = form.cleaned_data["supervisor"]
    outcome = run_service(
        request,
        internship_services.assign_supervisor,
        success=ngettext(
            "%(mentor)s is now the academic supervisor of %(count)d internship.",
            "%(mentor)s is now the academic supervisor of %(count)d internships.",
            len(internships),
        )
        % {"mentor": supervisor.display_name, "count": len(internships)},
        internships=internships,
        mentor=supervisor,
    )
    for warning in outcome.value or ():
        messages.warning(request, warning)
    return redirect(back)
