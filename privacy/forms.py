from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ErasureRequest


class ErasureForm(forms.Form):
    email = forms.EmailField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class RegisterFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ErasureRequest.Status.choices],
    )
