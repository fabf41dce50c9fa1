"""Forms of the internship office's pages: periods, programmes, vetting and reviews."""

from django import forms
from django.utils.translation import gettext_lazy as _

VETTING_STATUSES = [
    ("pending", _("Awaiting verification")),
    ("verified", _("Verified")),
    ("suspended", _("Suspended")),
    ("all", _("All")),
]


class NoteForm(forms.Form):
    """The text sent with a staff action; the service decides whether it may be empty."""

    note = forms.CharField(required=False, max_length=3000)


class ResolutionForm(forms.Form):
    note = forms.CharField(
        max_length=3000,
        error_messages={"required": _("Write what was done about the report.")},
    )
