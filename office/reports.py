"""The office's exportable staff lists: students, organisations, placements, applications
and internships, each an entry of the registry core.reports (which also holds the lists of
the lower apps: certificates, the vetting queue, logbook entries)."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from core.reports import Report, register

from . import exports, queries
from .filters import (
    StaffApplicationFilter,
    StaffInternshipFilter,
    StaffOrganisationFilter,
    StaffPlacementFilter,
    StaffStudentFilter,
)

STUDENTS = register(
    Report(
        slug="students",
        title=gettext_lazy("Students"),
        url_name="staff_students",
        filterset=StaffStudentFilter,
        rows=lambda viewer: queries.students(viewer),
        columns=exports.STUDENT_COLUMNS,
        file_name=pgettext_lazy("file name", "students"),
        template="office/lists/students.html",
        export_rows=lambda found: queries.with_current_internship(
            found.qs, period=found.form.cleaned_data.get("period")
        ),
    )
)
ORGANISATIONS = register(
    Report(
        slug="organisations",
        title=gettext_lazy("Organisations"),
        url_name="staff_organisation_directory",
        filterset=StaffOrganisationFilter,
        rows=lambda viewer: queries.organisation_directory(),
        columns=exports.ORGANISATION_COLUMNS,
        file_name=pgettext_lazy("file name", "organisations"),
        template="office/lists/organisations.html",
    )
)
PLACEMENTS = register(
    Report(
        slug="placements",
        title=gettext_lazy("Placements"),
        url_name="staff_placements",
        filterset=StaffPlacementFilter,
        rows=lambda viewer: queries.placements(),
        columns=exports.PLACEMENT_COLUMNS,
        file_name=pgettext_lazy("file name", "placements"),
        template="office/lists/placements.html",
        export_rows=lambda found: queries.placements_for_export(found.qs),
    )
)
APPLICATIONS = register(
    Report(
        slug="applications",
        title=gettext_lazy("Applications"),
        url_name="staff_applications",
        filterset=StaffApplicationFilter,
        rows=lambda viewer: queries.applications(viewer),
        columns=exports.APPLICATION_COLUMNS,
        file_name=pgettext_lazy("file name", "applications"),
        template="office/lists/applications.html",
    )
)
INTERNSHIPS = register(
    Report(
        slug="internships",
        title=gettext_lazy("Internships"),
        url_name="staff_internships",
        filterset=StaffInternshipFilter,
        rows=lambda viewer: queries.internships_for_staff(viewer),
        columns=exports.INTERNSHIP_COLUMNS,
        file_name=pgettext_lazy("file name", "internships"),
        template="office/lists/internships.html",
        export_rows=lambda found: queries.internships_export(found.qs),
        context=lambda found, viewer: {"supervisors": queries.supervisors()},
    )
)
