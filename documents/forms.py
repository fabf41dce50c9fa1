"""Forms of the certificate pages: the reason of a revocation, the period of a batch, and
the two public checks (by code, by the PDF itself)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SearchText
from internships.models import Period

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
CODE_PATTERN = re.compile(r"[A-Z2-7]{24}")


def normalise_code(code: str) -> str:
    """What people type or copy: spaces anywhere, lower case. The code itself is base32."""
    return "".join(code.split()).upper()


def is_well_formed(code: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(code))


class ReasonForm(forms.Form):
    """Why a certificate is revoked or reissued; the public page repeats it."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason: it is shown on the public page.")},
    )


class IssueAgainForm(ReasonForm):
    """Issuing a revoked certificate again: a reason and an explicit confirmation."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for issuing the certificate again.")},
    )
    confirm = forms.BooleanField(
        label=_("I confirm that a new certificate with a new serial number is to be issued."),
        error_messages={"required": _("Confirm that a new certificate is to be issued.")},
    )


class PeriodChoiceForm(forms.Form):
    """The period whose certificates the internship office looks at or issues."""

    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=Period.objects.order_by("-starts_on", "-pk"),
        empty_label=None,
        error_messages={
            "required": _("Choose a period."),
            "invalid_choice": _("Choose one of the periods in the list."),
        },
    )


class CodeForm(forms.Form):
    code = SearchText(
        label=_("Verification code"),
        help_text=_("The 24 letters and digits printed under the QR code."),
        error_messages={"required": _("Type the code printed on the certificate.")},
    )

    def clean_code(self):
        """Tidied; a code that cannot be one of ours is cut short: it is unknown anyway."""
        return normalise_code(self.cleaned_data["code"])[:64]


class UploadForm(forms.Form):
    pdf = forms.FileField(
        label=_("Certificate file (PDF)"),
        help_text=_("At most 5 MB. The file is checked, not kept."),
        error_messages={"required": _("Choose the certificate's PDF file.")},
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 5 MB: it is not one of ours."))
        content = upload.read()
        if not content.startswith(b"%PDF-"):
            raise forms.ValidationError(
                _("This file is not a PDF. Upload the certificate's PDF file as you received it.")
            )
        return content
