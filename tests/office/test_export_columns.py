"""Choosing the columns of a staff list's file (`columns=<key>`, repeated)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext as t

from core import exports, reports
from core.exports import Column
from core.services import ServiceError
from office import reports as office_reports
from tests import factories

STUDENTS = reverse("staff_students")
INTERNSHIPS = reverse("staff_internships")


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8")[1:])))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_file_holds_the_chosen_columns_in_the_lists_order(client, staff, student):
    client.force_login(staff)

    response = client.get(
        STUDENTS, {"export": "csv", "columns": ["programme", "e-mail", "last-name"]}
    )

    header, line = csv_rows(response)
    assert header == ["Last name", "E-mail", "Programme"]
    assert line == [student.last_name, student.email, "Computer Science"]


def test_the_chosen_columns_are_named_in_romanian(client, staff, student):
    client.force_login(staff)

    response = client.get(
        STUDENTS,
        {"export": "xlsx", "columns": ["last-name", "programme"]},
        HTTP_ACCEPT_LANGUAGE="ro",
    )

    header, line = xlsx_rows(response)
    assert header == ["Nume", "Program de studii"]
    assert line == [student.last_name, "Computer Science"]


def test_without_a_choice_the_file_holds_every_column(client, staff, student):
    client.force_login(staff)

    header, _line = csv_rows(client.get(STUDENTS, {"export": "csv"}))

    assert len(header) == len(office_reports.STUDENTS.columns)


def test_a_column_the_list_has_not_is_refused_on_the_page(client, staff, student):
    client.force_login(staff)

    response = client.get(STUDENTS, {"export": "csv", "columns": ["e-mail", "password"]})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "The list has no column “password”" in response.content.decode()


def test_an_export_of_no_rows_is_its_header(client, staff, programme):
    client.force_login(staff)

    response = client.get(
        STUDENTS, {"export": "csv", "programme": programme.pk, "columns": ["e-mail", "year"]}
    )

    assert csv_rows(response) == [["E-mail", "Year"]]


def test_the_list_page_ticks_the_chosen_columns(client, staff, student):
    client.force_login(staff)

    page = client.get(STUDENTS, {"columns": ["e-mail"]}).content.decode()

    assert 'name="columns" value="e-mail" checked' in page
    assert 'name="columns" value="last-name">' in page


def test_every_registered_list_offers_its_columns(client, staff):
    client.force_login(staff)

    for report in reports.REPORTS.values():
        page = client.get(report.url()).content.decode()
        for column in report.columns:
            assert f'name="columns" value="{column.key}"' in page, (report.slug, column.key)


def test_a_column_hidden_from_the_viewer_is_left_out_even_if_asked_for(staff):
    secret = Column("Secret", lambda row: "x", key="secret", visible=lambda viewer: False)
    plain = Column("Plain", lambda row: "y", key="plain")
    report = reports.Report(
        slug="test",
        title="Test",
        url_name="staff_students",
        filterset=office_reports.STUDENTS.filterset,
        rows=office_reports.STUDENTS.rows,
        columns=[secret, plain],
        file_name="test",
        template="office/lists/students.html",
    )

    assert reports.chosen_columns(report, ["secret", "plain"], viewer=staff) == [plain]
    assert reports.chosen_columns(report, [], viewer=staff) == [plain]
    with pytest.raises(ServiceError):
        reports.chosen_columns(report, ["secret"], viewer=staff)


def test_column_keys_are_unique_in_every_list():
    for report in reports.REPORTS.values():
        keys = [column.key for column in report.columns]
        assert len(keys) == len(set(keys)), report.slug


def test_a_student_cannot_export_a_staff_list(client, student):
    client.force_login(student)

    response = client.get(STUDENTS, {"export": "csv", "columns": ["e-mail"]})

    assert response.status_code == 403


@pytest.mark.parametrize("rows_count", [3, 30])
def test_an_export_of_chosen_columns_needs_the_same_queries_for_3_or_30_rows(
    client, staff, programme, rows_count, django_assert_max_num_queries
):
    for _ in range(rows_count):
        factories.StudentFactory(programme=programme)
    client.force_login(staff)

    with django_assert_max_num_queries(4):  # 3, and the audit log's line of the file
        lines = csv_rows(client.get(STUDENTS, {"export": "csv", "columns": ["e-mail"]}))

    assert len(lines) == rows_count + 1
    assert lines[0] == [t("E-mail")]


def test_exports_module_keeps_its_formats():
    assert set(exports.FORMATS) == {"csv", "csv-semicolon", "xlsx"}
