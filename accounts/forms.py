import copy

from allauth.account.forms import LoginForm, PasswordField, SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme
from core.forms import CalendarDates, order_names_alphabetically

from . import services
from .emails import normalise_domain, normalise_email
from .models import (
    County,
    Invitation,
    Organisation,
    Role,
    Sector,
    Skill,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
)
from .validators import normalise_cui, validate_cui, validate_pdf, validate_phone


def email_domain_allowed(email: str, domains: list[str]) -> bool:
    """Empty list = anyone; otherwise the domain or one of its subdomains."""
    if not domains:
        return True
    domain = normalise_domain(email.rsplit("@", 1)[-1])
    allowed_domains = [normalise_domain(allowed) for allowed in domains]
    return any(domain == a or domain.endswith("." + a) for a in allowed_domains)


PASSWORD_MAX_LENGTH = 4096


class EmailLoginForm(LoginForm):
    """allauth's login, finding the account whichever way the address's domain is written."""

    password = PasswordField(
        show_reset_help=True,
        label=_("Password"),
        autocomplete="current-password",
        max_length=PASSWORD_MAX_LENGTH,
    )

    def clean_login(self):
        return normalise_email(super().clean_login())


YEARS_OF_STUDY = [(i, str(i)) for i in range(1, 7)]


class PersonNameMixin(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)


class RoleSignupForm(PersonNameMixin, SignupForm):
    """allauth's sign-up with our names and language; the subclass fixes the role."""

    signup_role: str = ""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language of the site and of your e-mails; you can change it later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()
        order_names_alphabetically(self)

    def clean_language(self):
        # Left empty (an older form, a script): the language the page was read in.
        return self.cleaned_data.get("language") or translation.get_language()

    @transaction.atomic
    def save(self, request):
        return super().save(request)


class StudentSignupForm(RoleSignupForm):
    signup_role = Role.STUDENT

    programme = forms.ModelChoiceField(
        label=_("Study programme"), queryset=Programme.objects.filter(is_active=True)
    )
    year_of_study = forms.TypedChoiceField(
        label=_("Year of study"), coerce=int, choices=YEARS_OF_STUDY
    )
    student_number = forms.CharField(label=_("Student number"), max_length=32, required=False)

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "language",
        "programme",
        "year_of_study",
        "student_number",
    ]

    def clean_email(self):
        email = super().clean_email()
        domains = settings.STUDENT_EMAIL_DOMAINS
        if not email_domain_allowed(email, domains):
            raise forms.ValidationError(
                _("Students sign up with their university e-mail address (%(domains)s).")
                % {"domains": ", ".join("@" + d for d in domains)}
            )
        return email

    def clean_student_number(self):
        number = self.cleaned_data["student_number"].strip()
        if number and StudentProfile.objects.filter(student_number=number).exists():
            raise forms.ValidationError(
                _("This student number is already registered. Contact the internship office.")
            )
        return number

    def custom_signup(self, request, user):
        services.create_student_profile(
            user=user,
            programme=self.cleaned_data["programme"],
            year_of_study=self.cleaned_data["year_of_study"],
            student_number=self.cleaned_data["student_number"],
        )


class OrganisationIdentityChecks:
    """The legal name and CUI of an organisation: a CUI with a valid check digit, stored
    without the RO prefix, and neither taken by another organisation (`organisation`, when
    set, is the one being edited: its own name and CUI are not "taken")."""

    organisation = None

    def taken_message(self):
        return _("This organisation is already registered. Ask its administrator to invite you.")

    def _others(self):
        others = Organisation.objects.all()
        if self.organisation is not None:
            others = others.exclude(pk=self.organisation.pk)
        return others

    def clean_registration_number(self):
        code = normalise_cui(self.cleaned_data["registration_number"])
        if self._others().filter(registration_number=code).exists():
            raise forms.ValidationError(self.taken_message())
        return code

    def clean_legal_name(self):
        name = self.cleaned_data["legal_name"].strip()
        if self._others().filter(legal_name__iexact=name).exists():
            raise forms.ValidationError(self.taken_message())
        return name


class OrganisationSignupForm(OrganisationIdentityChecks, RoleSignupForm):
    signup_role = Role.COMPANY
    person_fields = ("first_name", "last_name", "email", "password1", "password2", "language")

    legal_name = forms.CharField(label=_("Legal name of the organisation"), max_length=200)
    registration_number = forms.CharField(
        label=_("Registration number (CUI)"),
        max_length=16,
        help_text=_("The fiscal code, with or without the RO prefix."),
        validators=[validate_cui],
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all())
    city = forms.CharField(label=_("City"), max_length=100)
    address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("Street and number of the registered office, as on the registration."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"),
        max_length=150,
        required=False,
        help_text=_("The person who signs internship agreements for the organisation."),
    )
    legal_representative_function = forms.CharField(
        label=_("Their function"),
        max_length=120,
        required=False,
        help_text=_("For example: Administrator, General manager."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    description = forms.CharField(
        label=_("What the organisation does"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "language",
        "legal_name",
        "registration_number",
        "sector",
        "county",
        "city",
        "address",
        "phone",
        "legal_representative",
        "legal_representative_function",
        "website",
        "description",
    ]

    def custom_signup(self, request, user):
        data = self.cleaned_data
        services.register_organisation(
            admin=user,
            legal_name=data["legal_name"],
            registration_number=data["registration_number"],
            sector=data["sector"],
            county=data["county"],
            city=data["city"],
            address=data["address"],
            phone=data["phone"],
            legal_representative=data["legal_representative"],
            legal_representative_function=data["legal_representative_function"],
            website=data["website"],
            description=data["description"],
        )


# The organisation's details its admins keep, with the fields (and checks) of the sign-up.
ORGANISATION_DETAIL_FIELDS = (
    "legal_name",
    "registration_number",
    "sector",
    "county",
    "city",
    "address",
    "phone",
    "legal_representative",
    "legal_representative_function",
    "website",
    "description",
)


class OrganisationDetailsForm(OrganisationIdentityChecks, forms.Form):
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254, required=False)

    # Checked by its content, drawn again and stored by the service (accounts.logos).
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the present logo"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        initial = {name: getattr(organisation, name) for name in ORGANISATION_DETAIL_FIELDS}
        initial.update(
            contact_name=organisation.contact_name, contact_email=organisation.contact_email
        )
        super().__init__(*args, initial=initial, **kwargs)
        self.organisation = organisation
        own = {name: self.fields[name] for name in ("contact_name", "contact_email", "logo")}
        own["logo"].help_text = _(
            "A PNG, JPEG or WebP image of at most %(size)s MB, shown beside your name on your "
            "public page and on your placements. Leave empty to keep the present one."
        ) % {"size": f"{settings.ORGANISATION_LOGO_MAX_BYTES / (1024 * 1024):g}"}
        if organisation.logo:
            own["remove_logo"] = self.fields["remove_logo"]
        self.fields = {
            name: copy.deepcopy(OrganisationSignupForm.base_fields[name])
            for name in ORGANISATION_DETAIL_FIELDS
        }
        self.fields.update(own)

    def taken_message(self):
        return _("Another organisation is already registered with this name or CUI.")


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    kind = forms.ChoiceField(label=_("Invite as"))

    def __init__(self, *args, kinds, tells_accounts: bool = True, **kwargs):
        """`tells_accounts`: whether the inviter may learn that an address has an account
        (staff); an organisation's admin is answered alike either way."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.tells_accounts = tells_accounts

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if self.tells_accounts and services.email_is_registered(email):
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


UNIVERSITY_INVITATION_KINDS = (Invitation.Kind.STAFF, Invitation.Kind.SUPERVISOR)
ORGANISATION_INVITATION_KINDS = (
    Invitation.Kind.RECRUITER,
    Invitation.Kind.HOST_TUTOR,
    Invitation.Kind.ORG_ADMIN,
)


class AcceptInvitationForm(PersonNameMixin):
    password1 = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["first_name"].initial = invitation.first_name
        self.fields["last_name"].initial = invitation.last_name

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            from .models import User

            probe = User(
                email=self.invitation.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class StudentProfileForm(forms.ModelForm):
    year_of_study = forms.TypedChoiceField(
        label=_("Year of study"), coerce=int, choices=YEARS_OF_STUDY
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cv_label = forms.CharField(
        label=_("Label of the new CV"),
        max_length=60,
        required=False,
        help_text=_("For example: Backend, Data, Design. Hosts see it beside your CV."),
    )
    cv_upload = forms.FileField(
        label=_("New CV (PDF, at most 5 MB)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = StudentProfile
        # The study programme is not here: staff or the roster set it (it decides where the
        # student may apply); the page shows it read-only.
        fields = ["year_of_study", "student_number", "phone", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].initial = [skill.pk for skill in self.instance.skills.all()]
        order_names_alphabetically(self)

    def clean(self):
        cleaned = super().clean()
        cvs = list(self.instance.cvs.all())
        if cleaned.get("cv_upload"):
            if len(cvs) >= settings.STUDENT_MAX_CVS:
                self.add_error(
                    "cv_upload",
                    _("You already keep %(count)d CVs, the most allowed. Remove one first.")
                    % {"count": settings.STUDENT_MAX_CVS},
                )
            label = (cleaned.get("cv_label") or "").strip() or str(_("CV"))
            if any(cv.label.casefold() == label.casefold() for cv in cvs):
                self.add_error(
                    "cv_label",
                    _("You already have a CV labelled “%(label)s”. Choose another label.")
                    % {"label": label},
                )
        return cleaned


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *StudentLink.Kind.choices], required=False
    )
    url = forms.URLField(
        label=_("Address"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a valid web address, such as https://…"))
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("url") and not cleaned.get("kind"):
            cleaned["kind"] = StudentLink.Kind.OTHER
        return cleaned


class LanguageForm(forms.Form):
    language = forms.CharField(label=_("Language"), max_length=60, required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", "—"), *StudentLanguage.Level.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        language = (cleaned.get("language") or "").strip()
        if language and not cleaned.get("level"):
            self.add_error("level", _("Choose the level."))
        if cleaned.get("level") and not language:
            self.add_error("language", _("Name the language, or clear the level."))
        return cleaned


class LanguageFormSetBase(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            language = (form.cleaned_data.get("language") or "").strip().casefold()
            if language and language in seen:
                form.add_error("language", _("This language is already listed."))
            seen.add(language)


def link_formset(profile, data=None):
    """The student's links, and empty rows up to settings.STUDENT_MAX_LINKS (at least one).
    A row left empty, or emptied, is not kept."""
    initial = [{"kind": link.kind, "url": link.url} for link in profile.links.all()]
    limit = settings.STUDENT_MAX_LINKS
    formset_class = forms.formset_factory(
        LinkForm, extra=max(1, min(2, limit - len(initial))), max_num=limit, validate_max=True
    )
    return formset_class(data, initial=initial, prefix="links")


def language_formset(profile, data=None):
    initial = [{"language": row.language, "level": row.level} for row in profile.languages.all()]
    formset_class = forms.formset_factory(
        LanguageForm, formset=LanguageFormSetBase, extra=2, max_num=12, validate_max=True
    )
    return formset_class(data, initial=initial, prefix="languages")


class ExperienceForm(CalendarDates, forms.ModelForm):
    class Meta:
        model = StudentExperience
        fields = ["kind", "title", "organisation", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"ends_on": _("Leave empty if you are still at it.")}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned
