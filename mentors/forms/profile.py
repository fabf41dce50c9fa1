from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import MentorProfile


class MentorProfileForm(forms.ModelForm):
    """The mentor's own details; the phone is checked by the model's validator."""

    class Meta:
        model = MentorProfile
        fields = ["phone", "job_title", "expertise"]
        help_texts = {
            "phone": _("The other mentor of each of your internships sees it."),
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "expertise": forms.Textarea(attrs={"rows": 4}),
        }

    def service_arguments(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}
