"""Forms of the student's side: applying to a placement, reporting a concern."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_pdf


class ApplicationForm(forms.Form):
    """A cover letter, a CV (one of the student's, or a PDF uploaded here) and the answers
    to the placement's screening questions."""

    UPLOAD = "upload"

    cover_letter = forms.CharField(
        label=_("Cover letter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Why this placement, and what you bring to it."),
        error_messages={"required": _("Write a few words on why you want this placement.")},
    )
    cv_source = forms.ChoiceField(label=_("CV to send"), widget=forms.RadioSelect)
    cv_upload = forms.FileField(
        label=_("CV to upload (PDF)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text=_(
            "A PDF of at most 5 MB. If you choose a file, it is sent instead of the CV "
            "chosen above."
        ),
        error_messages={"empty": _("The file is empty.")},
    )

    def __init__(self, *args, cvs, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cvs = {str(cv.pk): cv for cv in cvs}
        self.questions = list(questions)
        if not self.cvs:
            del self.fields["cv_source"]
            self.fields["cv_upload"].required = True
            self.fields["cv_upload"].error_messages["required"] = _(
                "Upload your CV as a PDF: there is none in your profile."
            )
            self.fields["cv_upload"].help_text = _("A PDF of at most 5 MB.")
        else:
            choices = [
                (
                    key,
                    _("%(label)s (uploaded on %(date)s)")
                    % {
                        "label": cv.label,
                        "date": formats.date_format(timezone.localtime(cv.uploaded_at)),
                    },
                )
                for key, cv in self.cvs.items()
            ]
            self.fields["cv_source"].choices = [*choices, (self.UPLOAD, _("Upload a PDF"))]
            self.fields["cv_source"].initial = next(iter(self.cvs))
        for question in self.questions:
            self.fields[self.answer_field(question)] = forms.CharField(
                label=question.text,
                required=question.required,
                max_length=question.max_length,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("At most %(count)d characters.") % {"count": question.max_length},
                error_messages={
                    "required": _("Answer this question: the organisation requires it."),
                    "max_length": _(
                        "Your answer is %(show_value)d characters long; keep it to %(limit_value)d."
                    ),
                },
            )

    @staticmethod
    def answer_field(question) -> str:
        return f"answer_{question.pk}"

    def answer_fields(self):
        return [self[self.answer_field(question)] for question in self.questions]

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
        """The uploaded file, or None to send one of the student's CVs."""
        return self.cleaned_data.get("cv_upload") or None

    @property
    def chosen_cv(self):
        """The student's CV chosen, or None when a file is uploaded here."""
        if self.cv_file:
            return None
        return self.cvs.get(self.cleaned_data.get("cv_source", ""))

    @property
    def answers(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(self.answer_field(question), "")
            for question in self.questions
        }


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What looks wrong?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what looks wrong.")},
    )
