"""What the office sets up before a year: periods, study programmes, the rubric."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.faculties import manages_faculties, programmes_of
from accounts.models import Faculty, Role, Sector, Skill
from core.permissions import role_required
from core.views import page_of, run_service
from internships import queries as internship_queries

from .. import queries, services
from ..forms.setup import (
    CompetencyForm,
    FacultyForm,
    PeriodForm,
    ProgrammeForm,
    ReferenceForm,
    StaffFacultiesForm,
)


def _save_page(request, *, form, service, template, context, success, list_url, **kwargs):
    """The add or edit form of periods and programmes: saved through the service (with the
    form's data and `kwargs`), its refusal shown on the form."""
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, service, show=False, data=form.cleaned_data, **kwargs)
        if outcome.ok:
            messages.success(request, success % {"name": outcome.value})
            return redirect(list_url)
        form.add_error(None, outcome.error)
    status = 400 if form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@role_required(Role.STAFF)
def staff_periods(request):
    return _save_page(
        request,
        form=PeriodForm(request.POST or None),
        service=services.save_period,
        template="office/setup/periods.html",
        context={"page": page_of(request, internship_queries.periods())},
        success=_("Period “%(name)s” saved."),
        list_url=reverse("staff_periods"),
    )


@role_required(Role.STAFF)
def staff_period_edit(request, pk):
    period = get_object_or_404(internship_queries.periods(), pk=pk)
    return _save_page(
        request,
        form=PeriodForm(request.POST or None, instance=period),
        service=services.save_period,
        period=period,
        template="office/setup/period_edit.html",
        context={"name": period.name},
        success=_("Period “%(name)s” saved."),
        list_url=reverse("staff_periods"),
    )


def _managers_only(request) -> None:
    """Staff of some faculties read the programmes of theirs; only staff of all faculties
    change programmes and faculties (403)."""
    if not manages_faculties(request.user):
        raise PermissionDenied


@role_required(Role.STAFF)
def staff_programmes(request):
    if request.method == "POST":
        _managers_only(request)
    programmes = programmes_of(request.user).select_related("faculty_unit").order_by("name")
    return _save_page(
        request,
        form=ProgrammeForm(request.POST or None),
        service=services.save_programme,
        template="office/setup/programmes.html",
        context={
            "page": page_of(request, programmes),
            "manages_faculties": manages_faculties(request.user),
        },
        success=_("Programme “%(name)s” saved."),
        list_url=reverse("staff_programmes"),
    )


@role_required(Role.STAFF)
def staff_programme_edit(request, pk):
    programme = get_object_or_404(programmes_of(request.user), pk=pk)
    _managers_only(request)
    return _save_page(
        request,
        form=ProgrammeForm(request.POST or None, instance=programme),
        service=services.save_programme,
        programme=programme,
        template="office/setup/programme_edit.html",
        context={"name": programme.name},
        success=_("Programme “%(name)s” saved."),
        list_url=reverse("staff_programmes"),
    )


@role_required(Role.STAFF)
def staff_faculties(request):
    """The faculties, and which faculties each member of staff works for."""
    _managers_only(request)
    context = {
        "faculties": queries.faculties(),
        "page": page_of(request, queries.staff_with_faculties()),
    }
    return _save_page(
        request,
        form=FacultyForm(request.POST or None),
        service=services.save_faculty,
        template="office/setup/faculties.html",
        context=context,
        success=_("Faculty “%(name)s” saved."),
        list_url=reverse("staff_faculties"),
    )


@role_required(Role.STAFF)
def staff_faculty_edit(request, pk):
    _managers_only(request)
    faculty = get_object_or_404(Faculty.objects.all(), pk=pk)
    return _save_page(
        request,
        form=FacultyForm(request.POST or None, instance=faculty),
        service=services.save_faculty,
        faculty=faculty,
        template="office/setup/faculty_edit.html",
        context={"name": faculty.name},
        success=_("Faculty “%(name)s” saved."),
        list_url=reverse("staff_faculties"),
    )


@role_required(Role.STAFF)
def staff_member_faculties(request, pk):
    """Which faculties one member of staff works for."""
    _managers_only(request)
    member = get_object_or_404(queries.staff_with_faculties(), pk=pk)
    initial = {"all_faculties": member.all_faculties, "faculties": member.faculties.all()}
    form = StaffFacultiesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.set_faculties_of,
            show=False,
            member=member,
            all_faculties=form.cleaned_data["all_faculties"],
            faculties=form.cleaned_data["faculties"],
        )
        if outcome.ok:
            messages.success(
                request, _("The faculties of %(name)s are saved.") % {"name": member.display_name}
            )
            return redirect("staff_faculties")
        form.add_error(None, outcome.error)
    context = {"form": form, "member": member}
    return render(
        request, "office/setup/staff_faculties.html", context, status=400 if form.errors else 200
    )


def _save_competency(request, *, form, competency=None):
    """Validate the form, save through the service; the error beside its field."""
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.save_competency,
            show=False,
            competency=competency,
            data=form.cleaned_data,
        )
        if outcome.ok:
            messages.success(
                request, _("Competency “%(name)s” saved.") % {"name": outcome.value.name}
            )
            return outcome.value
        form.add_error(None, outcome.error)
    return None


@role_required(Role.STAFF)
def staff_rubric(request):
    form = CompetencyForm(request.POST or None)
    if _save_competency(request, form=form):
        return redirect("staff_rubric")
    context = {"page": page_of(request, queries.all_competencies()), "form": form}
    return render(request, "office/setup/rubric.html", context, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def staff_competency_edit(request, pk):
    competency = get_object_or_404(queries.all_competencies(), pk=pk)
    name = competency.name
    form = CompetencyForm(request.POST or None, instance=competency)
    if _save_competency(request, form=form, competency=competency):
        return redirect("staff_rubric")
    context = {"form": form, "name": name}
    return render(
        request, "office/setup/competency_form.html", context, status=400 if form.errors else 200
    )


# Skills and sectors: short lists named in English and Romanian ----------------------------

REFERENCE_LISTS = {
    "skills": (Skill, gettext_lazy("Skills"), gettext_lazy("Add a skill")),
    "sectors": (Sector, gettext_lazy("Sectors of activity"), gettext_lazy("Add a sector")),
}


def _reference_page(request, *, kind: str, record, template: str, context: dict):
    model, title, _add = REFERENCE_LISTS[kind]
    initial = {"name": record.name, "name_ro": record.name_ro} if record.pk else None
    form = ReferenceForm(request.POST or None, initial=initial)
    context = {"form": form, "kind": kind, "title": title, **context}
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, services.save_reference, show=False, record=record, data=form.cleaned_data
        )
        if outcome.ok:
            messages.success(request, _("“%(name)s” saved.") % {"name": outcome.value.name})
            return redirect("staff_reference", kind=kind)
        form.add_error(None, outcome.error)
    return render(request, template, context, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def staff_reference(request, kind):
    if kind not in REFERENCE_LISTS:
        raise Http404
    model, _title, add = REFERENCE_LISTS[kind]
    return _reference_page(
        request,
        kind=kind,
        record=model(),
        template="office/setup/reference.html",
        context={"page": page_of(request, queries.reference_list(model)), "add": add},
    )


@role_required(Role.STAFF)
def staff_reference_edit(request, kind, pk):
    if kind not in REFERENCE_LISTS:
        raise Http404
    record = get_object_or_404(REFERENCE_LISTS[kind][0].objects.all(), pk=pk)
    return _reference_page(
        request,
        kind=kind,
        record=record,
        template="office/setup/reference_edit.html",
        context={"name": record.name},
    )
