"""The roster sync (POST /api/v1/students/sync/): a batch of students keyed by student
number, checked and written by the CSV roster import's own rules (office.roster.sync_rows),
all or nothing.

This module only turns the JSON batch into the roster's rows: it refuses what JSON can get
wrong that a CSV file cannot (a row that is not an object, an unknown field, a number where
text is expected), names each bad row by its index in the batch and its field, and maps the
roster's messages back to the API's field names.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.emails import normalise_email
from core.services import ServiceError
from office.roster import RosterRefused, check_rows, sync_rows

from .models import Scope

# The API's field names, and the roster column each one fills.
TEXT_FIELDS = {
    "student_number": "student_number",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "programme": "programme",
}
FIELDS = (*TEXT_FIELDS, "year_of_study")
API_FIELD = {"year": "year_of_study"}


class BatchRefused(ServiceError):
    """The batch was refused as a whole; `errors` are {"row", "field", "detail"}."""

    def __init__(self, message, errors):
        super().__init__(message)
        self.errors = errors


def _error(row, field, detail):
    """One error as the API's problems list them: the row's index and the field, each left
    out when the error is not of one (api.problems)."""
    error = {"row": row, "field": field, "detail": detail}
    return {key: value for key, value in error.items() if value is not None}


def _rows_of(payload) -> list:
    if not isinstance(payload, dict) or not isinstance(payload.get("students"), list):
        raise BatchRefused(
            _("Send an object whose field “students” is a list of students."),
            [_error(None, "students", _("This field must be a list of students."))],
        )
    unknown = sorted(set(payload) - {"students"})
    if unknown:
        raise BatchRefused(
            _("The batch has unknown fields: nothing was changed."),
            [_error(None, name, _("Unknown field.")) for name in unknown],
        )
    rows = payload["students"]
    limit = settings.API_ROSTER_MAX_ROWS
    if not rows:
        raise BatchRefused(
            _("The batch has no students."),
            [_error(None, "students", _("The list of students is empty."))],
        )
    if len(rows) > limit:
        message = ngettext(
            "A batch holds at most %(max)d student: split it into smaller batches.",
            "A batch holds at most %(max)d students: split it into smaller batches.",
            limit,
        ) % {"max": limit}
        raise BatchRefused(message, [_error(None, "students", message)])
    return rows


def _check_types(index, row, errors) -> tuple[dict, set]:
    """The row as the roster's text values, and the fields already found wrong."""
    values = dict.fromkeys((*TEXT_FIELDS.values(), "year"), "")
    wrong = set()
    if not isinstance(row, dict):
        errors.append(_error(index, None, _("Each student must be an object.")))
        return values, set(FIELDS)
    for name in sorted(set(row) - set(FIELDS)):
        errors.append(_error(index, name, _("Unknown field.")))
    for name, column in TEXT_FIELDS.items():
        value = row.get(name)
        if name not in row:
            errors.append(_error(index, name, _("This field is required.")))
            wrong.add(name)
        elif not isinstance(value, str):
            errors.append(_error(index, name, _("This field must be text.")))
            wrong.add(name)
        else:
            values[column] = " ".join(value.split())
    year = row.get("year_of_study")
    if "year_of_study" not in row:
        errors.append(_error(index, "year_of_study", _("This field is required.")))
        wrong.add("year_of_study")
    elif isinstance(year, bool) or not isinstance(year, int):
        errors.append(_error(index, "year_of_study", _("This field must be a whole number.")))
        wrong.add("year_of_study")
    else:
        values["year"] = str(year)
    values["email"] = normalise_email(values["email"])
    return values, wrong


def _repeated(entries, errors, wrong_of):
    """A student number or an e-mail address given twice in the batch: both rows named."""
    for column, message in (
        ("student_number", _("The same student number is also in row %(rows)s.")),
        ("email", _("The same e-mail address is also in row %(rows)s.")),
    ):
        rows_of = {}
        for index, values, _extra in entries:
            if values[column]:
                rows_of.setdefault(values[column].lower(), []).append(index)
        for index, values, _extra in entries:
            if not values[column]:
                continue
            others = [other for other in rows_of[values[column].lower()] if other != index]
            if others:
                errors.append(
                    _error(index, column, message % {"rows": ", ".join(map(str, others))})
                )
                wrong_of[index].add(column)


def sync_students(payload, *, by, token) -> dict:
    """Check the whole batch, then create, update or leave alone each student (the CSV
    roster's rules and writes); a BatchRefused naming every bad row, with nothing changed,
    if any row is wrong. Returns the student numbers created, updated and unchanged."""
    if token is None or not token.account.has_scope(Scope.WRITE_ROSTER):
        raise ServiceError(
            _("This token's account lacks the scope %(scope)s.") % {"scope": Scope.WRITE_ROSTER}
        )
    rows = _rows_of(payload)
    errors, entries, wrong_of = [], [], {}
    for index, row in enumerate(rows):
        values, wrong = _check_types(index, row, errors)
        entries.append((index, values, False))
        wrong_of[index] = wrong
    _repeated(entries, errors, wrong_of)
    source = _("API: %(account)s") % {"account": token.account.name}
    try:
        if errors:  # the roster's own rules too, so that every bad row is named at once
            raise RosterRefused("", check_rows(entries, by=by))
        checked = sync_rows(entries, by=by, source=source)
    except RosterRefused as refused:
        for index, item in enumerate(refused.checked):
            for column, detail, duplicate in item.field_errors:
                field = API_FIELD.get(column, column)
                if duplicate or field in wrong_of[index]:
                    continue  # said already, in the API's words
                errors.append(_error(index, field, detail))
        errors.sort(key=lambda error: (error.get("row", -1), error.get("field", "")))
        bad = len({error.get("row") for error in errors})
        raise BatchRefused(
            ngettext(
                "%(count)d student of the batch is wrong: nothing was changed.",
                "%(count)d students of the batch are wrong: nothing was changed.",
                bad,
            )
            % {"count": bad},
            errors,
        ) from None
    outcome = {"created": [], "updated": [], "unchanged": []}
    key = {"create": "created", "update": "updated", "unchanged": "unchanged"}
    for item in checked:
        outcome[key[item.row["action"]]].append(item.row["values"]["student_number"])
    return outcome
