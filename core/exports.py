"""Exports of lists: the rows a filter gives, as CSV or XLSX.

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
