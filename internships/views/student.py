"""Student pages of internships: applying, following applications, answering offers."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import queries as account_queries
from accounts.files import stored_pdf
from accounts.models import Role
from core import audit
from core.permissions import role_required
from core.views import page_of, run_service

from .. import queries, services
from ..forms.student import ApplicationForm, ReportForm
from ..ics import interview_calendar
from ..models import Application
from ..timeline import application_timeline


@role_required(Role.STUDENT)
def apply(request, pk):
    """The letter, CV and questions form, or, when the student may not apply, the reason."""
    placement = queries.placement_detail(request.user, pk)
    profile = account_queries.student_profile_of(request.user)
    refusal = services.refusal_to_apply(student=request.user, placement=placement)
    form = None
    if not refusal:
        form = ApplicationForm(
            request.POST or None,
            request.FILES or None,
            cvs=profile.cvs.all(),
            questions=queries.questions_of(placement),
        )
    if not refusal and request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.apply,
            show=False,
            placement=placement,
            cover_letter=form.cleaned_data["cover_letter"],
            cv=form.chosen_cv,
            cv_upload=form.cv_file,
            answers=form.answers,
        )
        if outcome.ok:
            messages.success(request, _("Your application was sent. Good luck!"))
            return redirect("student_application", pk=outcome.value.pk)
        form.add_error(None, outcome.text)
    return render(
        request,
        "internships/student/apply.html",
        {"placement": placement, "profile": profile, "form": form, "refusal": refusal},
    )


@role_required(Role.STUDENT)
@require_POST
def report_placement(request, pk):
    placement = queries.placement_detail(request.user, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
    else:
        run_service(
            request,
            services.report_concern,
            success=_("Thank you. The internship office will look into it."),
            organisation=placement.organisation,
            placement=placement,
            reason=form.cleaned_data["reason"],
        )
    return redirect(placement)


@role_required(Role.STUDENT)
def student_applications(request):
    applications = queries.applications_of_student(request.user).order_by("-created_at", "-pk")
    page = page_of(request, applications)
    return render(request, "internships/student/applications.html", {"page_obj": page})


@role_required(Role.STUDENT)
def student_application(request, pk):
    application = get_object_or_404(queries.applications_of_student(request.user), pk=pk)
    return render(
        request,
        "internships/student/application.html",
        {"application": application, "timeline": application_timeline(application)},
    )


def _answer(request, pk, service, success: str):
    """Run one of the student's answers on their own application; a refusal is a message."""
    application = get_object_or_404(queries.applications_of_student(request.user), pk=pk)
    run_service(request, service, success=success, application=application)
    return redirect("student_application", pk=application.pk)


@role_required(Role.STUDENT)
@require_POST
def withdraw_application(request, pk):
    return _answer(request, pk, services.withdraw_application, _("Your application was withdrawn."))


def _offer_confirmation(request, pk, template: str, *, context):
    """The page that asks before an answer to an offer, saying what will follow; an
    application without an open offer goes back to its page."""
    application = get_object_or_404(queries.applications_of_student(request.user), pk=pk)
    if application.status != Application.Status.OFFERED:
        messages.error(request, _("There is no open offer on this application."))
        return redirect("student_application", pk=application.pk)
    return render(request, template, {"application": application, **context(application)})


@role_required(Role.STUDENT)
def confirm_accept_offer(request, pk):
    return _offer_confirmation(
        request,
        pk,
        "internships/student/confirm_accept.html",
        context=lambda application: {
            "others": queries.other_open_applications(application),
        },
    )


@role_required(Role.STUDENT)
def confirm_decline_offer(request, pk):
    return _offer_confirmation(
        request, pk, "internships/student/confirm_decline.html", context=lambda application: {}
    )


@role_required(Role.STUDENT)
@require_POST
def accept_offer(request, pk):
    return _answer(request, pk, services.accept_offer, _("Offer accepted. Welcome aboard!"))


@role_required(Role.STUDENT)
@require_POST
def decline_offer(request, pk):
    return _answer(
        request, pk, services.decline_offer, _("You declined the offer. The organisation is told.")
    )


@role_required(Role.STUDENT)
def interview_ics(request, pk):
    application = get_object_or_404(
        queries.applications_of_student(request.user),
        pk=pk,
        status=Application.Status.INTERVIEW,
        interview_at__isnull=False,
    )
    response = HttpResponse(
        interview_calendar(application, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return response


def application_cv(request, pk):
    """The application's own CV copy, for the applicant, the organisation and staff."""
    application = get_object_or_404(queries.applications_with_cv_visible_to(request.user), pk=pk)
    filename = f"CV {application.student.display_name}.pdf"
    response = stored_pdf(
        request,
        application.cv,
        filename=filename,
        advice=_("Ask the student for their CV by e-mail, or to apply again with a new one."),
    )
    return audit.served(response, application, request=request, kind="cv")
