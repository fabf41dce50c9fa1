from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

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
