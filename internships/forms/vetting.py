"""Forms of the internship office's pages: periods, programmes, vetting and reviews."""

from django import forms
from django.utils.translation import gettext_lazy as _

VETTING_STATUSES = [
    ("pending", _("Awaiting verification")),
    ("verified", _("Verified")),
    ("suspended", _("Suspended")),
    ("all", _("All")),
]


class VettingFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=VETTING_STATUSES, required=False)

    def selected(self) -> str | None:
        """The status to list (None for all); pending unless a known choice was asked for."""
        status = self.cleaned_data.get("status") if self.is_valid() else ""
        status = status or "pending"
        return None if status == "all" else status


class NoteForm(forms.Form):
    """The text sent with a staff action; the service decides whether it may be empty."""

    note = forms.CharField(required=False, max_length=3000)


class ResolutionForm(forms.Form):
    note = forms.CharField(
        max_length=3000,
        error_messages={"required": _("Write what was done about the report.")},
    )
