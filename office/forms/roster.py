"""Forms of the roster import: the file, the confirmation, and which rows the preview shows."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV)"),
        help_text=_(
            "One student a row. The first row names the columns, in any order: first_name, "
            "last_name, email, student_number, programme (its code or its exact name), year "
            "(1 to 6). Romanian names work too: prenume, nume, email, numar_matricol, program, "
            "an. Commas or semicolons; UTF-8."
        ),
        error_messages={
            "required": _("Choose the CSV file of the roster."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class RosterConfirmForm(forms.Form):
    """Rows with errors are skipped only when staff say so, explicitly."""

    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the rows with errors"),
        required=False,
    )

    def __init__(self, *args, invalid_rows: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if invalid_rows:
            self.fields["skip_invalid"].required = True
            self.fields["skip_invalid"].error_messages["required"] = _(
                "Some rows have errors: tick the box to skip them, or correct the file and "
                "upload it again."
            )


SHOW_CHOICES = [
    ("", _("All rows")),
    ("errors", _("Rows with errors")),
    ("create", _("New students")),
    ("update", _("Updated students")),
    ("unchanged", _("Unchanged students")),
]


class RowFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)

    def rows_of(self, rows: list[dict]) -> list[dict]:
        """The rows asked for; a nonsense choice shows them all."""
        show = self.cleaned_data.get("show", "") if self.is_valid() else ""
        if show == "errors":
            return [row for row in rows if row["errors"]]
        if show:
            return [row for row in rows if not row["errors"] and row["action"] == show]
        return rows
