"""Forms of the internship office's pages: periods, programmes, vetting and reviews."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme

from ..models import Period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.ModelForm):
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
            "starts_on",
            "ends_on",
            "applications_open_on",
            "applications_close_on",
            "required_hours",
            "credits",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "applications_open_on": DATE,
            "applications_close_on": DATE,
        }

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
        fields = ["name", "code", "faculty", "is_active"]


VETTING_STATUSES = [
    ("pending", _("Awaiting verification")),
    ("verified", _("Verified")),
    ("suspended", _("Suspended")),
    ("all", _("All")),
]


class VettingFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=VETTING_STATUSES, required=False)

    def selected(self) -> str | None:
        """The status to list (None for all); pending unless a known choice was asked for."""
        status = self.cleaned_data.get("status") if self.is_valid() else ""
        status = status or "pending"
        return None if status == "all" else status


class NoteForm(forms.Form):
    """The text sent with a staff action; the service decides whether it may be empty."""

    note = forms.CharField(required=False, max_length=3000)


class ResolutionForm(forms.Form):
    note = forms.CharField(
        max_length=3000,
        error_messages={"required": _("Write what was done about the report.")},
    )
