"""Exports of lists: the rows a filter gives, as CSV or XLSX.

A list declares its columns (a header and how to read the cell from a row); `export()`
writes every row of the filtered queryset, all pages and in the list's order, in the
format the URL asks for beside the list's own filters:

- `?export=csv`: comma-separated, UTF-8 with a byte-order mark;
- `?export=csv-semicolon`: the same separated by semicolons, which a spreadsheet set to
  Romanian (where the comma is the decimal mark) opens in columns; its fractions are
  written with a decimal comma (7,5) so that spreadsheet reads them as numbers, while
  whole numbers and ISO dates (2026-12-05) are the same in both;
- `?export=xlsx`: one sheet, header bold, frozen and with an auto-filter.

A column may be for some readers only (`visible`): the file of a reader who may not see it
leaves it out. Each column has a stable `key` (saved reports name their columns by it).
The file is named after the list in the reader's language and the date.

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
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import audit

FORMATS = ("csv", "csv-semicolon", "xlsx")
DELIMITERS = {"csv": ",", "csv-semicolon": ";"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    """One column: its (translated) header and how to read its cell from a row.

    `key` names the column whatever the language (by default the English header as a
    slug); `visible(viewer)`, when given, says whether that reader may have the column."""

    header: str
    value: Callable[[Any], Any]
    width: int = 18
    key: str = ""
    visible: Callable[[Any], bool] | None = None

    def __post_init__(self):
        if not self.key:
            with translation.override(None):
                object.__setattr__(self, "key", slugify(str(self.header)))

    def shown_to(self, viewer) -> bool:
        return self.visible is None or bool(self.visible(viewer))


def columns_for(columns: list[Column], viewer) -> list[Column]:
    """The columns `viewer` may have, in their order."""
    return [column for column in columns if column.shown_to(viewer)]


def requested_format(request) -> str | None:
    """The export the URL asks for (`?export=csv|csv-semicolon|xlsx`), or None for the page."""
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


def csv_cell(value, *, decimal_comma: bool = False) -> str:
    """The text of a CSV cell; `decimal_comma` writes 7.5 as 7,5 (the semicolon format)."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",") if decimal_comma else str(value)
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


def csv_response(
    *, rows, columns: list[Column], filename: str, delimiter: str = ","
) -> StreamingHttpResponse:
    """UTF-8 with a byte order mark (so Excel reads ă, ș, ț), streamed row by row."""
    language = translation.get_language()
    writer = csv.writer(_Echo(), delimiter=delimiter)
    comma = delimiter == ";"

    def lines():
        with translation.override(language):
            yield "\ufeff" + writer.writerow([str(column.header) for column in columns])
            for row in _each(rows):
                yield writer.writerow(
                    [csv_cell(column.value(row), decimal_comma=comma) for column in columns]
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def xlsx_response(*, rows, columns: list[Column], filename: str) -> FileResponse:
    """One sheet, bold frozen header with an auto-filter; written in write-only mode to a
    temporary file."""
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
    count = 0
    for row in _each(rows):
        sheet.append(_xlsx_row(sheet, [xlsx_cell(column.value(row)) for column in columns]))
        count += 1
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    output = tempfile.TemporaryFile()  # FileResponse closes it once sent
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    response.row_count = count
    return response


def file_name(name) -> str:
    """The list's name in the reader's language and today's date: `stagii-2026-12-05`.
    Letters lose their diacritics (ș → s), so every browser and file system keeps it."""
    return f"{slugify(str(name)) or 'export'}-{timezone.localdate().isoformat()}"


# Filters a person types freely (a name, an e-mail): personal data the record must not keep.
# A value made of digits only is an id and stays.
FREE_TEXT = ("q", "search", "person", "name", "email", "student", "mentor")


def filters_of(query) -> str:
    """The list's filters as the URL gave them (a QueryDict or text), without `export` and
    without free-text searches (FREE_TEXT): the filter names and ids stay."""
    if query is None:
        return ""
    if isinstance(query, str):
        query = QueryDict(query)
    query = query.copy()
    query.pop("export", None)
    for name in FREE_TEXT:
        if not all(value.isdigit() for value in query.getlist(name)):
            query.pop(name, None)
    return query.urlencode()


def export(fmt: str, *, rows, columns: list[Column], name, viewer=None, filters=None):
    """The file of `rows` in `fmt` (one of FORMATS) with the columns `viewer` may have,
    named after the list (`name`, translatable text) and today.

    Every export to a person is personal data leaving the platform, so it is recorded
    (core.audit): who, which list, its format, its `filters` (the request's query) and, for
    XLSX (counted while written), its number of rows; a CSV streams after the record is
    written, uncounted."""
    columns = columns_for(columns, viewer)
    filename = file_name(name)
    details = {"format": fmt, "filters": filters_of(filters)}
    if fmt == "xlsx":
        response = xlsx_response(rows=rows, columns=columns, filename=filename)
        details["rows"] = response.row_count
        label = f"{filename}.xlsx"
    else:
        response = csv_response(
            rows=rows, columns=columns, filename=filename, delimiter=DELIMITERS.get(fmt, ",")
        )
        label = f"{filename}.csv"
    if getattr(viewer, "is_authenticated", False):  # a person, not a check of the columns
        audit.record_access(by=viewer, kind="export", label=label, details=details)
    return response
