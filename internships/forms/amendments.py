"""Forms of an amendment: its new terms and reason, and a party's confirmation of its PDF."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CalendarDates
from core.widgets import DATE_INPUT

from ..services.amendments import MAX_HOURS_PER_WEEK, MAX_REQUIRED_HOURS


class TutorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.email


class AmendmentForm(CalendarDates, forms.Form):
    """Today's terms, to change where they should; the service keeps only what differs."""

    starts_on = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("End date"), widget=DATE_INPUT)
    required_hours = forms.IntegerField(
        label=_("Required hours"),
        min_value=1,
        max_value=MAX_REQUIRED_HOURS,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_REQUIRED_HOURS}),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        min_value=1,
        max_value=MAX_HOURS_PER_WEEK,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_HOURS_PER_WEEK}),
    )
    schedule = forms.CharField(
        label=_("Working schedule"),
        max_length=200,
        required=False,
        help_text=_("For example: Monday to Friday, 9:00 to 13:00."),
    )
    place = forms.CharField(
        label=_("Place of work"),
        max_length=300,
        required=False,
        help_text=_("The address where the student works."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    host_tutor = TutorChoice(
        label=_("Host tutor"),
        queryset=None,
        required=False,
        empty_label=_("— no change —"),
        help_text=_("A mentor of the host organisation."),
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason for the amendment.")},
    )

    def __init__(self, *args, internship, host_tutors, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "starts_on": internship.starts_on,
                "ends_on": internship.ends_on,
                "required_hours": internship.required_hours,
                "hours_per_week": internship.hours_per_week,
                "schedule": internship.schedule,
                "place": internship.place,
                "city": internship.city,
                "host_tutor": internship.host_tutor_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["host_tutor"].queryset = host_tutors

    def terms(self) -> dict:
        """The terms as the service takes them (the reason apart)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "reason"}


class ConfirmAmendmentForm(forms.Form):
    sha256 = forms.RegexField(
        regex=r"^[0-9a-fA-F]{64}$",
        max_length=64,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Open the amendment's PDF first: you confirm the document you read."),
            "invalid": _(
                "The PDF you confirmed is not this amendment's PDF. Open the amendment again, "
                "read its PDF and confirm it."
            ),
        },
    )
