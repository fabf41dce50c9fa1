"""Ranking in allocation rounds: a student's list of placements, a host's list of the
students who ranked each of its placements, and the CVs the hosts read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import queries as account_queries
from accounts.files import stored_pdf
from accounts.models import Role
from core import audit
from core.permissions import role_required
from core.views import run_service

from .. import queries
from ..forms import ChoicesForm, HostListForm
from ..rules import hosts_see_applicants, refusal_to_take_part
from ..services import ranking

# Students -------------------------------------------------------------------------------------


@role_required(Role.STUDENT)
def student_rounds(request):
    rounds = queries.rounds_of_student(request.user)
    return render(request, "allocation/student_rounds.html", {"rounds": rounds})


@role_required(Role.STUDENT)
def student_round(request, pk):
    """The student's list in the round: editable in the students' phase, read-only after;
    before it, when it opens. Every button saves the whole list (see ChoicesForm)."""
    round = get_object_or_404(queries.rounds_of_student(request.user), pk=pk)
    refusal = refusal_to_take_part(student=request.user, round=round)
    closed = ranking.refusal_to_rank_placements(round)
    choices = list(queries.choices_of(round, request.user))
    entry = queries.entry_of(round, request.user)
    form = None
    if not refusal and not closed:
        chosen = {choice.placement_id for choice in choices}
        profile = account_queries.student_profile_of(request.user)
        form = ChoicesForm(
            request.POST or None,
            cvs=profile.cvs.all(),
            placements=[
                p for p in queries.eligible_placements(round, request.user) if p.pk not in chosen
            ],
            entry=entry,
        )
    elif request.method == "POST":
        messages.error(request, refusal or closed)
        return redirect("student_round", pk=round.pk)
    if form is not None and request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            ranking.save_choices,
            show=False,
            round=round,
            placement_ids=form.cleaned_data["ordered"],
            cv=form.cleaned_data["chosen_cv"],
        )
        if outcome.ok:
            messages.success(request, _("Your list is saved."))
            return redirect("student_round", pk=round.pk)
        form.add_error(None, outcome.text)
    context = {
        "round": round,
        "choices": choices,
        "entry": entry,
        "form": form,
        "refusal": refusal,
        "closed": closed,
    }
    return render(request, "allocation/student_round.html", context)


@role_required(Role.STUDENT)
def student_round_cv(request, pk):
    """The CV the student's list carries, as the hosts read it."""
    round = get_object_or_404(queries.rounds_of_student(request.user), pk=pk)
    entry = queries.entry_of(round, request.user)
    if entry is None or not entry.cv:
        raise Http404
    return _cv(request, entry)


def _cv(request, entry):
    response = stored_pdf(
        request,
        entry.cv,
        filename=f"CV {entry.student.display_name}.pdf",
        advice=_("Ask the student for their CV by e-mail."),
    )
    return audit.served(response, entry, request=request, kind="cv")


# Hosts ----------------------------------------------------------------------------------------


def _host_round(request, pk):
    return get_object_or_404(queries.rounds_of_host(request.user), pk=pk)


@role_required(Role.COMPANY)
def host_rounds(request):
    return render(
        request, "allocation/host_rounds.html", {"rounds": queries.rounds_of_host(request.user)}
    )


@role_required(Role.COMPANY)
def host_round(request, pk):
    round = _host_round(request, pk)
    return render(
        request,
        "allocation/host_round.html",
        {
            "round": round,
            "placements": queries.placements_of_host_in(round, request.user),
            "closed": ranking.refusal_to_rank_applicants(round),
        },
    )


@role_required(Role.COMPANY)
def host_round_placement(request, pk, placement_pk):
    """The students who ranked one of the host's placements: the host ranks them, marks
    some not acceptable, or takes them in the order they ranked the placement."""
    round = _host_round(request, pk)
    placement = queries.placement_of_host(round, request.user, placement_pk)
    hidden = not hosts_see_applicants(round)
    applicants = [] if hidden else list(queries.applicants_of(round, placement))
    host_list = queries.host_list_of(round, placement)
    closed = ranking.refusal_to_rank_applicants(round)
    if closed and request.method == "POST":
        messages.error(request, closed)
        return redirect("host_round_placement", pk=round.pk, placement_pk=placement.pk)
    form = HostListForm(
        request.POST or None,
        applicants=applicants,
        initial={"order": host_list.order if host_list else "ranked"},
    )
    if not closed and request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            ranking.save_host_list,
            show=False,
            round=round,
            placement=placement,
            order=form.cleaned_data["order"],
            ranks=form.cleaned_data["ranks"],
            unacceptable=form.cleaned_data["unacceptable"],
        )
        if outcome.ok:
            messages.success(
                request, _("Your list for “%(title)s” is saved.") % {"title": placement.title}
            )
            return redirect("host_round", pk=round.pk)
        form.add_error(None, outcome.text)
    context = {
        "round": round,
        "placement": placement,
        "form": form,
        "closed": closed,
        "host_list": host_list,
        "hidden": hidden,
    }
    return render(request, "allocation/host_round_placement.html", context)


@role_required(Role.COMPANY)
def host_round_cv(request, pk, placement_pk, student_pk):
    """The CV of a student who ranked the host's placement, the opening recorded."""
    round = _host_round(request, pk)
    placement = queries.placement_of_host(round, request.user, placement_pk)
    entry = queries.ranked_entry(round, placement, student_pk)
    if not entry.cv or not hosts_see_applicants(round):
        raise Http404
    return _cv(request, entry)
