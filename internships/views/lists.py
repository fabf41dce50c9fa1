"""The staff lists of students, organisations, placements and applications.

Each list filters and sorts by GET parameters and pages its rows; the same URL with
`export=csv` or `export=xlsx` gives every filtered row (all pages) as a file.
"""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import Role
from core.permissions import role_required
from core.views import page_of

from .. import exports, search, staff_queries
from ..staff_filters import (
    StaffApplicationFilter,
    StaffOrganisationFilter,
    StaffPlacementFilter,
    StaffStudentFilter,
)


def list_or_export(request, filterset, *, template: str, columns, name: str, **context):
    """The page of the filtered rows, or all of them as the file the URL asks for.
    Filters the form refuses are shown with their errors; no file is made from them."""
    fmt = exports.requested_format(request)
    if fmt and filterset.is_valid():
        return exports.export(fmt, rows=filterset.qs, columns=columns, name=name)
    if fmt:
        messages.error(request, _("Correct the filters below before exporting."))
    context = {"filter": filterset, "page": page_of(request, filterset.qs), **context}
    return render(request, template, context)


@role_required(Role.STAFF)
def staff_students(request):
    return list_or_export(
        request,
        StaffStudentFilter(request.GET, queryset=staff_queries.students()),
        template="internships/staff_lists/students.html",
        columns=exports.STUDENT_COLUMNS,
        name="students",
    )


@role_required(Role.STAFF)
def staff_organisation_directory(request):
    return list_or_export(
        request,
        StaffOrganisationFilter(request.GET, queryset=staff_queries.organisation_directory()),
        template="internships/staff_lists/organisations.html",
        columns=exports.ORGANISATION_COLUMNS,
        name="organisations",
    )


@role_required(Role.STAFF)
def staff_placements(request):
    return list_or_export(
        request,
        StaffPlacementFilter(request.GET, queryset=staff_queries.placements()),
        template="internships/staff_lists/placements.html",
        columns=exports.PLACEMENT_COLUMNS,
        name="placements",
    )


@role_required(Role.STAFF)
def staff_applications(request):
    return list_or_export(
        request,
        StaffApplicationFilter(request.GET, queryset=staff_queries.applications()),
        template="internships/staff_lists/applications.html",
        columns=exports.APPLICATION_COLUMNS,
        name="applications",
    )


@role_required(Role.STAFF)
def staff_organisation_names(request):
    """The names the organisation filter suggests for what was typed: <option>s that htmx
    puts in the box's <datalist>. An endpoint of its own because the suggestions depend on
    every keystroke, not on the list's filters; without JavaScript the box still filters."""
    text = search.normalise_query(request.GET.get("organisation", ""))
    names = staff_queries.organisation_names(text)
    return render(request, "internships/staff_lists/_organisation_names.html", {"names": names})
