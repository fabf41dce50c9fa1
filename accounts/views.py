from allauth.account.views import SignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from core import audit
from core.forms import sent_formset, valid_if_sent
from core.permissions import ensure, role_required
from core.views import run_service

from . import queries, services
from .adapters import home_url_for
from .files import stored_pdf
from .forms import (
    ORGANISATION_INVITATION_KINDS,
    UNIVERSITY_INVITATION_KINDS,
    AcceptInvitationForm,
    ExperienceForm,
    InvitationForm,
    OrganisationDetailsForm,
    OrganisationSignupForm,
    StudentProfileForm,
    StudentSignupForm,
    language_formset,
    link_formset,
)
from .models import Role


@login_not_required
@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required
def signup_choice(request):
    if request.user.is_authenticated:
        return redirect(home_url_for(request.user))
    return render(request, "account/signup_choice.html")


student_signup = login_not_required(
    SignupView.as_view(form_class=StudentSignupForm, template_name="account/signup_student.html")
)
organisation_signup = login_not_required(
    SignupView.as_view(
        form_class=OrganisationSignupForm, template_name="account/signup_organisation.html"
    )
)


def home(request):
    return redirect(home_url_for(request.user))


def _invitations_page(request, *, kinds, template, organisation=None, extra=None):
    form = InvitationForm(
        request.POST or None, kinds=kinds, tells_accounts=request.user.role == Role.STAFF
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, services.invite, show=False, organisation=organisation, **form.cleaned_data
        )
        if outcome.ok:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(request.path)
        form.add_error(None, outcome.error)
    context = {
        "form": form,
        "invitations": queries.invitations_visible_to(request.user)[:50],
        "organisation": organisation,
        "invitation_days": settings.INVITATION_VALID_DAYS,
        **(extra or {}),
    }
    return render(request, template, context, status=400 if form.errors else 200)


@role_required(Role.STAFF)
def staff_invitations(request):
    return _invitations_page(
        request, kinds=UNIVERSITY_INVITATION_KINDS, template="accounts/staff_invitations.html"
    )


@role_required(Role.COMPANY)
def company_invitations(request):
    """Everyone of the organisation sees its people; only its admins invite."""
    organisation = queries.organisation_of(request.user)
    if organisation is None:
        raise Http404
    people = {
        "members": queries.members_of(organisation),
        "tutors": queries.host_tutors_of(organisation),
    }
    if request.method == "POST":
        ensure(request.user, "accounts.invite_organisation_people", organisation)
    elif not request.user.has_perm("accounts.invite_organisation_people", organisation):
        return render(
            request, "accounts/company_people.html", {"organisation": organisation, **people}
        )
    return _invitations_page(
        request,
        kinds=ORGANISATION_INVITATION_KINDS,
        organisation=organisation,
        template="accounts/company_people.html",
        extra=people,
    )


@role_required(Role.COMPANY)
def company_organisation(request):
    """The organisation's details: its admins edit them, its other people read them."""
    organisation = queries.organisation_of(request.user)
    if organisation is None:
        raise Http404
    may_edit = request.user.has_perm("accounts.edit_organisation", organisation)
    if request.method == "POST":
        ensure(request.user, "accounts.edit_organisation", organisation)
    form = None
    if may_edit:
        form = OrganisationDetailsForm(
            request.POST or None, request.FILES or None, organisation=organisation
        )
        if request.method == "POST" and form.is_valid():
            outcome = run_service(
                request,
                services.update_organisation,
                show=False,
                organisation=organisation,
                data=form.cleaned_data,
                logo=form.cleaned_data.get("logo"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
            if outcome.ok:
                if outcome.value.status != organisation.status:
                    messages.warning(
                        request,
                        _(
                            "The details were saved. Your organisation awaits verification "
                            "by the internship office again."
                        ),
                    )
                else:
                    messages.success(request, _("The details were saved."))
                return redirect("company_organisation")
            form.add_error(None, outcome.error)  # a refused logo: beside its field
    context = {"organisation": organisation, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "accounts/company_organisation.html", context, status=status)


@role_required(Role.STAFF, Role.COMPANY)
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(queries.invitations_visible_to(request.user), pk=pk)
    run_service(
        request,
        services.revoke_invitation,
        success=_("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
        invitation=invitation,
    )
    return redirect("company_invitations" if invitation.organisation_id else "staff_invitations")


@login_not_required
@never_cache
def accept_invitation(request, token):
    invitation = queries.invitation_by_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"problem": problem},
            status=410 if invitation else 404,
        )
    if request.user.is_authenticated:
        messages.error(request, _("Log out first to accept an invitation for another account."))
        return redirect(home_url_for(request.user))
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to Practica, %(name)s!") % {"name": user.first_name}
            )
            return redirect(home_url_for(user))
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


@role_required(Role.STUDENT)
def student_profile(request):
    profile = queries.student_profile_of(request.user)
    data = request.POST if request.method == "POST" else None
    form = StudentProfileForm(data, request.FILES or None, instance=profile)
    # A form without a part's rows (an older page, a script) leaves that part as it is.
    links = link_formset(profile, sent_formset(data, "links"))
    languages = language_formset(profile, sent_formset(data, "languages"))
    if data is not None and all([form.is_valid(), valid_if_sent(links), valid_if_sent(languages)]):
        outcome = run_service(
            request,
            services.update_student_profile,
            show=False,
            profile=profile,
            data=form.cleaned_data,
            skills=form.cleaned_data["skills"],
            cv=form.cleaned_data.get("cv_upload"),
            cv_label=form.cleaned_data.get("cv_label", ""),
            links=[(row["kind"], row["url"]) for row in links.cleaned_data if row.get("url")]
            if links.is_bound
            else None,
            languages=[(row["language"], row["level"]) for row in languages.cleaned_data if row]
            if languages.is_bound
            else None,
        )
        if outcome.ok:
            messages.success(request, _("Your profile was saved."))
            return redirect("student_profile")
        form.add_error(None, outcome.text)
    context = {
        "form": form,
        "links": links,
        "languages": languages,
        "profile": profile,
        "completeness": queries.profile_completeness(profile),
        "max_cvs": settings.STUDENT_MAX_CVS,
    }
    return render(request, "accounts/student_profile.html", context)


def _own_cv(request, cv):
    filename = f"CV {request.user.display_name} ({cv.label}).pdf"
    response = stored_pdf(
        request,
        cv.file,
        filename=filename,
        as_attachment=False,
        advice=_("Upload your CV again on your profile."),
    )
    return audit.served(response, cv, request=request, kind="cv")


@role_required(Role.STUDENT)
def student_cv(request):
    """The student's newest CV; files are never served from a public URL."""
    cv = queries.cvs_of(request.user).first()
    if cv is None:
        raise Http404
    return _own_cv(request, cv)


@role_required(Role.STUDENT)
def student_cv_file(request, pk):
    """One of the student's own CVs; another student's is not found."""
    return _own_cv(request, get_object_or_404(queries.cvs_of(request.user), pk=pk))


@role_required(Role.STUDENT)
@require_POST
def remove_student_cv(request, pk):
    cv = get_object_or_404(queries.cvs_of(request.user), pk=pk)
    run_service(
        request,
        services.remove_student_cv,
        success=_("The CV “%(label)s” was removed.") % {"label": cv.label},
        cv=cv,
    )
    return redirect("student_profile")


@role_required(Role.STUDENT)
def student_experience(request, pk=None):
    """Add an entry of experience, or edit one of the student's own."""
    profile = queries.student_profile_of(request.user)
    experience = None
    if pk is not None:
        experience = get_object_or_404(queries.experiences_of(request.user), pk=pk)
    form = ExperienceForm(request.POST or None, instance=experience)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.save_student_experience,
            show=False,
            profile=profile,
            experience=experience,
            data=form.cleaned_data,
        )
        if outcome.ok:
            messages.success(request, _("Your experience was saved."))
            return redirect(f"{reverse('student_profile')}#experience-heading")
        form.add_error(None, outcome.text)
    return render(
        request,
        "accounts/student_experience.html",
        {"form": form, "experience": experience},
        status=400 if form.errors else 200,
    )


@role_required(Role.STUDENT)
@require_POST
def remove_student_experience(request, pk):
    experience = get_object_or_404(queries.experiences_of(request.user), pk=pk)
    run_service(
        request,
        services.remove_student_experience,
        success=_("“%(title)s” was removed from your experience.") % {"title": experience.title},
        experience=experience,
    )
    return redirect(f"{reverse('student_profile')}#experience-heading")


@login_not_required
@require_POST
def set_language(request):
    """Django's language switcher (the cookie, then back to the page), which also keeps a
    signed-in person's choice on their account: their e-mails and notifications follow it."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_language(by=request.user, language=language)
    return response


@login_not_required
def saml_finish_acs(request, organization_slug):
    """allauth's end of a SAML sign-on (issue #17), which refuses an answer to a sign-on this
    browser did not start or already finished (a replayed assertion): said plainly here."""
    from allauth.socialaccount.providers.saml.views import finish_acs

    try:
        return finish_acs(request, organization_slug=organization_slug)
    except PermissionDenied:
        message = _(
            "This sign-in answer was already used, has expired, or belongs to a sign-in "
            "started elsewhere, so you were not signed in. Start again from the login page."
        )
        return render(request, "accounts/sign_on_refused.html", {"message": message}, status=403)
