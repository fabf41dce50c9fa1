"""Forms of a placement the student found (the proposal, its review) and of an internship
staff record directly."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.faculties import in_faculties
from accounts.models import Organisation, Role, StudentProfile, User
from accounts.validators import normalise_cui, validate_pdf
from core.forms import CalendarDates, SearchText
from core.views import is_id
from core.widgets import DATE_INPUT, LongSelect

from .. import queries
from ..models import Internship, Period, Proposal
from ..services.proposal_checks import (
    NEW_HOST_FIELDS,
    TERM_FIELDS,
    TUTOR_FIELDS,
    host_like,
    proposal_problems,
    term_problems,
)

NEW_HOST = "new"
TERM_WIDGETS = {
    "starts_on": DATE_INPUT,
    "ends_on": DATE_INPUT,
    "hours_per_week": forms.NumberInput(attrs={"min": 1, "max": 40}),
    "activities": forms.Textarea(attrs={"rows": 5}),
    "competences": forms.Textarea(attrs={"rows": 4}),
}


def _organisation_label(organisation) -> str:
    return (
        f"{organisation.legal_name} (CUI {organisation.registration_number}, {organisation.city})"
    )


def _periods_to_come():
    return Period.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on", "pk")


def _hours_1_to_40(form) -> None:
    """One message of ours for any number of hours out of range."""
    field = form.fields["hours_per_week"]
    field.min_value = field.max_value = None
    field.validators = []


class ProposalForm(CalendarDates, forms.ModelForm):
    """An internship the student found: the host (one on Practica, or a new one), the host
    tutor, the terms and the academic supervisor. The services save it."""

    find = SearchText(
        label=_("Find the host on Practica: its name or its CUI"),
        required=False,
        max_length=100,
    )
    organisation = forms.ChoiceField(
        label=_("Host organisation"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the host, or describe a new one.")},
    )

    class Meta:
        model = Proposal
        fields = [
            "period",
            *NEW_HOST_FIELDS,
            *TUTOR_FIELDS,
            *TERM_FIELDS,
            "academic_supervisor",
        ]
        widgets = {**TERM_WIDGETS}
        help_texts = {
            "legal_representative": _("The person who signs for the organisation."),
            "legal_representative_email": _(
                "They get a link to confirm the agreement for the organisation."
            ),
            "tutor_email": _("Their work address: they get a link to join Practica."),
            "place": _("The address where you will work."),
        }

    def __init__(self, *args, student, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.student = student
        self.fields["period"].queryset = _periods_to_come()
        self.fields["period"].empty_label = None
        self.fields["academic_supervisor"].queryset = queries.academic_supervisors()
        self.fields["academic_supervisor"].label_from_instance = lambda user: user.display_name
        self.fields["academic_supervisor"].help_text = _(
            "Required when your period leaves the approval to the academic supervisor."
        )
        _hours_1_to_40(self)
        self.fields["org_registration_number"].max_length = 16
        self.fields["org_registration_number"].widget.attrs["maxlength"] = 16
        self.fields["find"].initial = find
        self.matches = queries.hosts_matching(find) if find else []
        chosen = (
            self.data.get("organisation") if self.is_bound else self.initial.get("organisation")
        )
        self._set_host_choices(chosen)

    def _set_host_choices(self, chosen, suggestion=None) -> None:
        hosts = {organisation.pk: organisation for organisation in self.matches}
        for pk in (chosen, getattr(self.instance, "organisation_id", None)):
            # A key typed in the request: only a real id (int() of 5,000 digits raises).
            if pk and is_id(str(pk)) and int(pk) not in hosts:
                found = Organisation.objects.filter(pk=pk).first()
                if found:
                    hosts[found.pk] = found
        if suggestion is not None:
            hosts[suggestion.pk] = suggestion
        choices = [(str(pk), _organisation_label(org)) for pk, org in hosts.items()]
        choices.append((NEW_HOST, _("It is not on Practica: I describe it below")))
        self.fields["organisation"].choices = choices

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        if value == NEW_HOST:
            return None
        organisation = Organisation.objects.filter(pk=value).first()
        if organisation is None:
            raise forms.ValidationError(_("Choose the host, or describe a new one."))
        return organisation

    def clean_org_registration_number(self):
        return normalise_cui(self.cleaned_data["org_registration_number"])

    def clean(self):
        data = super().clean()
        if "organisation" in data and data["organisation"] is None:
            required = {
                "org_legal_name": _("Give the organisation's legal name."),
                "org_registration_number": _("Give the organisation's CUI."),
                "org_county": _("Choose the organisation's county."),
                "org_city": _("Give the organisation's city."),
                "org_address": _("Give the organisation's address."),
                "org_sector": _("Choose the organisation's sector."),
                "legal_representative": _("Give the name of the legal representative."),
                "legal_representative_function": _("Give the legal representative's function."),
                "legal_representative_email": _("Give the legal representative's e-mail."),
            }
            for field, message in required.items():
                if field not in self.errors and not data.get(field):
                    self.add_error(field, message)
        values = {key: value for key, value in data.items() if key not in self.errors}
        # add_error() takes a field out of cleaned_data: read what the match needs first.
        legal_name = data.get("org_legal_name") or ""
        code = data.get("org_registration_number") or ""
        problems = proposal_problems(values, student=self.student, proposal=self.instance)
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        if data.get("organisation", "") is None and any(
            f in problems for f in ("org_legal_name", "org_registration_number")
        ):
            match = host_like(legal_name=legal_name, registration_number=code)
            if match is not None:
                self.suggestion = match
                self._set_host_choices(self.data.get("organisation"), suggestion=match)
        return data

    suggestion = None

    @property
    def host_fields(self):
        return [self[name] for name in NEW_HOST_FIELDS]

    @property
    def tutor_fields(self):
        return [self[name] for name in TUTOR_FIELDS]

    @property
    def term_fields(self):
        return [self[name] for name in ("period", *TERM_FIELDS)]


class ReturnProposalForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the student change?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what should change, so the student can fix it.")},
    )


class ApproveProposalForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the student (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecordInternshipForm(CalendarDates, forms.ModelForm):
    """An internship made outside Practica, as staff record it from the signed paper."""

    student = forms.CharField(
        label=_("Student: e-mail address or student number"),
        max_length=254,
    )
    host = forms.CharField(
        label=_("Host organisation: its CUI or its exact legal name"),
        max_length=200,
    )
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())
    tutor_email = forms.EmailField(
        label=_("Host tutor's e-mail"),
        help_text=_(
            "A host tutor of the organisation is assigned at once; anyone else is invited and "
            "becomes the tutor when they join."
        ),
    )
    tutor_first_name = forms.CharField(label=_("Host tutor's first name"), max_length=150)
    tutor_last_name = forms.CharField(label=_("Host tutor's last name"), max_length=150)
    supervisor = forms.ModelChoiceField(
        label=_("Academic supervisor"),
        queryset=User.objects.none(),
        required=False,
        widget=LongSelect,
    )
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF, optional)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=_("With the scan, the agreement counts as signed and the logbook opens."),
    )

    class Meta:
        model = Internship
        fields = list(TERM_FIELDS)
        widgets = {**TERM_WIDGETS}

    field_order = [
        "student",
        "host",
        "period",
        *TERM_FIELDS,
        "tutor_email",
        "tutor_first_name",
        "tutor_last_name",
        "supervisor",
        "scan",
    ]

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["period"].queryset = Period.objects.order_by("-starts_on", "pk")
        self.fields["supervisor"].queryset = queries.academic_supervisors()
        self.fields["supervisor"].label_from_instance = lambda user: user.display_name
        _hours_1_to_40(self)
        self.fields["place"].required = True
        self.fields["city"].required = True

    def clean_student(self):
        text = self.cleaned_data["student"].strip()
        # A student of another faculty is no one the viewer may record.
        profile = (
            in_faculties(StudentProfile.objects.all(), self.viewer, "programme")
            .select_related("user")
            .filter(Q(user__email__iexact=text) | (Q(student_number=text) & ~Q(student_number="")))
            .filter(user__role=Role.STUDENT)
            .first()
        )
        if profile is None:
            raise forms.ValidationError(_("No student has this e-mail address or number."))
        return profile.user

    def clean_host(self):
        text = self.cleaned_data["host"].strip()
        code = normalise_cui(text)
        organisation = Organisation.objects.filter(
            Q(registration_number=code) | Q(legal_name__iexact=text)
        ).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation on Practica has this CUI or name."))
        return organisation

    def clean(self):
        data = super().clean()
        values = {key: value for key, value in data.items() if key not in self.errors}
        for field, message in term_problems(values).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    @property
    def terms(self) -> dict:
        return {field: self.cleaned_data[field] for field in TERM_FIELDS}
