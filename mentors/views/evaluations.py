"""Evaluation pages of mentoring: the rubric evaluations and the rating of the host, their
reopening by staff, the academic result, and the staff's rubric editor."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import ensure
from core.views import run_service
from internships.models import Internship

from .. import queries, services
from ..forms.evaluations import (
    HostRatingForm,
    ReopenForm,
    ResultForm,
    RubricEvaluationForm,
)
from ..models import Evaluation
from ..services import AUTHORS


def _evaluation_form(kind, data, evaluation):
    if kind in Evaluation.RUBRIC_KINDS:
        return RubricEvaluationForm(
            data, competencies=queries.competencies(), evaluation=evaluation
        )
    return HostRatingForm(data, evaluation=evaluation)


def _closed(internship, kind) -> str | None:
    """Why the final evaluation cannot be filled yet (None for the other kinds, or when open)."""
    if kind != Evaluation.Kind.FINAL or internship.status != Internship.Status.ACTIVE:
        return None
    return services.why_final_evaluation_closed(internship, hours=internship.approved_hours)


def evaluation_form(request, pk, kind):
    internship, evaluation = queries.evaluation_in_scope(request.user, pk, kind)
    can_fill = request.user.has_perm(AUTHORS[kind], internship)
    if request.method == "POST":
        ensure(request.user, AUTHORS[kind], internship)
    locked = evaluation is not None and evaluation.is_locked
    closed = _closed(internship, kind) if can_fill and not locked else None
    if request.method == "POST" and locked:
        messages.error(request, _("This evaluation is submitted and locked. Staff can reopen it."))
        return redirect("evaluation_form", pk=internship.pk, kind=kind)
    form = _evaluation_form(kind, request.POST or None, evaluation) if can_fill else None
    if closed and request.method != "POST":
        form = None  # the page says why instead of offering a form that is refused
    if form is not None and not locked and request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.save_evaluation,
            show=False,
            internship=internship,
            kind=kind,
            submit=form.submitting,
            **form.service_arguments(),
        )
        if outcome.ok:
            if form.submitting:
                messages.success(request, _("Evaluation submitted. It is now locked."))
            else:
                messages.success(request, _("Draft saved. You can finish it later."))
            return redirect("evaluation_form", pk=internship.pk, kind=kind)
        form.add_error(None, outcome.error)
    context = {
        "internship": internship,
        "kind": kind,
        "kind_label": Evaluation.Kind(kind).label,
        "evaluation": evaluation,
        "locked": locked,
        "closed": closed,
        "form": None if locked else form,
        "reopen_form": ReopenForm(),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "mentors/evaluation_form.html", context, status=status)


@require_POST
def evaluation_reopen(request, pk, kind):
    internship, evaluation = queries.evaluation_in_scope(request.user, pk, kind)
    ensure(request.user, "mentors.reopen_evaluation", internship)
    if evaluation is None:
        raise Http404
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
    else:
        run_service(
            request,
            services.reopen_evaluation,
            success=_("The evaluation is reopened: its author can change it again."),
            evaluation=evaluation,
            reason=form.cleaned_data["reason"],
        )
    return redirect("evaluation_form", pk=internship.pk, kind=kind)


def result_form(request, pk):
    internship = queries.internship_detail(request.user, pk)
    can_record = request.user.has_perm("mentors.record_result", internship)
    if request.method == "POST":
        ensure(request.user, "mentors.record_result", internship)
    result = queries.result_of(internship)
    refusal = services.why_no_result_yet(
        internship, final_submitted=services.final_evaluation_submitted(internship)
    )
    form = None
    if can_record and (request.method == "POST" or not refusal):
        form = ResultForm(
            request.POST or None, result=result, default_credits=internship.period.credits
        )
    if form is not None and request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.record_result,
            show=False,
            internship=internship,
            **form.service_arguments(),
        )
        if outcome.ok:
            messages.success(request, _("The result is recorded. The student has been told."))
            return redirect("result_form", pk=internship.pk)
        form.add_error(None, outcome.error)
    context = {
        "internship": internship,
        "result": result,
        "form": form,
        "refusal": refusal if can_record else None,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "mentors/result_form.html", context, status=status)


# The rubric (staff) --------------------------------------------------------------------
