"""The student roster: a CSV file staff upload, previewed row by row, then imported.

`preview_roster` reads the file and checks every row without changing any account;
`import_roster` creates the missing student accounts, updates the others and invites the
new students to choose their password. Both are atomic and for staff only.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from accounts.emails import normalise_email
from accounts.faculties import faculty_scope
from accounts.models import Programme, Role, StudentProfile, User
from core.audit import changes, snapshot
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import record_event, record_events

from .models import RosterImport

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
COLUMNS = ("first_name", "last_name", "email", "student_number", "programme", "year")
# The header names accepted for each column: English, Romanian, and common spellings.
HEADER_NAMES = {
    "first_name": "first_name",
    "firstname": "first_name",
    "prenume": "first_name",
    "last_name": "last_name",
    "lastname": "last_name",
    "nume": "last_name",
    "email": "email",
    "e_mail": "email",
    "student_number": "student_number",
    "numar_matricol": "student_number",
    "nr_matricol": "student_number",
    "programme": "programme",
    "program": "programme",
    "year": "year",
    "an": "year",
}
DELIMITERS = (",", ";", "\t")
ZIP_SIGNATURE = b"PK\x03\x04"
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Reading the file ----------------------------------------------------------------------


def _header_key(name: str) -> str:
    """`Număr matricol` -> `numar_matricol`: no accents, no case, words joined by `_`."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-.]+", "_", plain.strip().lower()).strip("_")


def _text_of(upload) -> str:
    """The file as text, or a ServiceError saying why it cannot be read as a CSV roster."""
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(size)s: split it into smaller files.")
            % {"size": filesizeformat(MAX_BYTES)}
        )
    if raw.startswith(ZIP_SIGNATURE) or raw.startswith(OLD_EXCEL_SIGNATURE):
        raise ServiceError(
            _(
                "This is an Excel file, not a CSV file: open it in Excel, save it as "
                "“CSV UTF-8” and upload that file."
            )
        )
    if b"\x00" in raw:
        raise ServiceError(
            _("This is not a CSV file: it holds binary data. Save the roster as CSV and upload it.")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(
            _(
                "The file is not UTF-8 text. If it is a CSV file, save it again as "
                "“CSV UTF-8”; other kinds of files cannot be imported."
            )
        ) from None
    if CONTROL_CHARACTERS.search(text):
        raise ServiceError(
            _("This is not a CSV file: it holds binary data. Save the roster as CSV and upload it.")
        )
    if not text.strip():
        raise ServiceError(_("The file is empty."))
    return text


def _delimiter_of(text: str) -> str:
    """Sniffed from the header row: Excel writes `;` in Romanian settings, `,` elsewhere."""
    header = next(line for line in text.splitlines() if line.strip())
    return max(DELIMITERS, key=header.count)


def _columns_of(header: list[str]) -> dict[str, int]:
    """Which cell of each row holds which column; a ServiceError naming what is wrong."""
    positions, unknown, repeated = {}, [], []
    for index, name in enumerate(header):
        column = HEADER_NAMES.get(_header_key(name))
        if column is None:
            if name.strip():
                unknown.append(name.strip())
        elif column in positions:
            repeated.append(name.strip())
        else:
            positions[column] = index
    missing = [column for column in COLUMNS if column not in positions]
    problems = []
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if repeated:
        problems.append(_("Columns named twice: %(names)s.") % {"names": ", ".join(repeated)})
    if problems:
        if unknown:
            problems.append(_("Columns not recognised: %(names)s.") % {"names": ", ".join(unknown)})
        problems.append(
            _("The first row must name the columns: %(names)s (in any order).")
            % {"names": ", ".join(COLUMNS)}
        )
        raise ServiceError(" ".join(problems))
    return positions


def parse_roster(upload) -> list[tuple[int, dict, bool]]:
    """(line number, values, has extra cells) for each student in the file; the values are
    cleaned text."""
    text = _text_of(upload)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter_of(text))
    header = None
    entries = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = _columns_of(cells)
            width = len(cells)
            continue
        if len(entries) == MAX_ROWS:
            raise ServiceError(
                _(
                    "The file has more than %(max)s students: split it into files of at most "
                    "%(max)s rows."
                )
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        values = {
            column: " ".join(cells[index].split()) if index < len(cells) else ""
            for column, index in header.items()
        }
        values["email"] = normalise_email(values["email"])
        extra = len(cells) > width and any(cell.strip() for cell in cells[width:])
        entries.append((reader.line_num, values, extra))
    if not entries:
        raise ServiceError(_("The file has no students: only the header row."))
    return entries


# Checking the rows ---------------------------------------------------------------------

MAX_LENGTHS = {"first_name": 150, "last_name": 150, "email": 254, "student_number": 32}


@dataclass
class Checked:
    """One row as stored on the roster, with what it resolved to in the database."""

    row: dict
    programme: Programme | None = None
    year: int | None = None
    user: User | None = None
    # (column or None, message, whether it names a repeated value) for each of row["errors"]
    field_errors: list = field(default_factory=list)


def _missing_message(column: str) -> str:
    return {
        "first_name": _("The first name is missing."),
        "last_name": _("The last name is missing."),
        "email": _("The e-mail address is missing."),
        "student_number": _("The student number is missing."),
        "programme": _("The programme is missing."),
        "year": _("The year is missing."),
    }[column]


def _too_long_message(column: str, limit: int) -> str:
    return {
        "first_name": _("The first name is longer than %(max)d characters."),
        "last_name": _("The last name is longer than %(max)d characters."),
        "email": _("The e-mail address is longer than %(max)d characters."),
        "student_number": _("The student number is longer than %(max)d characters."),
    }[column] % {"max": limit}


def _lookups(entries) -> tuple[dict, dict, dict, dict]:
    """Programmes, accounts by e-mail, profiles by student number, other addresses: four
    queries whatever the size of the file."""
    programmes = {}
    for programme in Programme.objects.all():
        programmes.setdefault(programme.code.lower(), programme)
        programmes.setdefault(programme.name.lower(), programme)
    emails = {entry[1]["email"] for entry in entries if entry[1]["email"]}
    numbers = {entry[1]["student_number"] for entry in entries if entry[1]["student_number"]}
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("student_profile")
    }
    holders = {
        profile.student_number: profile.user
        for profile in StudentProfile.objects.filter(student_number__in=numbers).select_related(
            "user"
        )
    }
    addresses = set(
        EmailAddress.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", flat=True)
    )
    return programmes, users, holders, addresses


def _profile_of(user: User) -> StudentProfile | None:
    try:
        return user.student_profile
    except StudentProfile.DoesNotExist:
        return None


def _in_scope(user: User, scope: frozenset[int]) -> bool:
    profile = _profile_of(user)
    return profile is not None and profile.programme_id in scope


def _action(values: dict, programme, year, user) -> str:
    if user is None:
        return "create"
    profile = _profile_of(user)
    unchanged = (
        profile is not None
        and user.first_name == values["first_name"]
        and user.last_name == values["last_name"]
        and profile.programme_id == getattr(programme, "pk", None)
        and profile.year_of_study == year
        and profile.student_number == values["student_number"]
    )
    return "unchanged" if unchanged else "update"


def check_rows(entries: list[tuple[int, dict, bool]], *, by: User | None = None) -> list[Checked]:
    """Every rule of a roster row, against the database as it is now and the rest of the file.
    Staff of some faculties (`by`) enrol and change students of their faculties' programmes
    only."""
    programmes, users, holders, addresses = _lookups(entries)
    scope = faculty_scope(by)
    lines_of = {"email": {}, "student_number": {}}
    for line, values, _extra in entries:
        for column, lines in lines_of.items():
            if values[column]:
                lines.setdefault(values[column], []).append(line)
    checked = []
    for line, values, extra in entries:
        errors, field_errors = [], []

        def note(name, message, duplicate=False, errors=errors, field_errors=field_errors):
            errors.append(message)
            field_errors.append((name, message, duplicate))

        if extra:
            note(None, _("This row has more values than the header has columns."))
        for column in COLUMNS:
            if not values[column]:
                note(column, _missing_message(column))
            elif len(values[column]) > MAX_LENGTHS.get(column, 200):
                note(column, _too_long_message(column, MAX_LENGTHS.get(column, 200)))
        email, number = values["email"], values["student_number"]
        user = users.get(email)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                note("email", _("“%(email)s” is not a valid e-mail address.") % {"email": email})
            if user is not None and user.role != Role.STUDENT:
                note(
                    "email",
                    _("%(email)s belongs to an account that is not a student (%(role)s).")
                    % {"email": email, "role": user.get_role_display()},
                )
                user = None
            elif user is None and email in addresses:
                note("email", _("%(email)s is an address of another account.") % {"email": email})
        year = None
        if values["year"]:
            digits = values["year"].isascii() and values["year"].isdigit()
            year = int(values["year"]) if digits else None
            if year is None or not 1 <= year <= 6:
                note("year", _("The year must be a whole number from 1 to 6."))
                year = None
        programme = programmes.get(values["programme"].lower()) if values["programme"] else None
        if values["programme"] and programme is None:
            note(
                "programme",
                _("No programme has the code or the name “%(programme)s”.")
                % {"programme": values["programme"]},
            )
        elif programme is not None and scope is not None and programme.pk not in scope:
            note(
                "programme",
                _("The programme “%(programme)s” is not one of your faculties'.")
                % {"programme": values["programme"]},
            )
            programme = None
        elif programme is not None and not programme.is_active:
            note(
                "programme",
                _("The programme “%(programme)s” is inactive.") % {"programme": programme.name},
            )
        if user is not None and scope is not None and not _in_scope(user, scope):
            note("email", _("%(email)s is a student of another faculty.") % {"email": email})
            user = None
        holder = holders.get(number)
        if number and holder is not None and holder.email.lower() != email:
            note(
                "student_number",
                _("The student number %(number)s belongs to another student (%(email)s).")
                % {"number": number, "email": holder.email},
            )
        for column, message in (
            ("email", _("The same e-mail address is also on line %(lines)s.")),
            ("student_number", _("The same student number is also on line %(lines)s.")),
        ):
            others = [other for other in lines_of[column].get(values[column], []) if other != line]
            if others:
                note(column, message % {"lines": ", ".join(map(str, others))}, duplicate=True)
        row = {
            "line": line,
            "values": values,
            "errors": errors,
            "action": _action(values, programme, year, user),
            "extra": extra,
        }
        checked.append(
            Checked(row=row, programme=programme, year=year, user=user, field_errors=field_errors)
        )
    return checked


def summary(roster: RosterImport) -> dict:
    """How many rows are new, updated, unchanged and wrong: counted over the stored rows."""
    counts = {"total": 0, "invalid": 0, "create": 0, "update": 0, "unchanged": 0}
    for row in roster.rows:
        counts["total"] += 1
        counts["invalid" if row["errors"] else row["action"]] += 1
    counts["valid"] = counts["total"] - counts["invalid"]
    return counts


# Reads ---------------------------------------------------------------------------------


def roster_imports(viewer) -> QuerySet[RosterImport]:
    """Every upload for staff of all faculties; their own for staff of some faculties (a
    roster may name students of any faculty)."""
    qs = RosterImport.objects.select_related("uploaded_by")
    if faculty_scope(viewer) is not None:
        qs = qs.filter(uploaded_by=viewer)
    return qs


def recent_roster_imports(viewer) -> QuerySet[RosterImport]:
    """The latest uploads, without their rows (a roster holds up to 5,000 of them)."""
    return roster_imports(viewer).defer("rows").order_by("-created_at", "-pk")


# Services ------------------------------------------------------------------------------


@transaction.atomic
def preview_roster(*, by: User, upload) -> RosterImport:
    """Read and check a roster file; nothing changes but the stored preview.

    A file that cannot be read as a roster (not CSV, Excel, empty, wrong columns, more than
    5,000 rows) is refused as a whole with a message saying why.
    """
    ensure(by, "internships.moderate")
    entries = parse_roster(upload)
    rows = [checked.row for checked in check_rows(entries, by=by)]
    return RosterImport.objects.create(
        uploaded_by=by, file_name=(getattr(upload, "name", "") or "roster.csv")[:255], rows=rows
    )


@transaction.atomic
def import_roster(*, roster: RosterImport, by: User, skip_invalid: bool = False) -> RosterImport:
    """Create and update the students of a previewed roster, once.

    The rows are checked again against the database as it is now. Any row with errors
    blocks the whole import unless `skip_invalid`; new students get an unusable password,
    a verified address and an e-mail inviting them to choose their password. A row that
    changes nothing writes nothing, so importing the same file again is harmless.
    """
    ensure(by, "internships.moderate")
    roster = RosterImport.objects.select_for_update().get(pk=roster.pk)
    if roster.status == RosterImport.Status.IMPORTED:
        raise ServiceError(
            _("This roster has already been imported. To import changes, upload the file again.")
        )
    checked = check_rows(
        [(row["line"], row["values"], row.get("extra", False)) for row in roster.rows], by=by
    )
    invalid = sum(1 for item in checked if item.row["errors"])
    if invalid and not skip_invalid:
        raise ServiceError(
            ngettext(
                "%(count)d row has errors: correct the file and upload it again, or import "
                "the valid rows and skip the rest.",
                "%(count)d rows have errors: correct the file and upload it again, or import "
                "the valid rows and skip the rest.",
                invalid,
            )
            % {"count": invalid}
        )
    valid = [item for item in checked if not item.row["errors"]]
    if not valid:
        raise ServiceError(_("Every row has errors: there is nothing to import."))
    _apply(roster, checked, valid, by=by, skipped=invalid)
    return roster


def _apply(roster: RosterImport, checked: list[Checked], valid: list[Checked], *, by, skipped):
    """Write the valid rows, mark `roster` imported with its counts and invite the new
    students (after the commit): what the CSV import and the API's roster sync both do."""
    try:
        with transaction.atomic():
            created = _create_students(
                [item for item in valid if item.row["action"] == "create"], by=by
            )
            updated = _update_students(
                [item for item in valid if item.row["action"] == "update"], by=by
            )
    except IntegrityError:
        raise ServiceError(
            _("Some of these students changed while importing. Upload the file again.")
        ) from None
    roster.rows = [item.row for item in checked]
    roster.status = RosterImport.Status.IMPORTED
    roster.imported_at = timezone.now()
    roster.created_count, roster.updated_count, roster.skipped_count = created, updated, skipped
    roster.save()
    record_event(
        roster,
        by=by,
        action="roster_imported",
        old=RosterImport.Status.PREVIEW,
        new=roster.status,
        note_kind="roster_counts",
        note_params={"created": created, "updated": updated, "skipped": skipped},
    )
    if created:
        transaction.on_commit(lambda: send_roster_invitations.enqueue(roster.pk))


class RosterRefused(ServiceError):
    """A batch with at least one bad row: nothing was written; `checked` says which."""

    def __init__(self, message, checked):
        super().__init__(message)
        self.checked = checked


@transaction.atomic
def sync_rows(entries: list[tuple[int, dict, bool]], *, by: User, source: str) -> list[Checked]:
    """Check and write a whole batch of roster rows at once, all or nothing (the API's
    roster sync): any row with errors refuses the batch (RosterRefused, nothing written).
    Otherwise new students are created and invited exactly as by the CSV import, changed
    ones updated, and unchanged ones left alone (nothing written for them); when anything
    was written the batch is kept as an imported roster named `source`, so the staff's
    roster history lists it. The caller checks that `by` may write the roster."""
    checked = check_rows(entries, by=by)
    if any(item.row["errors"] for item in checked):
        raise RosterRefused(_("Some rows have errors: nothing was changed."), checked)
    if any(item.row["action"] != "unchanged" for item in checked):
        roster = RosterImport(uploaded_by=by, file_name=source[:255], rows=[])
        roster.status = RosterImport.Status.PREVIEW
        roster.save()
        _apply(roster, checked, checked, by=by, skipped=0)
    return checked


PROFILE_FIELDS = ("programme", "year_of_study", "student_number")


def _create_students(items: list[Checked], *, by: User) -> int:
    users = []
    for item in items:
        values = item.row["values"]
        user = User(
            email=values["email"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            role=Role.STUDENT,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=500,
    )
    profiles = [
        StudentProfile(
            user=user,
            programme=item.programme,
            year_of_study=item.year,
            student_number=item.row["values"]["student_number"],
        )
        for user, item in zip(users, items, strict=True)
    ]
    StudentProfile.objects.bulk_create(profiles, batch_size=500)
    for user, item in zip(users, items, strict=True):
        item.row["user_id"] = user.pk
    record_events(
        [
            (user, by, "student_imported", "", "", changes({}, _values(user, profile)))
            for user, profile in zip(users, profiles, strict=True)
        ]
    )
    return len(users)


def _values(user: User, profile: StudentProfile) -> dict:
    return {"first_name": user.first_name, "last_name": user.last_name} | snapshot(
        profile, PROFILE_FIELDS
    )


def _update_students(items: list[Checked], *, by: User) -> int:
    now = timezone.now()
    users, profiles, new_profiles, lines = [], [], [], []
    for item in items:
        values, user = item.row["values"], item.user
        profile = _profile_of(user) or StudentProfile(user=user)
        before = _values(user, profile)
        user.first_name, user.last_name = values["first_name"], values["last_name"]
        users.append(user)
        profile.programme = item.programme
        profile.year_of_study = item.year
        profile.student_number = values["student_number"]
        profile.updated_at = now
        (profiles if profile.pk else new_profiles).append(profile)
        item.row["user_id"] = user.pk
        note = changes(before, _values(user, profile))
        if note:
            lines.append((user, by, "student_updated_by_roster", "", "", note))
    User.objects.bulk_update(users, ["first_name", "last_name"], batch_size=500)
    StudentProfile.objects.bulk_update(
        profiles, ["programme", "year_of_study", "student_number", "updated_at"], batch_size=500
    )
    StudentProfile.objects.bulk_create(new_profiles, batch_size=500)
    record_events(lines)
    return len(users)


# The invitations -----------------------------------------------------------------------


def password_link(user: User) -> str:
    """allauth's own password-reset link: the student chooses a password and logs in."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_invitations(roster_id: int) -> int:
    """E-mail each student the roster created; a row is marked once its e-mail is sent, so
    running this twice sends nothing the second time."""
    with transaction.atomic():
        roster = RosterImport.objects.select_for_update().get(pk=roster_id)
        pending = [
            row
            for row in roster.rows
            if row.get("user_id") and row["action"] == "create" and not row.get("invited_at")
        ]
        users = User.objects.select_related("student_profile__programme").in_bulk(
            [row["user_id"] for row in pending]
        )
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        messages = []
        for row in pending:
            user = users[row["user_id"]]
            context = {
                "user": user,
                "programme": user.student_profile.programme,
                "link": password_link(user),
                "login_url": settings.SITE_URL.rstrip("/") + reverse("account_login"),
                "days": days,
            }
            messages.append(
                EmailMessage(
                    subject=render_to_string(
                        "office/roster/email/invitation_subject.txt", context
                    ).strip(),
                    body=render_to_string("office/roster/email/invitation_message.txt", context),
                    to=[user.email],
                )
            )
        if messages:
            get_connection().send_messages(messages)
        sent_at = timezone.now().isoformat()
        for row in pending:
            row["invited_at"] = sent_at
        roster.save(update_fields=["rows"])
    return len(messages)


@task()
def send_roster_invitations(roster_id: int) -> int:
    return send_invitations(roster_id)
