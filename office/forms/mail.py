"""The filter of the undelivered mail page."""

from django import forms
from django.utils.translation import gettext_lazy as _

STATE_CHOICES = [
    ("", _("All undelivered")),
    ("waiting", _("Waiting to be sent")),
    ("retry", _("Waiting to be tried again")),
    ("failed", _("Delivery failed")),
]


class MailFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), choices=STATE_CHOICES, required=False)

    def state_asked(self) -> str:
        """The state asked for; a nonsense one shows every undelivered message."""
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
