from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import RULES


class SentFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Reminder"), required=False)
    sent_on = forms.DateField(
        label=_("Sent on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("Any")), *((r.name, r.label) for r in RULES.values())]

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown with its error and not applied)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "rule": data.get("rule") or "" if "rule" not in self.errors else "",
            "sent_on": data.get("sent_on") if "sent_on" not in self.errors else None,
        }
