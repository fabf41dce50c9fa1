"""University staff secure their account with a second factor before anything else."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Role

# Pages a staff member without a second factor may still open: setting one up (allauth's
# MFA pages are all named mfa_*), confirming their password or e-mail for it, logging out.
ALLOWED_URL_NAMES = {
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_email_verification_sent",
    "account_confirm_email",
    "set_language",
    "healthz",
    "notifications_unsubscribe",  # an e-mail's unsubscribe link works for everyone
}


def must_set_up_mfa(user) -> bool:
    """Under STAFF_REQUIRE_MFA, staff and admin-site accounts need an authenticator."""
    if not (settings.STAFF_REQUIRE_MFA and user.is_authenticated):
        return False
    if not (user.role == Role.STAFF or user.is_staff or user.is_superuser):
        return False
    if settings.SSO_STAFF_MFA_AT_PROVIDER and not user.has_usable_password():
        return False  # signs in only through the university's provider, whose factor applies
    return not is_mfa_enabled(user)


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.url_name if match else None
        if name and (name.startswith("mfa_") or name in ALLOWED_URL_NAMES):
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        # The REST API (issue #19) is called with tokens, not sessions: a staff member's
        # session in the same browser (the documentation's "Try it out") must not turn a
        # call into a redirect to a page.
        if request.path.startswith("/api/"):
            return None
        if not must_set_up_mfa(request.user):
            return None
        messages.warning(
            request,
            _(
                "University staff protect their account with two-factor authentication: "
                "set up an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")


def user_language(get_response):
    """A signed-in person reads the site in the language they chose (accounts.User.language),
    on every device; the language switcher saves their choice (accounts.views.set_language).
    Anyone else gets Django's choice: the cookie, then the browser's languages."""

    def middleware(request):
        user = getattr(request, "user", None)
        language = user.language if user is not None and user.is_authenticated else ""
        if language and language != translation.get_language():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
