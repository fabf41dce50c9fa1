"""Publishing a run (staff), starting a second round, and a student's result."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import ensure, role_required
from core.services import ServiceError

from .. import queries
from ..services import publishing


def _round_page(round) -> str:
    """The staff page of the round (alloc-staff's), or the rounds' list."""
    for name, args in (("staff_round", [round.pk]), ("staff_rounds", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("staff_home")


@role_required(Role.STAFF)
def publish_run(request, pk, run_pk):
    found = queries.run_to_publish(request.user, round_pk=pk, run_pk=run_pk)
    if found is None:
        raise Http404
    round, run = found
    ensure(request.user, "allocation.publish_round", round)
    if request.method == "POST":
        try:
            publishing.publish_run(run=run, by=request.user)
        except ServiceError as error:
            messages.error(request, error.text)
            return redirect("allocation_publish_run", pk=round.pk, run_pk=run.pk)
        offers, unmatched = publishing.offers_count(run)
        messages.success(
            request,
            _(
                "The round is published: %(offers)d offers made, %(unmatched)d students told "
                "they were not placed."
            )
            % {"offers": offers, "unmatched": unmatched},
        )
        return redirect(_round_page(round))
    offers, unmatched = publishing.offers_count(run)
    context = {
        "round": round,
        "run": run,
        "offers": offers,
        "unmatched": unmatched,
        "refusal": publishing.refusal_to_publish(round=round, run=run),
        "round_page": _round_page(round),
    }
    return render(request, "allocation/staff_publish.html", context)


@role_required(Role.STAFF)
@require_POST
def start_second_round(request, pk):
    round = get_object_or_404(queries.rounds_staff_publish(request.user), pk=pk)
    try:
        second = publishing.create_second_round(round=round, by=request.user)
    except ServiceError as error:
        messages.error(request, error.text)
        return redirect(_round_page(round))
    messages.success(request, _("The second round is prepared: set its dates, then open it."))
    return redirect(_round_page(second))


def second_round_context(round) -> dict:
    """What templates/allocation/_second_round.html needs (the staff round page includes it)."""
    unmatched = publishing.unmatched_students(round).count() if round.published_run_id else 0
    return {
        "second_round_unmatched": unmatched,
        "second_round_refusal": publishing.refusal_to_start_second_round(round)
        if round.status == round.Status.PUBLISHED
        else "",
    }


@role_required(Role.STUDENT)
def student_result(request, pk):
    found = queries.student_result(request.user, round_pk=pk)
    if found is None:
        raise Http404
    round, match = found
    context = {
        "round": round,
        "match": match,
        "reasons": queries.reasons_of(match) if match else [],
        "second_round": round.next_rounds.filter(status=round.Status.OPEN).first()
        if match and not match.placement_id
        else None,
    }
    return render(request, "allocation/student_result.html", context)
