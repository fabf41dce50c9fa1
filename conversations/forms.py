from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_LENGTH


class MessageForm(forms.Form):
    # Django's CharField refuses NUL characters and strips the text; the service checks again.
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, at most 5,000 characters."),
        error_messages={"required": _("Write a message before sending it.")},
    )
