"""The staff lists of students, organisations, placements and applications.

Each list filters and sorts by GET parameters and pages its rows; the same URL with
`export=xlsx|csv-semicolon|csv` gives every filtered row (all pages) as a file, of the
columns `columns=<key>` chooses. Each list is an entry of office.reports (in the registry
core.reports).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import role_required
from core.views import form_errors, list_or_export, next_url, run_service
from internships import search
from internships import services as internship_services

from .. import queries, reports
from ..forms.lists import SupervisorAssignmentForm


@role_required(Role.STAFF)
def staff_students(request):
    return list_or_export(request, reports.STUDENTS)


@role_required(Role.STAFF)
def staff_organisation_directory(request):
    return list_or_export(request, reports.ORGANISATIONS)


@role_required(Role.STAFF)
def staff_placements(request):
    return list_or_export(request, reports.PLACEMENTS)


@role_required(Role.STAFF)
def staff_applications(request):
    return list_or_export(request, reports.APPLICATIONS)


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
    return list_or_export(request, reports.INTERNSHIPS)


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
