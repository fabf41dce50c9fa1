import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import StudentProfile
from core import exports
from tests import factories

STUDENTS = reverse("staff_students")
ORGANISATIONS = reverse("staff_organisation_directory")
PLACEMENTS = reverse("staff_placements")
APPLICATIONS = reverse("staff_applications")

STUDENT_HEADER = [
    "Last name",
    "First name",
    "E-mail",
    "Student number",
    "Programme",
    "Year",
    "Phone",
    "Applications",
    "Placed",
    "CV",
    "Placement",
    "Host organisation",
    "Host tutor",
    "Host tutor's e-mail",
]
ORGANISATION_HEADER = [
    "Legal name",
    "CUI",
    "Status",
    "Sector",
    "County",
    "City",
    "Address",
    "Phone",
    "Website",
    "Contact person",
    "Contact e-mail",
    "Legal representative",
    "Legal representative's function",
    "Administrators' e-mails",
    "Placements",
    "Interns",
    "Registered",
]
PLACEMENT_HEADER = [
    "Title",
    "Organisation",
    "Period",
    "Status",
    "Positions",
    "Applicants",
    "Accepted",
    "Positions filled",
    "Positions open",
    "Application deadline",
    "Start date",
    "End date",
    "County",
    "City",
    "Work mode",
    "Hours per week",
    "Paid",
    "Monthly stipend (RON)",
    "Host tutor",
    "Host tutor's e-mail",
    "Eligible programmes",
]
APPLICATION_HEADER = [
    "Student",
    "E-mail",
    "Student's phone",
    "Student number",
    "Programme",
    "Placement",
    "Organisation",
    "Period",
    "Status",
    "Applied",
    "Interview",
    "Respond to the offer by",
]


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list]:
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert ".xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    rows = list(workbook.active.iter_rows())
    assert not [c.value for row in rows for c in row if c.data_type == "f"], "a formula cell"
    return [[c.value for c in row] for row in rows]


def neutral(text, fmt):
    """What a would-be formula becomes: CSV adds an apostrophe; XLSX stores plain text."""
    return "'" + text if fmt == "csv" else text


def export(client, url, fmt, **filters):
    return client.get(url, {**filters, "export": fmt})


# The writer ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe_in_csv(text):
    assert exports.safe_text(text) == "'" + text
    assert exports.csv_cell(text) == "'" + text
    assert exports.xlsx_cell(text) == text  # XLSX: stored as a text cell (see below)


def test_ordinary_text_and_numbers_stay_as_they_are():
    assert exports.csv_cell("Ana-Maria") == "Ana-Maria"
    assert exports.csv_cell(-5) == "-5"
    assert exports.xlsx_cell(-5) == -5
    assert exports.xlsx_cell(Decimal("7.5")) == Decimal("7.5")
    assert exports.xlsx_cell(date(2027, 7, 1)) == date(2027, 7, 1)
    assert exports.csv_cell(date(2027, 7, 1)) == "2027-07-01"
    assert exports.csv_cell(None) == ""
    assert exports.csv_cell(True) == "Yes"


def test_aware_datetimes_are_written_in_local_time():
    moment = timezone.make_aware(datetime(2027, 7, 1, 9, 30))

    assert exports.xlsx_cell(moment) == datetime(2027, 7, 1, 9, 30)
    assert exports.csv_cell(moment) == "2027-07-01 09:30"


def test_the_xlsx_header_is_bold_and_frozen_and_dates_stay_dates(client, staff, placement):
    client.force_login(staff)

    response = export(client, PLACEMENTS, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["J2"].value.date() == placement.deadline
    assert sheet["E2"].value == 2


# Every filtered row, all pages -------------------------------------------------------------


def students_of(programme, n, first_name="Ana"):
    return [
        factories.StudentFactory(programme=programme, user__first_name=first_name).user
        for _ in range(n)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_students_export_has_every_filtered_student_beyond_one_page(
    client, staff, programme, fmt
):
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    wanted = students_of(mathematics, 23)
    students_of(programme, 2)
    client.force_login(staff)

    response = export(client, STUDENTS, fmt, programme=mathematics.pk)

    read = csv_rows if fmt == "csv" else xlsx_rows
    header, *lines = read(response)
    assert header == STUDENT_HEADER
    assert sorted(line[2] for line in lines) == sorted(user.email for user in wanted)
    assert {line[4] for line in lines} == {"Mathematics"}


def test_a_students_row_in_the_csv(client, staff, student, internship):
    StudentProfile.objects.filter(user=student).update(phone="+40 740 123 456", year_of_study=3)
    client.force_login(staff)

    _, line = csv_rows(export(client, STUDENTS, "csv", period=internship.period_id))

    profile = student.student_profile
    assert line == [
        student.last_name,
        student.first_name,
        student.email,
        profile.student_number,
        "Computer Science",
        "3",
        "'+40 740 123 456",
        "1",
        "Yes",
        "No",
        internship.title,
        internship.organisation.legal_name,
        internship.host_tutor.display_name if internship.host_tutor else "",
        internship.host_tutor.email if internship.host_tutor else "",
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_organisations_export_has_every_filtered_organisation(client, staff, fmt):
    wanted = [factories.OrganisationFactory(status="pending") for _ in range(22)]
    factories.OrganisationFactory(status="verified")
    admin = factories.MembershipFactory(organisation=wanted[0], user__email="hr@first.ro").user
    client.force_login(staff)

    read = csv_rows if fmt == "csv" else xlsx_rows
    header, *lines = read(export(client, ORGANISATIONS, fmt, status="pending"))

    assert header == ORGANISATION_HEADER
    assert sorted(line[0] for line in lines) == sorted(o.legal_name for o in wanted)
    first = next(line for line in lines if line[0] == wanted[0].legal_name)
    assert first[2] == "Awaiting verification"
    assert first[13] == admin.email


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_placements_export_has_every_filtered_placement(
    client, staff, organisation, period, programme, fmt
):
    wanted = [
        factories.PlacementFactory(
            organisation=organisation, period=period, programmes=[programme], status="closed"
        )
        for _ in range(21)
    ]
    factories.PlacementFactory(organisation=organisation, period=period, programmes=[programme])
    client.force_login(staff)

    read = csv_rows if fmt == "csv" else xlsx_rows
    header, *lines = read(export(client, PLACEMENTS, fmt, status="closed"))

    assert header == PLACEMENT_HEADER
    assert sorted(line[0] for line in lines) == sorted(p.title for p in wanted)
    assert {(line[1], line[2], line[3], line[14]) for line in lines} == {
        ("Codează Someș SRL", "Summer 2027", "Closed", "Hybrid")
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_applications_export_has_every_filtered_application(
    client, staff, placement, application, fmt
):
    wanted = [
        factories.ApplicationFactory(placement=placement, status="in_review") for _ in range(21)
    ]
    client.force_login(staff)

    read = csv_rows if fmt == "csv" else xlsx_rows
    header, *lines = read(export(client, APPLICATIONS, fmt, status="in_review"))

    assert header == APPLICATION_HEADER
    assert sorted(line[1] for line in lines) == sorted(a.student.email for a in wanted)
    assert {(line[5], line[6], line[7], line[8]) for line in lines} == {
        ("Backend intern (Django)", "Codează Someș SRL", "Summer 2027", "In review")
    }


def test_the_export_follows_the_chosen_sort(client, staff, programme):
    factories.StudentFactory(programme=programme, user__last_name="Zamfir")
    factories.StudentFactory(programme=programme, user__last_name="Albu")
    client.force_login(staff)

    _, *by_name = csv_rows(export(client, STUDENTS, "csv"))
    _, *reversed_names = csv_rows(export(client, STUDENTS, "csv", sort="-name"))

    assert [line[0] for line in by_name] == ["Albu", "Zamfir"]
    assert [line[0] for line in reversed_names] == ["Zamfir", "Albu"]


# Formula injection -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_student_named_like_a_formula_is_exported_as_text(client, staff, placement, fmt):
    formula = '=HYPERLINK("http://evil.example","click")'
    student = factories.StudentFactory(
        programme=placement.programmes.first(), user__first_name=formula, user__last_name="@x"
    ).user
    factories.ApplicationFactory(placement=placement, student=student)
    client.force_login(staff)

    read = csv_rows if fmt == "csv" else xlsx_rows
    _, student_line = read(export(client, STUDENTS, fmt))
    _, application_line = read(export(client, APPLICATIONS, fmt))

    assert student_line[0] == neutral("@x", fmt)
    assert student_line[1] == neutral(formula, fmt)
    assert application_line[0] == neutral(formula + " @x", fmt)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_organisation_named_like_a_formula_is_exported_as_text(client, staff, fmt):
    factories.OrganisationFactory(legal_name="+cmd|' /C calc'!A0")
    factories.PlacementFactory(
        organisation=factories.OrganisationFactory(legal_name="-2+3 SRL"), title="=1+1"
    )
    client.force_login(staff)

    read = csv_rows if fmt == "csv" else xlsx_rows
    _, *organisations = read(export(client, ORGANISATIONS, fmt))
    _, placement_line = read(export(client, PLACEMENTS, fmt))

    assert sorted(line[0] for line in organisations) == sorted(
        [neutral("+cmd|' /C calc'!A0", fmt), neutral("-2+3 SRL", fmt)]
    )
    assert placement_line[:2] == [neutral("=1+1", fmt), neutral("-2+3 SRL", fmt)]


# Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [STUDENTS, ORGANISATIONS, PLACEMENTS, APPLICATIONS])
def test_no_file_is_made_from_filters_the_form_refuses(client, staff, application, url):
    client.force_login(staff)

    response = client.get(url, {"status": "zzz", "period": "abc", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Correct the filters below before exporting." in response.content.decode()


def test_an_unknown_format_shows_the_page(client, staff, application):
    client.force_login(staff)

    response = client.get(APPLICATIONS, {"export": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# Queries -----------------------------------------------------------------------------------


def _rows_for_every_list(n, programme, placement):
    for _ in range(n):
        membership = factories.MembershipFactory()
        other = factories.PlacementFactory(
            organisation=membership.organisation, period=placement.period, programmes=[programme]
        )
        factories.ApplicationFactory(placement=other)


@pytest.mark.parametrize("rows_count", [3, 30])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("url", "budget"),
    # One more each than the rows need: the line of the audit log that records the export.
    [(STUDENTS, 4), (ORGANISATIONS, 5), (PLACEMENTS, 5), (APPLICATIONS, 4)],
)
def test_each_export_needs_the_same_queries_for_3_or_30_rows(
    client,
    staff,
    programme,
    placement,
    rows_count,
    fmt,
    url,
    budget,
    django_assert_max_num_queries,
):
    _rows_for_every_list(rows_count, programme, placement)
    client.force_login(staff)

    with django_assert_max_num_queries(budget):
        response = export(client, url, fmt)
        lines = (csv_rows if fmt == "csv" else xlsx_rows)(response)

    assert len(lines) > rows_count


def test_a_phone_number_keeps_its_plus_in_the_xlsx(client, staff, student):
    StudentProfile.objects.filter(user=student).update(phone="+40 740 123 456")
    client.force_login(staff)

    _, line = xlsx_rows(export(client, STUDENTS, "xlsx"))

    assert "+40 740 123 456" in line


def test_an_organisation_registered_after_midnight_in_bucharest_is_of_that_day(db):
    """22:30 UTC on 4 March is 00:30 on 5 March in Bucharest."""
    from datetime import UTC, date, datetime

    from office.exports import ORGANISATION_COLUMNS
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    organisation.created_at = datetime(2026, 3, 4, 22, 30, tzinfo=UTC)
    registered = next(c for c in ORGANISATION_COLUMNS if str(c.header) == "Registered")

    assert registered.value(organisation) == date(2026, 3, 5)
