"""Forms of the student's side: applying to a placement, reporting a concern."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_pdf


class ApplicationForm(forms.Form):
    """A cover letter and a CV: the one in the profile, or a PDF uploaded here."""

    PROFILE = "profile"
    UPLOAD = "upload"

    cover_letter = forms.CharField(
        label=_("Cover letter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Why this placement, and what you bring to it."),
        error_messages={"required": _("Write a few words on why you want this placement.")},
    )
    cv_source = forms.ChoiceField(
        label=_("CV"),
        widget=forms.RadioSelect,
        choices=[(PROFILE, _("Use the CV in my profile")), (UPLOAD, _("Upload a PDF"))],
        initial=PROFILE,
    )
    cv_upload = forms.FileField(
        label=_("CV to upload (PDF)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=_(
            "A PDF of at most 5 MB. If you choose a file, it is sent instead of your profile CV."
        ),
        error_messages={"empty": _("The file is empty.")},
    )

    def __init__(self, *args, has_profile_cv: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_profile_cv:
            del self.fields["cv_source"]
            self.fields["cv_upload"].required = True
            self.fields["cv_upload"].error_messages["required"] = _(
                "Upload your CV as a PDF: there is none in your profile."
            )
            self.fields["cv_upload"].help_text = _("A PDF of at most 5 MB.")

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("cv_source", self.UPLOAD)
        if (
            source == self.UPLOAD
            and not cleaned.get("cv_upload")
            and "cv_upload" not in self.errors
        ):
            self.add_error("cv_upload", _("Choose the PDF file of your CV."))
        return cleaned

    @property
    def cv_file(self):
        """The uploaded file, or None to use the profile's CV."""
        return self.cleaned_data.get("cv_upload") or None


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What looks wrong?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what looks wrong.")},
    )
