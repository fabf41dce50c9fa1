"""Host organisations' pages: their placements and the pipeline of applicants."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.forms import sent_formset, valid_if_sent
from core.permissions import role_required
from core.views import page_of, run_service

from .. import queries, services
from ..forms.company import (
    ExtendOfferForm,
    InterviewForm,
    NoteForm,
    OfferForm,
    PlacementForm,
    RejectForm,
    RescindOfferForm,
    question_formset,
    questions_from,
)
from ..models import Application, Placement
from ..services.applications import MOVES as APPLICATION_MOVES
from ..timeline import application_timeline
from .closing import close_from_post, close_page


def _organisation(request):
    membership = getattr(request.user, "membership", None)
    if membership is None:
        raise Http404
    return membership.organisation


def _placement(request, pk) -> Placement:
    return get_object_or_404(queries.placements_of_organisation(_organisation(request)), pk=pk)


def _application(request, pk) -> Application:
    return get_object_or_404(queries.applications_of_organisation(request.user), pk=pk)


# Placements ---------------------------------------------------------------------------


@role_required(Role.COMPANY)
def company_placements(request):
    page = page_of(request, queries.placements_of_organisation(_organisation(request)))
    return render(request, "internships/company/placements.html", {"page": page})


@role_required(Role.COMPANY)
def placement_create(request):
    organisation = _organisation(request)
    form = PlacementForm(request.POST or None, organisation=organisation)
    questions = question_formset(data=sent_formset(request.POST, "questions"))
    if request.method == "POST" and all([form.is_valid(), valid_if_sent(questions)]):
        data = form.cleaned_data
        outcome = run_service(
            request,
            services.create_placement,
            show=False,
            organisation=organisation,
            data=data,
            programmes=data["programmes"],
            skills=data["skills"],
            questions=questions_from(questions) if questions.is_bound else None,
        )
        if outcome.ok:
            messages.success(
                request,
                _("“%(title)s” is saved as a draft. Submit it when it is ready.")
                % {"title": outcome.value.title},
            )
            return redirect("company_placements")
        form.add_error(None, outcome.error)
    return render(
        request,
        "internships/company/placement_form.html",
        {"form": form, "questions": questions},
        status=400 if form.errors or questions.total_error_count() else 200,
    )


@role_required(Role.COMPANY)
def placement_edit(request, pk):
    placement = _placement(request, pk)
    is_draft = placement.status == Placement.Status.DRAFT
    original = {"title": placement.title, "review_comment": placement.review_comment}
    form = PlacementForm(
        request.POST or None, instance=placement, organisation=_organisation(request)
    )
    questions = question_formset(placement, sent_formset(request.POST, "questions"))
    if request.method == "POST" and all([form.is_valid(), valid_if_sent(questions)]):
        data = form.cleaned_data
        outcome = run_service(
            request,
            services.update_placement,
            show=False,
            placement=placement,
            data=data,
            programmes=data["programmes"],
            skills=data["skills"],
            questions=questions_from(questions) if questions.is_bound else None,
        )
        if outcome.ok:
            messages.success(request, _("The draft is saved."))
            return redirect("company_placements")
        form.add_error(None, outcome.error)
    context = {
        "form": form,
        "questions": questions,
        "placement": placement,
        "original": original,
        "is_draft": is_draft,
    }
    return render(
        request,
        "internships/company/placement_form.html",
        context,
        status=400 if form.errors or questions.total_error_count() else 200,
    )


def _submitted(placement) -> str:
    """What submitting did: published at once, or sent to the office for review."""
    if placement.status == Placement.Status.PUBLISHED:
        return _("“%(title)s” is published.") % {"title": placement.title}
    return _("“%(title)s” is sent to the internship office for approval.") % {
        "title": placement.title
    }


@role_required(Role.COMPANY)
@require_POST
def placement_submit(request, pk):
    run_service(
        request, services.submit_placement, success=_submitted, placement=_placement(request, pk)
    )
    return redirect("company_placements")


@role_required(Role.COMPANY)
def confirm_placement_close(request, pk):
    placement = _placement(request, pk)
    return close_page(
        request,
        placement,
        action=reverse("placement_close", args=[placement.pk]),
        back=reverse("company_placements"),
    )


@role_required(Role.COMPANY)
@require_POST
def placement_withdraw(request, pk):
    """Take a placement awaiting approval back to draft (the list asks to confirm first)."""
    run_service(
        request,
        services.withdraw_submission,
        success=lambda placement: (
            _("“%(title)s” is a draft again: edit it, then submit it once more.")
            % {"title": placement.title}
        ),
        placement=_placement(request, pk),
    )
    return redirect("company_placements")


@role_required(Role.COMPANY)
@require_POST
def placement_close(request, pk):
    placement = _placement(request, pk)
    back = reverse("company_placements")
    return close_from_post(
        request,
        placement,
        action=reverse("placement_close", args=[placement.pk]),
        back=back,
        done=back,
    )


@role_required(Role.COMPANY)
@require_POST
def placement_archive(request, pk):
    run_service(
        request,
        services.archive_placement,
        success=lambda placement: _("“%(title)s” is archived.") % {"title": placement.title},
        placement=_placement(request, pk),
    )
    return redirect("company_placements")


@role_required(Role.COMPANY)
@require_POST
def placement_duplicate(request, pk):
    outcome = run_service(
        request,
        services.duplicate_placement,
        success=_("A new draft was copied: check its dates, then submit it."),
        placement=_placement(request, pk),
    )
    if not outcome.ok:
        return redirect("company_placements")
    return redirect("placement_edit", pk=outcome.value.pk)


# Pipeline (the board and the table are in .applicants) -------------------------------


@role_required(Role.COMPANY)
@require_POST
def reject_remaining(request, pk):
    placement = _placement(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
        return redirect("pipeline", pk=placement.pk)
    run_service(
        request,
        services.reject_remaining,
        success=lambda count: (
            ngettext(
                "%(count)d remaining applicant was told.",
                "%(count)d remaining applicants were told.",
                count,
            )
            % {"count": count}
        ),
        placement=placement,
        message=form.cleaned_data["message"],
    )
    return redirect("pipeline", pk=placement.pk)


# One applicant ------------------------------------------------------------------------


def _next_steps(application) -> dict:
    moves = APPLICATION_MOVES.get(application.status, set())
    return {
        "in_review": Application.Status.IN_REVIEW in moves,
        "shortlist": Application.Status.SHORTLISTED in moves,
        "interview": Application.Status.INTERVIEW in moves,
        "offer": Application.Status.OFFERED in moves,
        "reject": application.is_open,
    }


def _application_page(request, application, *, status=200, **forms):
    context = {
        "application": application,
        "profile": getattr(application.student, "student_profile", None),
        "notes": queries.notes_of(application),
        "events": application_timeline(application),
        "steps": _next_steps(application),
        "note_form": NoteForm(),
        "interview_form": InterviewForm(),
        "offer_form": OfferForm(),
        "reject_form": RejectForm(),
        "extend_form": ExtendOfferForm(application=application),
        "rescind_form": RescindOfferForm(),
        **forms,
    }
    return render(request, "internships/company/application.html", context, status=status)


@role_required(Role.COMPANY)
def company_application(request, pk):
    return _application_page(request, _application(request, pk))


@role_required(Role.COMPANY)
@require_POST
def application_move(request, pk):
    application = _application(request, pk)
    run_service(
        request,
        services.move_application,
        success=lambda moved: (
            _("The application is now: %(status)s.") % {"status": moved.get_status_display()}
        ),
        application=application,
        to=request.POST.get("to", ""),
    )
    return redirect("company_application", pk=application.pk)


def _form_action(request, pk, form_class, form_name, service, success, **fields):
    """Validate the form beside its fields, then run the service; its refusal is a message."""
    application = _application(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _application_page(request, application, status=400, **{form_name: form})
    kwargs = {arg: form.cleaned_data[field] for arg, field in fields.items()}
    run_service(request, service, success=success, application=application, **kwargs)
    return redirect("company_application", pk=application.pk)


@role_required(Role.COMPANY)
@require_POST
def application_interview(request, pk):
    return _form_action(
        request,
        pk,
        InterviewForm,
        "interview_form",
        services.invite_to_interview,
        _("The student is invited to the interview and gets a calendar file."),
        when="when",
        location="location",
        note="note",
    )


@role_required(Role.COMPANY)
@require_POST
def application_offer(request, pk):
    return _form_action(
        request,
        pk,
        OfferForm,
        "offer_form",
        services.make_offer,
        _("The offer is sent. The student is told to answer by its deadline."),
        deadline="deadline",
        message="message",
    )


@role_required(Role.COMPANY)
@require_POST
def application_reject(request, pk):
    return _form_action(
        request,
        pk,
        RejectForm,
        "reject_form",
        services.reject_application,
        _("The application is declined and the student is told."),
        message="message",
    )


@role_required(Role.COMPANY)
@require_POST
def application_note(request, pk):
    return _form_action(
        request,
        pk,
        NoteForm,
        "note_form",
        services.add_note,
        _("Your note is saved."),
        body="body",
    )


@role_required(Role.COMPANY)
@require_POST
def offer_extend(request, pk):
    return _form_action(
        request,
        pk,
        ExtendOfferForm,
        "extend_form",
        services.extend_offer,
        _("The student has more time to answer and is told the new deadline."),
        deadline="deadline",
    )


@role_required(Role.COMPANY)
@require_POST
def offer_rescind(request, pk):
    return _form_action(
        request,
        pk,
        RescindOfferForm,
        "rescind_form",
        services.rescind_offer,
        _("The offer is withdrawn and the student is told why."),
        reason="reason",
    )
