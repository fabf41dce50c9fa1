"""Exports of the staff lists: the rows a filter gives, as CSV or XLSX.

A list declares its columns (a header and how to read the cell from a row); `export()`
writes every row of the filtered queryset, all pages, in the format the URL asks for
(`?export=csv` or `?export=xlsx` beside the list's own filters).

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a
formula, so such text gets a leading apostrophe: a student named "=HYPERLINK(...)" stays
a name. Numbers and dates are written as numbers and dates in XLSX.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    """One column: its (translated) header and how to read its cell from a row."""

    header: str
    value: Callable[[Any], Any]
    width: int = 18


def requested_format(request) -> str | None:
    """The export the URL asks for (`?export=csv|xlsx`), or None for the page itself."""
    wanted = request.GET.get("export", "")
    return wanted if wanted in FORMATS else None


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: a would-be formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _plain(value):
    """Booleans in words, aware datetimes in local time (naive), lazy text as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date | int | float | Decimal):
        return value
    return str(value) if isinstance(value, Promise) else value


def csv_cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return safe_text(str(value))


def xlsx_cell(value):
    """Typed values stay typed; text stays exactly itself (see `_xlsx_row` for formulas)."""
    value = _plain(value)
    if value is None or isinstance(value, date | int | float | Decimal):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _xlsx_row(sheet, values: list) -> list:
    """openpyxl would store text starting with = as a formula: such cells are forced to be
    text cells instead, so nothing runs and "+40 722 ..." keeps no stray apostrophe."""
    row = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        row.append(value)
    return row


def _each(rows: Iterable) -> Iterable:
    """Every row, read from the database in chunks rather than all at once."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK)
    return rows


class _Echo:
    """A file-like object whose write() hands the line back, for a streamed CSV."""

    def write(self, value):
        return value


def csv_response(*, rows, columns: list[Column], filename: str) -> StreamingHttpResponse:
    """UTF-8 with a byte order mark (so Excel reads ă, ș, ț), streamed row by row."""
    language = translation.get_language()
    writer = csv.writer(_Echo())

    def lines():
        with translation.override(language):
            yield "\ufeff" + writer.writerow([str(column.header) for column in columns])
            for row in _each(rows):
                yield writer.writerow([csv_cell(column.value(row)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(*, rows, columns: list[Column], filename: str) -> FileResponse:
    """One sheet, bold frozen header; written in write-only mode to a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=xlsx_cell(str(column.header)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _each(rows):
        sheet.append(_xlsx_row(sheet, [xlsx_cell(column.value(row)) for column in columns]))
    output = tempfile.TemporaryFile()  # FileResponse closes it once sent
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )


def export(fmt: str, *, rows, columns: list[Column], name: str):
    """The file of `rows` in `fmt` ("csv" or "xlsx"), named after the list and today."""
    filename = f"{name}-{timezone.localdate().isoformat()}"
    if fmt == "xlsx":
        return xlsx_response(rows=rows, columns=columns, filename=filename)
    return csv_response(rows=rows, columns=columns, filename=filename)


# The staff lists' columns ------------------------------------------------------------


def _name(user) -> str:
    return user.get_full_name() if user else ""


def _email(user) -> str:
    return user.email if user else ""


def _profile(user):
    return getattr(user, "student_profile", None)


def _programme(user) -> str:
    profile = _profile(user)
    return profile.programme.name if profile and profile.programme else ""


def _student_number(user) -> str:
    profile = _profile(user)
    return profile.student_number if profile else ""


STUDENT_COLUMNS = [
    Column(gettext_lazy("Last name"), lambda u: u.last_name),
    Column(gettext_lazy("First name"), lambda u: u.first_name),
    Column(gettext_lazy("E-mail"), lambda u: u.email, 28),
    Column(gettext_lazy("Student number"), _student_number),
    Column(gettext_lazy("Programme"), _programme, 28),
    Column(gettext_lazy("Year"), lambda u: _profile(u).year_of_study if _profile(u) else None, 8),
    Column(gettext_lazy("Phone"), lambda u: _profile(u).phone if _profile(u) else ""),
    Column(gettext_lazy("Applications"), lambda u: u.application_count, 12),
    Column(gettext_lazy("Placed"), lambda u: u.is_placed, 10),
    Column(gettext_lazy("CV"), lambda u: bool(_profile(u) and _profile(u).cv), 8),
]

ORGANISATION_COLUMNS = [
    Column(gettext_lazy("Legal name"), lambda o: o.legal_name, 30),
    Column(gettext_lazy("CUI"), lambda o: o.registration_number, 12),
    Column(gettext_lazy("Status"), lambda o: o.get_status_display()),
    Column(gettext_lazy("Sector"), lambda o: str(o.sector), 24),
    Column(gettext_lazy("County"), lambda o: o.county.name),
    Column(gettext_lazy("City"), lambda o: o.city),
    Column(gettext_lazy("Website"), lambda o: o.website, 28),
    Column(
        gettext_lazy("Administrators' e-mails"),
        lambda o: "; ".join(m.user.email for m in o.admin_memberships),
        36,
    ),
    Column(gettext_lazy("Placements"), lambda o: o.placement_count, 12),
    Column(gettext_lazy("Interns"), lambda o: o.intern_count, 10),
    Column(gettext_lazy("Registered"), lambda o: o.created_at.date(), 12),
]

PLACEMENT_COLUMNS = [
    Column(gettext_lazy("Title"), lambda p: p.title, 30),
    Column(gettext_lazy("Organisation"), lambda p: p.organisation.legal_name, 28),
    Column(gettext_lazy("Period"), lambda p: p.period.name),
    Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column(gettext_lazy("Positions"), lambda p: p.positions, 10),
    Column(gettext_lazy("Applicants"), lambda p: p.applicant_count, 10),
    Column(gettext_lazy("Accepted"), lambda p: p.accepted_count, 10),
    Column(gettext_lazy("Application deadline"), lambda p: p.deadline, 12),
    Column(gettext_lazy("Start date"), lambda p: p.starts_on, 12),
    Column(gettext_lazy("End date"), lambda p: p.ends_on, 12),
    Column(gettext_lazy("County"), lambda p: p.county.name),
    Column(gettext_lazy("City"), lambda p: p.city),
    Column(gettext_lazy("Work mode"), lambda p: p.get_work_mode_display()),
    Column(gettext_lazy("Hours per week"), lambda p: p.hours_per_week, 10),
    Column(gettext_lazy("Paid"), lambda p: p.is_paid, 8),
]

APPLICATION_COLUMNS = [
    Column(gettext_lazy("Student"), lambda a: _name(a.student), 24),
    Column(gettext_lazy("E-mail"), lambda a: a.student.email, 28),
    Column(gettext_lazy("Student number"), lambda a: _student_number(a.student)),
    Column(gettext_lazy("Programme"), lambda a: _programme(a.student), 28),
    Column(gettext_lazy("Placement"), lambda a: a.placement.title, 30),
    Column(gettext_lazy("Organisation"), lambda a: a.placement.organisation.legal_name, 28),
    Column(gettext_lazy("Period"), lambda a: a.placement.period.name),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Applied"), lambda a: a.created_at, 18),
    Column(gettext_lazy("Interview"), lambda a: a.interview_at, 18),
    Column(gettext_lazy("Respond to the offer by"), lambda a: a.offer_deadline, 18),
]

INTERNSHIP_COLUMNS = [
    Column(gettext_lazy("Student"), lambda i: _name(i.student), 24),
    Column(gettext_lazy("E-mail"), lambda i: i.student.email, 28),
    Column(gettext_lazy("Student number"), lambda i: _student_number(i.student)),
    Column(gettext_lazy("Programme"), lambda i: _programme(i.student), 28),
    Column(gettext_lazy("Organisation"), lambda i: i.organisation.legal_name, 28),
    Column(gettext_lazy("Placement"), lambda i: i.placement.title, 30),
    Column(gettext_lazy("Period"), lambda i: i.period.name),
    Column(gettext_lazy("Start date"), lambda i: i.starts_on, 12),
    Column(gettext_lazy("End date"), lambda i: i.ends_on, 12),
    Column(gettext_lazy("Status"), lambda i: i.get_status_display()),
    Column(gettext_lazy("Host tutor"), lambda i: _name(i.host_tutor), 24),
    Column(gettext_lazy("Host tutor's e-mail"), lambda i: _email(i.host_tutor), 28),
    Column(gettext_lazy("Academic supervisor"), lambda i: _name(i.academic_supervisor), 24),
    Column(
        gettext_lazy("Academic supervisor's e-mail"), lambda i: _email(i.academic_supervisor), 28
    ),
    Column(gettext_lazy("Approved hours"), lambda i: i.approved_hours, 10),
    Column(gettext_lazy("Required hours"), lambda i: i.required_hours, 10),
]
