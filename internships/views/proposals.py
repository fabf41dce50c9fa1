"""A placement the student found: the student proposes it and follows it; staff (or the
academic supervisor the student chose) approve it or return it; staff record an internship
made on paper."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import ensure, role_required
from core.views import form_errors, page_of, run_service

from .. import queries
from ..forms.proposals import (
    ApproveProposalForm,
    ProposalForm,
    RecordInternshipForm,
    ReturnProposalForm,
)
from ..models import Proposal
from ..services import proposals as services

# The student's side ---------------------------------------------------------------------


@role_required(Role.STUDENT)
def student_proposals(request):
    page = page_of(request, queries.proposals_of_student(request.user))
    return render(request, "internships/proposals/student_list.html", {"page": page})


def _proposal_form_page(request, *, proposal=None):
    """The form, new or of a returned proposal. "Find" lists the hosts matching the search
    and shows again what was typed, judging nothing; "Send" hands it to the services."""
    finding = request.method == "POST" and request.POST.get("action") == "find"
    find = (request.POST if finding else request.GET).get("find", "")[:100]
    if finding:
        typed = {
            k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "action")
        }
        form = ProposalForm(initial=typed, instance=proposal, student=request.user, find=find)
    else:
        initial = {"organisation": (proposal.organisation_id or "new")} if proposal else {}
        form = ProposalForm(
            request.POST or None,
            initial=initial,
            instance=proposal,
            student=request.user,
            find=find,
        )
    if request.method == "POST" and not finding and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "find"}
        if proposal is None:
            outcome = run_service(request, services.submit_proposal, show=False, data=data)
        else:
            outcome = run_service(
                request, services.update_proposal, show=False, proposal=proposal, data=data
            )
        if outcome.ok:
            messages.success(
                request, _("Your proposal was sent. You will be told when it is answered.")
            )
            return redirect(outcome.value)
        form.add_error(None, outcome.error)
    context = {"form": form, "proposal": proposal}
    return render(
        request, "internships/proposals/form.html", context, status=400 if form.errors else 200
    )


@role_required(Role.STUDENT)
def proposal_create(request):
    return _proposal_form_page(request)


@role_required(Role.STUDENT)
def proposal_edit(request, pk):
    proposal = get_object_or_404(
        queries.proposals_of_student(request.user), pk=pk, status=Proposal.Status.RETURNED
    )
    return _proposal_form_page(request, proposal=proposal)


@role_required(Role.STUDENT)
@require_POST
def proposal_withdraw(request, pk):
    proposal = get_object_or_404(queries.proposals_of_student(request.user), pk=pk)
    run_service(
        request,
        services.withdraw_proposal,
        success=_("Your proposal was withdrawn."),
        proposal=proposal,
    )
    return redirect(proposal)


# One proposal, for its student and its reviewers ----------------------------------------


@role_required(Role.STUDENT, Role.STAFF, Role.MENTOR)
def proposal_detail(request, pk):
    proposal = get_object_or_404(queries.proposals_visible_to(request.user), pk=pk)
    context = {
        "proposal": proposal,
        "timeline": queries.timeline(proposal),
        "approve_form": ApproveProposalForm(),
        "return_form": ReturnProposalForm(),
    }
    return render(request, "internships/proposals/detail.html", context)


# The reviewer's side --------------------------------------------------------------------


@role_required(Role.STAFF, Role.MENTOR)
def proposal_queue(request):
    ensure(request.user, "internships.see_proposal_queue")
    page = page_of(request, queries.proposals_to_review(request.user))
    return render(request, "internships/proposals/queue.html", {"page": page})


def _review(request, pk, service, *, form_class, success: str):
    proposal = get_object_or_404(queries.proposals_visible_to(request.user), pk=pk)
    if not request.user.has_perm("internships.review_proposal", proposal):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(proposal)
    outcome = run_service(
        request, service, success=success, proposal=proposal, comment=form.cleaned_data["comment"]
    )
    return redirect("proposal_queue" if outcome.ok else proposal.get_absolute_url())


@role_required(Role.STAFF, Role.MENTOR)
@require_POST
def proposal_approve(request, pk):
    return _review(
        request,
        pk,
        services.approve_proposal,
        form_class=ApproveProposalForm,
        success=_("The proposal is approved: the internship is made and the host is invited."),
    )


@role_required(Role.STAFF, Role.MENTOR)
@require_POST
def proposal_return(request, pk):
    return _review(
        request,
        pk,
        services.return_proposal,
        form_class=ReturnProposalForm,
        success=_("The proposal was returned to the student with your comment."),
    )


# Recorded by staff ----------------------------------------------------------------------


@role_required(Role.STAFF)
def internship_record(request):
    form = RecordInternshipForm(request.POST or None, request.FILES or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            request,
            services.record_internship,
            show=False,
            student=data["student"],
            organisation=data["host"],
            period=data["period"],
            terms=form.terms,
            tutor_email=data["tutor_email"],
            tutor_first_name=data["tutor_first_name"],
            tutor_last_name=data["tutor_last_name"],
            supervisor=data["supervisor"],
            scan=data["scan"],
        )
        if outcome.ok:
            messages.success(request, _("The internship is recorded."))
            return redirect(outcome.value)
        _put_errors(form, outcome.error)
    return render(
        request,
        "internships/proposals/record.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _put_errors(form, error) -> None:
    """The service's refusal beside the fields it names (its `host` is the form's `host`)."""
    renamed = {"organisation": "host", "supervisor": "supervisor"}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = renamed.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
