"""Forms of the agreement: staff open the logbook without it, or record a paper agreement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_pdf


class OverrideForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Why open the logbook without every confirmation?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give the reason for opening the logbook without the agreement.")
        },
    )


class PaperAgreementForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF)"),
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=_("A PDF of at most 5 MB."),
        error_messages={
            "required": _("Choose the PDF scan of the signed agreement."),
            "empty": _("The file is empty."),
        },
    )


class ConfirmForm(forms.Form):
    """The digest of the PDF the person was shown: a confirmation names what it confirms."""

    sha256 = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        max_length=64,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Read the agreement (PDF) first, then confirm it."),
            "invalid": _("Read the agreement (PDF) first, then confirm it."),
        },
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the agreement"),
        choices=[("ro", _("Romanian")), ("en", _("English"))],
        help_text=_("English for a foreign student or host; chosen before anyone confirms."),
    )
