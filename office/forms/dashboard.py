"""The staff dashboard's chooser: which period, and optionally which study programme (GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.faculties import programmes_of
from accounts.models import Programme
from internships.models import Period


class DashboardChoiceForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=Period.objects.order_by("-starts_on", "-pk"),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the periods in the list.")},
    )
    programme = forms.ModelChoiceField(
        label=_("Study programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("All programmes"),
        error_messages={"invalid_choice": _("Choose one of the programmes in the list.")},
    )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Another faculty's programme is not a choice (an id typed in the address is ignored).
        self.fields["programme"].queryset = programmes_of(viewer).order_by("name")

    def choice(self, default_period) -> tuple[Period | None, Programme | None, bool]:
        """The period and programme asked for; a missing or unknown one falls back to the
        default (`default_period()` is called only then). The flag says a value was ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        period = data.get("period") or default_period()
        return period, data.get("programme"), bool(self.errors)
