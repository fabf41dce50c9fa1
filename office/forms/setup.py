from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Faculty, Programme, University
from core.forms import CalendarDates
from core.widgets import DATE_INPUT
from internships.models import AgreementText, Period
from internships.services.periods import (
    FINAL_EVALUATIONS_GRACE_DAYS,
    RESULTS_GRACE_DAYS,
    period_problems,
)
from mentors.models import Competency

CALENDAR_FIELDS = [
    "agreements_due_on",
    "midterm_evaluation_due_on",
    "final_evaluation_due_on",
    "results_due_on",
    "certificates_on",
]


def calendar_help_texts() -> dict:
    """The bounds of each deadline (internships.services.periods), in the page's language."""
    return {
        "agreements_due_on": _(
            "Optional. On or after the day applications close, and by the day the "
            "internship starts. Left empty: each agreement is due on its internship's "
            "first day."
        ),
        "midterm_evaluation_due_on": _(
            "Optional. During the internship, after it starts and before it ends. Left "
            "empty: at each internship's midpoint."
        ),
        "final_evaluation_due_on": _(
            "Optional. After the mid-term evaluations, at most %(days)d days after the "
            "internship ends. Self-evaluations are due the same day. Left empty: on each "
            "internship's last day."
        )
        % {"days": FINAL_EVALUATIONS_GRACE_DAYS},
        "results_due_on": _(
            "Optional. On or after the final evaluations, at most %(days)d days after the "
            "internship ends."
        )
        % {"days": RESULTS_GRACE_DAYS},
        "certificates_on": _(
            "Optional. On or after the day results are due, at most %(days)d days after "
            "the internship ends."
        )
        % {"days": RESULTS_GRACE_DAYS},
    }


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
            *CALENDAR_FIELDS,
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "applications_open_on": DATE_INPUT,
            "applications_close_on": DATE_INPUT,
            **dict.fromkeys(CALENDAR_FIELDS, DATE_INPUT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, the period keeps who approves the internships students found.
        self.fields["proposals_reviewed_by"].required = False
        for name, text in calendar_help_texts().items():
            self.fields[name].help_text = text

    def clean_proposals_reviewed_by(self):
        return (
            self.cleaned_data.get("proposals_reviewed_by")
            or self.instance.proposals_reviewed_by
            or Period.ProposalReviewer.STAFF
        )

    def clean(self):
        data = super().clean()
        for field, message in period_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def main_fields(self):
        return [field for field in self if field.name not in CALENDAR_FIELDS]

    def calendar_fields(self):
        return [self[name] for name in CALENDAR_FIELDS]


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "name_ro",
            "code",
            "faculty_unit",
            "faculty",
            "faculty_ro",
            "dean",
            "is_active",
        ]
        help_texts = {
            "faculty": _("As the agreements print it; left empty, the faculty's name."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["faculty_unit"]
        field.queryset = Faculty.objects.order_by("name")
        field.label_from_instance = lambda faculty: faculty.display_name
        # Left out, the programme keeps its faculty, or joins the only one (save_programme).
        field.required = False

    def clean(self):
        data = super().clean()
        faculty = data.get("faculty_unit")
        if faculty is None:
            data.pop("faculty_unit", None)
        if faculty is not None and not data.get("faculty"):
            data["faculty"] = faculty.name
            data["faculty_ro"] = data.get("faculty_ro") or faculty.name_ro
        return data


class FacultyForm(forms.ModelForm):
    class Meta:
        model = Faculty
        fields = ["name", "name_ro", "code"]


class StaffFacultiesForm(forms.Form):
    """Which faculties a member of staff works for: all of them, or those ticked."""

    all_faculties = forms.BooleanField(
        label=_("All faculties"),
        required=False,
        help_text=_("They see every student and also manage faculties and programmes."),
    )
    faculties = forms.ModelMultipleChoiceField(
        label=_("Faculties"),
        queryset=Faculty.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose faculties from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faculties"].label_from_instance = lambda faculty: faculty.display_name

    def clean(self):
        data = super().clean()
        if not data.get("all_faculties") and not data.get("faculties") and not self.errors:
            self.add_error("faculties", _("Choose at least one faculty, or all of them."))
        return data


class ReferenceForm(forms.Form):
    """A skill or a sector: its name in English (required) and in Romanian."""

    name = forms.CharField(label=_("Name (English)"), max_length=120)
    name_ro = forms.CharField(
        label=_("Name (Romanian)"),
        max_length=120,
        required=False,
        help_text=_("Shown on the Romanian pages; left empty, they show the English name."),
    )


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
