"""The files the exports write: separators, the auto-filter, names in the reader's
language, and columns a reader may not have."""

import csv
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from core import exports

PLACEMENTS = reverse("staff_placements")
ROWS = [{"name": "Ana; Pop", "grade": 9.5}, {"name": "Ion", "grade": None}]
COLUMNS = [
    exports.Column(gettext_lazy("Student"), lambda row: row["name"]),
    exports.Column(
        gettext_lazy("Grade"), lambda row: row["grade"], visible=lambda viewer: viewer == "staff"
    ),
]


def text_of(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_a_semicolon_csv_opens_in_columns_in_a_romanian_spreadsheet():
    response = exports.export("csv-semicolon", rows=ROWS, columns=COLUMNS, name="x", viewer="staff")

    text = text_of(response)
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [
        ["Student", "Grade"],
        ["Ana; Pop", "9,5"],
        ["Ion", ""],
    ]


def test_a_semicolon_csv_writes_fractions_with_a_decimal_comma_and_keeps_the_rest():
    from datetime import date
    from decimal import Decimal

    rows = [{"hours": Decimal("7.50"), "grade": 9.25, "weeks": 12, "day": date(2027, 7, 1)}]
    columns = [
        exports.Column("Hours", lambda row: row["hours"]),
        exports.Column("Grade", lambda row: row["grade"]),
        exports.Column("Weeks", lambda row: row["weeks"]),
        exports.Column("Day", lambda row: row["day"]),
    ]

    semicolon = exports.export("csv-semicolon", rows=rows, columns=columns, name="x")
    comma = exports.export("csv", rows=rows, columns=columns, name="x")

    assert text_of(semicolon).splitlines()[1] == "7,50;9,25;12;2027-07-01"
    assert text_of(comma).splitlines()[1] == "7.50,9.25,12,2027-07-01"


def test_a_comma_csv_stays_the_default():
    response = exports.export("csv", rows=ROWS, columns=COLUMNS, name="x", viewer="staff")

    assert text_of(response).splitlines()[1] == "Ana; Pop,9.5"


def test_a_column_a_reader_may_not_have_is_left_out():
    for fmt, delimiter in (("csv", ","), ("csv-semicolon", ";")):
        response = exports.export(fmt, rows=ROWS, columns=COLUMNS, name="x", viewer="tutor")
        rows = csv.reader(io.StringIO(text_of(response)[1:]), delimiter=delimiter)
        assert list(rows) == [["Student"], ["Ana; Pop"], ["Ion"]]


def test_the_xlsx_header_has_an_auto_filter_over_every_row():
    response = exports.export("xlsx", rows=ROWS, columns=COLUMNS, name="x", viewer="staff")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.auto_filter.ref == "A1:B3"
    assert [cell.value for cell in sheet[1]] == ["Student", "Grade"]


def test_an_empty_export_is_the_header_row_alone():
    csv_text = text_of(exports.export("csv", rows=[], columns=COLUMNS, name="x", viewer="staff"))
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(
                exports.export(
                    "xlsx", rows=[], columns=COLUMNS, name="x", viewer="staff"
                ).streaming_content
            )
        )
    ).active

    assert csv_text == "\ufeffStudent,Grade\r\n"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Student", "Grade"]]
    assert sheet.auto_filter.ref == "A1:B1"


def test_column_keys_do_not_depend_on_the_language():
    with translation.override("ro"):
        column = exports.Column(gettext_lazy("Student number"), lambda row: row)
    assert column.key == "student-number"
    assert exports.Column("Grade", str, key="final-grade").key == "final-grade"


@time_machine.travel("2026-12-05 10:00 +0200", tick=False)
@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "xlsx", "placements-2026-12-05.xlsx"),
        ("ro", "xlsx", "stagii-2026-12-05.xlsx"),
        ("ro", "csv-semicolon", "stagii-2026-12-05.csv"),
    ],
)
def test_the_file_is_named_after_the_list_in_the_readers_language_and_the_date(
    client, staff, language, fmt, expected
):
    client.force_login(staff)

    response = client.get(PLACEMENTS, {"export": fmt}, HTTP_ACCEPT_LANGUAGE=language)

    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
