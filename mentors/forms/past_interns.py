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
        """The query's arguments. A value the form does not accept (period=abc, a period not
        theirs) is shown as the field's error and that filter alone is left out, as on every
        other list; the name search still applies."""
        self.is_valid()  # fills `errors`, which the page shows beside the field
        data = self.cleaned_data
        return {"period": data.get("period"), "search": data.get("q") or ""}
