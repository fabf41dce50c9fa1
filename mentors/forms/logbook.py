"""Forms of the logbook: the intern's entry and the tutor's reason for returning one."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Skill
from core.forms import CalendarDates
from core.widgets import DATE_INPUT

from ..models import MAX_HOURS_A_DAY, MIN_HOURS


class LogbookEntryForm(CalendarDates, forms.Form):
    """One day of the logbook; the services decide whether the day may be logged."""

    date = forms.DateField(
        label=_("Date"),
        widget=DATE_INPUT,
        error_messages={"required": _("Choose the day you worked.")},
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=MIN_HOURS,
        max_value=MAX_HOURS_A_DAY,
        step_size=MIN_HOURS,
        help_text=_("From 0.5 to 12, in half hours; at most 12 hours in one day."),
        error_messages={
            "required": _("Say how many hours you worked."),
            "invalid": _("Enter the hours as a number, such as 6 or 7.5."),
            "min_value": _("Hours must be between 0.5 and 12."),
            "max_value": _("Hours must be between 0.5 and 12."),
            "step_size": _("Log hours in half hours: 0.5, 1, 1.5 and so on."),
        },
    )
    activities = forms.CharField(
        label=_("Activities"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you did and learned that day."),
        error_messages={"required": _("Describe what you did that day.")},
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills practised"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, internship, **kwargs):
        super().__init__(*args, **kwargs)
        last_day = min(internship.ends_on, timezone.localdate())
        self.fields["date"].widget.attrs.update(
            min=internship.starts_on.isoformat(), max=last_day.isoformat()
        )
        self.fields["hours"].widget.attrs.update(step="0.5")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "hours": data["hours"],
            "activities": data["activities"],
            "skills": list(data["skills"]),
        }


class ReturnForm(forms.Form):
    """Why the tutor sends an entry back: the student reads it beside the entry."""

    comment = forms.CharField(
        max_length=3000,
        error_messages={"required": _("Say what the student should change.")},
    )
