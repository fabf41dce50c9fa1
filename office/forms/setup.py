from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme, University
from core.forms import CalendarDates
from core.widgets import DATE_INPUT
from internships.models import AgreementText, Period
from mentors.models import Competency


class PeriodForm(CalendarDates, forms.ModelForm):
    """A period's dates, application window, hours and credits, checked beside each field."""

    required_hours = forms.IntegerField(
        label=_("Required hours"),
        min_value=1,
        max_value=2000,
        help_text=_("For example 90, 120 or 240."),
        error_messages={"min_value": _("A period requires at least one hour.")},
    )
    credits = forms.IntegerField(label=_("Credits"), min_value=0, max_value=60, initial=0)

    class Meta:
        model = Period
        fields = [
            "name",
            "name_ro",
            "starts_on",
            "ends_on",
            "applications_open_on",
            "applications_close_on",
            "required_hours",
            "credits",
            "proposals_reviewed_by",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "applications_open_on": DATE_INPUT,
            "applications_close_on": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, the period keeps who approves the internships students found.
        self.fields["proposals_reviewed_by"].required = False

    def clean_proposals_reviewed_by(self):
        return (
            self.cleaned_data.get("proposals_reviewed_by")
            or self.instance.proposals_reviewed_by
            or Period.ProposalReviewer.STAFF
        )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The internship must end after it starts."))
        opens_on, closes_on = data.get("applications_open_on"), data.get("applications_close_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error(
                "applications_close_on", _("Applications must close on or after the day they open.")
            )
        return data


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "name_ro", "code", "faculty", "faculty_ro", "dean", "is_active"]


class CompetencyForm(forms.ModelForm):
    """One line of the rubric; "in use" off takes it out of new evaluations."""

    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("Lines are shown from the lowest position to the highest."),
    )

    class Meta:
        model = Competency
        fields = ["name", "name_ro", "description", "position", "is_active"]
        help_texts = {
            "is_active": _(
                "Untick to leave it out of new evaluations; evaluations that scored it keep "
                "their score."
            ),
        }
        error_messages = {
            "name": {"unique": _("A competency with this name is already in the rubric.")},
        }


class UniversityForm(forms.ModelForm):
    """The university as the agreements name it; the logo is checked by the service."""

    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    logo_upload = forms.FileField(
        label=_("Logo (PNG or JPEG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("Printed at the top of the agreements. Leave empty to keep the present one."),
    )

    class Meta:
        model = University
        fields = [
            "legal_name",
            "legal_name_en",
            "address",
            "registration_number",
            "legal_representative",
            "legal_representative_function",
            "phone",
            "email",
            "website",
        ]


class AgreementTextForm(forms.ModelForm):
    class Meta:
        model = AgreementText
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30})}
        help_texts = {
            "body": _(
                "One paragraph a line. “# ” starts the title, “## ” an article (numbered "
                "in order), “- ” an item of a list. Keep the markers [[object]], "
                "[[duration]], [[schedule]] and [[mentors]], each on its own line: the PDF "
                "prints the internship's facts there."
            )
        }
