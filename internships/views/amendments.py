"""Amendments to a confirmed agreement: proposing one, its page, each party's confirmation of
its PDF, and the proposer's withdrawal. The PDF itself is served by documents."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from core.permissions import ensure, role_required
from core.services import ServiceError
from core.views import form_errors, run_service

from .. import queries, services
from ..forms.amendments import AmendmentForm, ConfirmAmendmentForm
from ..models import Amendment, Confirmation
from ..rules import party_of
from ..services.amendments import change_rows


@role_required(Role.STAFF, Role.COMPANY, Role.MENTOR)
@require_http_methods(["GET", "POST"])
def amendment_propose(request, pk):
    internship = get_object_or_404(
        queries.internships_visible_to(request.user).select_related(
            "student", "period", "host_tutor"
        ),
        pk=pk,
    )
    ensure(request.user, "internships.propose_amendment", internship)
    refusal = services.why_no_amendment(internship)
    if refusal:
        context = {"internship": internship, "refusal": refusal}
        return render(request, "internships/agreements/amendment_propose.html", context)
    host_tutors = queries.host_tutors_of_organisation(internship.organisation_id)
    form = AmendmentForm(request.POST or None, internship=internship, host_tutors=host_tutors)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                amendment = services.propose_amendment(
                    internship=internship,
                    by=request.user,
                    terms=form.terms(),
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                form.add_error(None, error.text)
            else:
                messages.success(
                    request,
                    _("The amendment is proposed: the three parties are asked to confirm it."),
                )
                return redirect(amendment)
    context = {"internship": internship, "form": form}
    return render(request, "internships/agreements/amendment_propose.html", context, status=status)


def amendment_detail(request, pk):
    amendment = get_object_or_404(queries.amendments_visible_to(request.user), pk=pk)
    internship = amendment.agreement.internship
    confirmed = {c.party: c for c in amendment.confirmations.all()}
    mine = party_of(request.user, internship)
    context = {
        "amendment": amendment,
        "internship": internship,
        "rows": change_rows(amendment.changes),
        "parties": [
            {"key": key, "label": label, "confirmation": confirmed.get(key)}
            for key, label in Confirmation.Party.choices
        ],
        "my_party": mine,
        "can_confirm": bool(
            amendment.status == Amendment.Status.PENDING
            and internship.is_running
            and mine
            and mine not in confirmed
            and request.user.has_perm("internships.confirm_amendment", internship)
        ),
        "can_withdraw": amendment.status == Amendment.Status.PENDING
        and request.user.has_perm("internships.withdraw_amendment", amendment),
        "confirm_form": ConfirmAmendmentForm(initial={"sha256": amendment.sha256}),
    }
    return render(request, "internships/agreements/amendment_detail.html", context)


@require_POST
def amendment_confirm(request, pk):
    amendment = get_object_or_404(queries.amendments_visible_to(request.user), pk=pk)
    ensure(request.user, "internships.confirm_amendment", amendment.agreement.internship)
    form = ConfirmAmendmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            services.confirm_amendment,
            success=lambda confirmed: (
                _("You have confirmed the amendment. It is in force: the new terms apply.")
                if confirmed.status == Amendment.Status.CONFIRMED
                else _("You have confirmed the amendment.")
            ),
            amendment=amendment,
            sha256=form.cleaned_data["sha256"],
        )
    return redirect(amendment)


@require_POST
def amendment_withdraw(request, pk):
    amendment = get_object_or_404(queries.amendments_visible_to(request.user), pk=pk)
    ensure(request.user, "internships.withdraw_amendment", amendment)
    run_service(
        request,
        services.withdraw_amendment,
        success=_("The amendment is withdrawn: nothing it proposed applies."),
        amendment=amendment,
    )
    return redirect(amendment)
