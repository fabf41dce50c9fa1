"""The staff certificates list: its filters and its file (CSV and XLSX) of every filtered
certificate, in the page's order."""

import csv
import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Certificate
from tests import factories

PAGE = reverse("staff_certificates")
HEADER = [
    "Serial number",
    "Student",
    "E-mail",
    "Student number",
    "Programme",
    "Organisation",
    "Placement",
    "Period",
    "Start date",
    "End date",
    "Issued",
    "Status",
    "Revoked on",
    "Reason for revoking",
    "Replaced by",
    "Verification code",
    "Verification address",
]
ROMANIAN_START = ["Număr de serie", "Student", "E-mail", "Număr matricol", "Program de studii"]


@pytest.fixture(autouse=True)
def _language_restored():
    language = translation.get_language()
    yield
    translation.activate(language)


def body(response) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        with translation.override("en"):
            return b"".join(response.streaming_content)
    return response.content


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert sheet.auto_filter.ref
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


_serials = iter(range(1, 10_000))


def certificate(staff, *, internship=None, period=None, issued_at=None, **kwargs):
    if internship is None:
        placement = factories.PlacementFactory(period=period) if period else None
        application = factories.ApplicationFactory(
            **({"placement": placement} if placement else {}), status="accepted"
        )
        internship = factories.InternshipFactory(application=application, status="completed")
    number = next(_serials)
    return Certificate.objects.create(
        internship=internship,
        serial=f"PR-2027-{number:05d}",
        code=f"code{number:028d}",
        sha256_ro="0" * 64,
        sha256_en="0" * 64,
        issued_by=staff,
        issued_at=issued_at or timezone.now(),
        **kwargs,
    )


def export(client, fmt="csv", **filters):
    response = client.get(PAGE, {**filters, "export": fmt})
    return (xlsx_rows if fmt == "xlsx" else csv_rows)(response)


def page_serials(client, **filters) -> list[str]:
    response = client.get(PAGE, filters)
    assert response.status_code == 200
    return [c.serial for c in response.context["page"].object_list]


@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon", "xlsx"])
def test_the_file_has_every_column_and_a_known_rows_values(client, staff, internship, student, fmt):
    issued = certificate(staff, internship=internship)
    revoked = certificate(
        staff,
        internship=internship,
        issued_at=timezone.now() - timedelta(days=2),
        revoked_at=timezone.now() - timedelta(days=1),
        revoked_by=staff,
        revocation_reason="Numele greșit",
        replaced_by=issued,
    )
    client.force_login(staff)

    header, *rows = export(client, fmt, period=internship.period_id)

    assert header == HEADER
    assert [row[0] for row in rows] == [issued.serial, revoked.serial]
    row = rows[1]
    assert row[:8] == [
        revoked.serial,
        student.get_full_name(),
        student.email,
        student.student_profile.student_number,
        "Computer Science",
        "Codează Someș SRL",
        "Backend intern (Django)",
        "Summer 2027",
    ]
    assert row[11] == "Revoked"
    assert row[13] == "Numele greșit"
    assert row[14] == issued.serial
    assert row[15] == revoked.code
    assert row[16].endswith(f"/verify/{revoked.code}/")
    if fmt == "xlsx":
        assert row[8] == datetime.combine(internship.starts_on, datetime.min.time())
        assert isinstance(row[10], datetime) and isinstance(row[12], datetime)
    else:
        assert row[8] == internship.starts_on.isoformat()
        assert row[12] != ""
    assert rows[0][11] == "Valid" and rows[0][12] in ("", None)


def test_a_romanian_reader_gets_the_header_in_romanian(client, staff, internship):
    certificate(staff, internship=internship)
    staff.language = "ro"
    staff.save(update_fields=["language"])
    client.force_login(staff)

    header, row = export(client, "csv", period=internship.period_id)

    assert header[:5] == ROMANIAN_START
    assert row[11] == "Valabil"
    with translation.override("ro"):
        from documents.exports import CERTIFICATE_COLUMNS

        assert header == [str(column.header) for column in CERTIFICATE_COLUMNS]


def test_the_file_is_named_after_the_list_and_the_day(client, staff, internship):
    client.force_login(staff)

    response = client.get(PAGE, {"period": internship.period_id, "export": "xlsx"})

    day = timezone.localdate().isoformat()
    assert f'filename="certificates-{day}.xlsx"' in response["Content-Disposition"]


def test_the_rows_of_the_file_are_the_pages_rows_across_filters(client, staff, period):
    other_period = factories.PeriodFactory(name="Winter 2028")
    other_programme = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    now = timezone.now()
    certificates = [
        certificate(staff, period=period, issued_at=now - timedelta(days=10)),
        certificate(staff, period=period, issued_at=now - timedelta(days=5)),
        certificate(
            staff,
            period=other_period,
            issued_at=now - timedelta(days=1),
            revoked_at=now,
            revoked_by=staff,
            revocation_reason="Greșeală",
        ),
    ]
    student = certificates[1].internship.student
    student.student_profile.programme = other_programme
    student.student_profile.save()
    student.last_name = "Țăranu"
    student.save()
    client.force_login(staff)
    combinations = [
        {"period": ""},
        {"period": period.pk},
        {"period": other_period.pk},
        {"period": "", "status": "valid"},
        {"period": "", "status": "revoked"},
        {"period": "", "programme": other_programme.pk},
        {"period": "", "issued_from": (now - timedelta(days=6)).date().isoformat()},
        {"period": "", "issued_to": (now - timedelta(days=6)).date().isoformat()},
        {"period": "", "q": certificates[0].serial},
        {"period": "", "q": "taranu"},
        {"period": "", "q": "nobody"},
    ]

    for filters in combinations:
        header, *rows = export(client, "csv", **filters)
        assert [row[0] for row in rows] == page_serials(client, **filters), filters

    assert page_serials(client, period="") == [c.serial for c in reversed(certificates)]
    assert page_serials(client, period="", programme=other_programme.pk) == [certificates[1].serial]
    assert page_serials(client, period="", q="taranu") == [certificates[1].serial]


def test_without_filters_the_page_shows_the_latest_period_with_completed_internships(
    client, staff, period
):
    mine = certificate(staff, period=period)
    later = timezone.localdate() + timedelta(days=400)
    factories.PeriodFactory(name="Later", starts_on=later, ends_on=later + timedelta(days=60))
    client.force_login(staff)

    response = client.get(PAGE)

    assert response.context["period"] == period
    assert [c.serial for c in response.context["page"].object_list] == [mine.serial]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_empty_export_has_the_header_row_only(client, staff, period, fmt):
    client.force_login(staff)

    rows = export(client, fmt, period=period.pk, status="revoked")

    assert rows == [HEADER]


@pytest.mark.parametrize(
    "filters",
    [{"period": "abc"}, {"issued_from": "9999-99-99"}, {"status": "zzz"}, {"programme": "x"}],
)
def test_an_invalid_filter_shows_the_page_with_its_error_and_no_file(client, staff, filters):
    client.force_login(staff)

    response = client.get(PAGE, {**filters, "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "Correct the filters below before exporting." in content
    assert response.context["filter"].errors
    assert "?export=csv" not in content.replace("&amp;", "&")


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_forbidden_the_page_and_the_file(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"export": "csv"}).status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_the_file_needs_the_same_queries_for_3_or_30_certificates(
    client, staff, period, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        certificate(staff, period=period)
    client.force_login(staff)

    with django_assert_max_num_queries(8):
        response = client.get(PAGE, {"period": period.pk, "export": "xlsx"})

    assert len(xlsx_rows(response)) == rows + 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_needs_the_same_queries_for_3_or_30_certificates(
    client, staff, period, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        certificate(staff, period=period)
    client.force_login(staff)

    with django_assert_max_num_queries(11):
        response = client.get(PAGE, {"period": "", "status": "valid"})

    assert len(response.context["page"]) == min(rows, 20)
