"""The filters of a mentor's past interns: the period and a student's name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SearchText


class PastInternsFilter(forms.Form):
    q = SearchText(label=_("Student's name"), required=False)
    period = forms.ModelChoiceField(label=_("Period"), queryset=None, required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["period"].empty_label = _("Any")
        self.fields["period"].label_from_instance = lambda period: period.display_name

    def query(self) -> dict:
        """The query's arguments; an invalid choice (a period not theirs) filters nothing."""
        if not self.is_valid():
            return {"period": None, "search": ""}
        return {"period": self.cleaned_data["period"], "search": self.cleaned_data["q"]}
