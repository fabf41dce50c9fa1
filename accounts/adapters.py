from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.contrib import messages
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import services, sso
from .emails import normalise_email
from .models import Role

HOME_URL_NAMES = {
    Role.STUDENT: "student_home",
    Role.COMPANY: "company_home",
    Role.MENTOR: "mentor_home",
    Role.STAFF: "staff_home",
}


def home_url_for(user) -> str:
    """Each role lands on its own home page after login."""
    name = HOME_URL_NAMES.get(getattr(user, "role", None))
    return reverse(name) if name else reverse("landing")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """An account's e-mails (password reset, address confirmation) in the language its
        owner chose, whatever language the page that sent them was read in; a mail to an
        address with no account keeps the page's."""
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def get_signup_redirect_url(self, request):
        return home_url_for(request.user)

    def clean_email(self, email):
        """Sign-up, password reset and added addresses: one spelling per mailbox."""
        return super().clean_email(normalise_email(email))

    def authenticate(self, request, **credentials):
        """Login finds the account whichever way the address's domain is written."""
        if credentials.get("email"):
            credentials["email"] = normalise_email(credentials["email"])
        return super().authenticate(request, **credentials)

    def save_user(self, request, user, form, commit=True):
        # The role comes from the sign-up form's class, never from the submitted data.
        user.role = form.signup_role
        user.first_name = form.cleaned_data["first_name"].strip()
        user.last_name = form.cleaned_data["last_name"].strip()
        user.language = form.cleaned_data.get("language", "")
        return super().save_user(request, user, form, commit=commit)


def refuse(request, message: str):
    """Stop a single sign-on with a page that says why; nothing is created or linked."""
    response = render(request, "accounts/sign_on_refused.html", {"message": message}, status=403)
    raise ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (issue #17): a first sign-on links to the account of the same e-mail
    only when the provider vouches for the address, else creates one with the role of the
    sign-on rules (accounts.sso.role_for); anything else is refused with a clear page."""

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            return  # signed on before: the linked account, whatever its e-mail is now
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return  # a signed-in person links their own university account (allauth's page)
        email = sso.email_of(sociallogin)
        if not email:
            refuse(
                request,
                _(
                    "Your university account did not tell us your e-mail address, so we "
                    "cannot sign you in. Contact the internship office."
                ),
            )
        existing = sso.account_with_email(email)
        if existing is not None:
            if not sso.email_is_verified(sociallogin, email):
                refuse(
                    request,
                    _(
                        "An account with the e-mail address %(email)s already exists, and "
                        "your university account does not confirm that this address is "
                        "yours. Sign in with your password instead, or ask the internship "
                        "office to link the two."
                    )
                    % {"email": email},
                )
            if not existing.is_active:
                refuse(request, _("This account is deactivated. Contact the internship office."))
            if not sso.has_confirmed(existing, email):
                # Someone may have signed up with this address to catch its owner's sign-on:
                # link nothing, change nothing; the office checks who the account is.
                refuse(
                    request,
                    _(
                        "An account with the e-mail address %(email)s already exists, but "
                        "that address was never confirmed on it, so we cannot link your "
                        "university account to it. Contact the internship office."
                    )
                    % {"email": email},
                )
            sociallogin.connect(request, existing)
            return
        verified = sso.email_is_verified(sociallogin, email)
        role = sso.role_for(
            provider=sociallogin.account.provider,
            email=email,
            claims=sso.claims_of(sociallogin),
            email_verified=verified,
        )
        if not role and not verified:
            refuse(
                request,
                _(
                    "Your university account does not confirm that the e-mail address "
                    "%(email)s is yours, so it does not give access to Practica. Contact the "
                    "internship office."
                )
                % {"email": email},
            )
        if not role:
            refuse(
                request,
                _(
                    "Your university account (%(email)s) does not give access to Practica: "
                    "no role is set for it. Contact the internship office."
                )
                % {"email": email},
            )
        sociallogin.user.role = role

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = normalise_email(user.email)
        user.first_name = (user.first_name or "")[:150]
        user.last_name = (user.last_name or "")[:150]
        return user

    def is_open_for_signup(self, request, sociallogin):
        """Only a person the rules give a role (pre_social_login set it) gets an account."""
        return getattr(sociallogin.user, "role", "") in {Role.STUDENT, Role.STAFF, Role.MENTOR}

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        rule = sso.rule_for(
            provider=sociallogin.account.provider,
            email=user.email,
            claims=sso.claims_of(sociallogin),
            email_verified=sso.email_is_verified(sociallogin, user.email),
        )
        services.set_up_signed_on_account(
            user=user, provider=sociallogin.account.provider, rule=rule
        )
        if user.role == Role.STUDENT:
            messages.info(
                request,
                _(
                    "Welcome to Practica. Complete your profile (your student number, skills "
                    "and CV) before you apply."
                ),
            )
        return user
