"""The form that closes a placement, for its organisation and for the internship office."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ClosePlacementForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it closed? (optional; the applicants read it)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
