"""One internship's page and its actions; the interns lists of organisations and staff."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from core import exports as core_exports
from core.permissions import ensure, role_required
from core.views import form_errors, next_url, page_of, run_service
from internships import queries as internship_queries
from internships import services as internship_services
from internships.models import Internship

from .. import exports, panels, queries, services, timeline
from ..forms.internships import (
    FeedbackForm,
    HostTutorForm,
    ReplyForm,
    TerminateForm,
)
from ..models import Evaluation


def _scoped(request, pk) -> Internship:
    """The internship if the viewer may see it (else 404)."""
    return get_object_or_404(queries.internships_visible_to(request.user), pk=pk)


def _refusals(internship, agreement, evaluations) -> dict:
    """Why the page's actions cannot be taken now (from what the page has already read), so
    it explains instead of offering a button that fails."""
    final = evaluations.get(Evaluation.Kind.FINAL)
    final_submitted = final is not None and final.is_locked
    refusals = {}
    if internship.status == Internship.Status.PLANNED:
        refusals["start"] = services.why_not_startable(internship, agreement)
    if internship.status == Internship.Status.ACTIVE:
        refusals["complete"] = services.why_not_completable(
            internship, hours=internship.approved_hours, final_submitted=final_submitted
        )
    refusals["result"] = services.why_no_result_yet(internship, final_submitted=final_submitted)
    return refusals


def _detail_page(request, pk, *, status=200, **forms):
    internship = queries.internship_detail(request.user, pk)
    evaluations = queries.evaluations_of(internship)
    version = internship_services.current_version(internship)
    agreement = queries.agreement_of(internship)
    context = {
        "internship": internship,
        "evaluations": [
            (kind, label, evaluations.get(kind))
            for kind, label in Evaluation.Kind.choices
            if request.user.has_perm(
                "mentors.read_host_rating" if kind == "host_rating" else "mentors.read_evaluations",
                internship,
            )
        ],
        "result": queries.result_of(internship),
        "agreement": agreement,
        "agreement_version": version,
        "agreement_versions": internship_queries.agreement_versions(agreement),
        "refusals": _refusals(internship, agreement, evaluations),
        "panels": panels.panels_of(internship, request.user),
        "notes": queries.feedback_for(request.user, internship),
        "timeline": timeline.timeline(internship),
        "host_tutors": queries.host_tutors_of(internship.organisation_id),
        "feedback_form": FeedbackForm(),
        "terminate_form": TerminateForm(),
        **forms,
    }
    return render(request, "mentors/internship_detail.html", context, status=status)


# The internship page -----------------------------------------------------------------


def internship_detail(request, pk):
    return _detail_page(request, pk)


@require_POST
def internship_start(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "mentors.start_internship", internship)
    run_service(
        request,
        services.start_internship,
        success=_("The internship has started: the logbook is open."),
        internship=internship,
    )
    return redirect(internship)


@require_POST
def internship_complete(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "mentors.complete_internship", internship)
    run_service(
        request,
        services.complete_internship,
        success=_("The internship is completed. Everyone concerned is told."),
        internship=internship,
    )
    return redirect(internship)


@require_POST
def internship_terminate(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "mentors.terminate_internship", internship)
    form = TerminateForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, pk, status=400, terminate_form=form)
    run_service(
        request,
        services.terminate_internship,
        success=_("The internship has ended early. Everyone concerned is told why."),
        internship=internship,
        reason=form.cleaned_data["reason"],
    )
    return redirect(internship)


@require_POST
def feedback_write(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "mentors.write_feedback", internship)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, pk, status=400, feedback_form=form)
    run_service(
        request,
        services.write_feedback,
        success=_("Your note is saved."),
        internship=internship,
        body=form.cleaned_data["body"],
        visibility=form.cleaned_data["visibility"],
    )
    return redirect(internship.get_absolute_url() + "#feedback-heading")


@require_POST
def feedback_reply(request, pk, note_pk):
    internship = _scoped(request, pk)
    note = get_object_or_404(queries.feedback_for(request.user, internship), pk=note_pk)
    ensure(request.user, "mentors.reply_feedback", internship)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            services.reply_to_feedback,
            success=_("Your reply is sent."),
            note=note,
            body=form.cleaned_data["body"],
        )
    return redirect(f"{internship.get_absolute_url()}#note-{note.pk}")


@require_POST
def assign_host_tutor(request, pk):
    internship = _scoped(request, pk)
    ensure(request.user, "internships.assign_host_tutor", internship)
    back = next_url(request, internship.get_absolute_url())
    form = HostTutorForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    mentor = form.cleaned_data["mentor"]
    outcome = run_service(
        request,
        internship_services.assign_host_tutor,
        success=lambda _warning: (
            _("%(mentor)s is now the host tutor of %(student)s.")
            % {"mentor": mentor.display_name, "student": internship.student.display_name}
        ),
        internship=internship,
        mentor=mentor,
        reason=form.cleaned_data["reason"],
    )
    if outcome.value:
        messages.warning(request, outcome.value)
    return redirect(back)


# The student's own internship --------------------------------------------------------


@role_required(Role.STUDENT)
def student_internship(request):
    internship = queries.current_internship_of(request.user)
    if internship is None:
        return render(request, "mentors/no_internship.html")
    return redirect(internship)


# Lists of interns --------------------------------------------------------------------


@role_required(Role.COMPANY)
def company_internships(request):
    """The organisation's interns; `export=csv|csv-semicolon|xlsx` gives them all as a file
    without the columns its pages withhold from a company account (mentors.exports)."""
    internships = queries.internships_of_organisation(request.user)
    fmt = core_exports.requested_format(request)
    if fmt:
        return core_exports.export(
            fmt,
            rows=queries.internships_for_export(internships),
            columns=exports.INTERNSHIP_COLUMNS,
            name=pgettext_lazy("file name", "interns"),
            viewer=request.user,
        )
    membership = getattr(request.user, "membership", None)
    context = {
        "page": page_of(request, internships),
        "host_tutors": queries.host_tutors_of(membership.organisation_id if membership else None),
    }
    return render(request, "mentors/company_internships.html", context)
