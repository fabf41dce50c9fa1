"""Forms of the internship page and the assignment lists: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from ..models import FeedbackNote


class FeedbackForm(forms.Form):
    body = forms.CharField(
        label=_("Your note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note before saving it.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=FeedbackNote.Visibility.choices,
        initial=FeedbackNote.Visibility.STUDENT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may read the note.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("The reply is empty.")},
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for ending the internship early"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for ending the internship early.")},
    )


class HostTutorForm(forms.Form):
    """Any active mentor parses; the service refuses one of another organisation."""

    mentor = forms.ModelChoiceField(
        label=_("Host tutor"),
        queryset=User.objects.filter(role=Role.MENTOR, is_active=True),
        error_messages={
            "required": _("Choose the host tutor."),
            "invalid_choice": _("Choose one of your organisation's mentors."),
        },
    )
    # Staff give it once the three parties have confirmed the agreement: the new tutor is
    # then recorded as an amendment to it (the service asks for it then).
    reason = forms.CharField(
        label=_("Reason for the new host tutor"), max_length=3000, required=False
    )
