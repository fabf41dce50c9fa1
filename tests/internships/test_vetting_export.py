"""The vetting queue's file: one row per organisation of the chosen status, with its
identity, contacts, status and dates, and each check in words."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from internships.models import Report
from internships.services import suspend_organisation, verify_organisation
from tests.documents.test_certificates_export import csv_rows, xlsx_rows
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PAGE = reverse("staff_organisations")
HEADER = [
    "Legal name",
    "CUI",
    "Status",
    "Requested",
    "Status changed",
    "Sector",
    "County",
    "City",
    "Address",
    "Phone",
    "Website",
    "Contact person",
    "Contact e-mail",
    "Legal representative",
    "Administrators' e-mails",
    "CUI check digit",
    "E-mail domain matches the website",
    "No similar organisation",
    "Similar organisations",
    "Open reports",
]


@pytest.fixture(autouse=True)
def _language_restored():
    language = translation.get_language()
    yield
    translation.activate(language)


def pending_organisation(name, *, website="", email="", **kwargs):
    organisation = OrganisationFactory(legal_name=name, website=website, status="pending", **kwargs)
    if email:
        MembershipFactory(organisation=organisation, user=UserFactory(role="company", email=email))
    return organisation


@pytest.fixture
def nordic(db):
    return pending_organisation(
        "Nordic Soft SRL",
        website="https://www.nordicsoft.ro",
        email="ana@nordicsoft.ro",
        address="Str. Memorandumului 28",
        phone="0264 123 456",
        contact_name="Ana Pop",
        contact_email="contact@nordicsoft.ro",
        legal_representative="Ioan Pop",
    )


def export(client, fmt="csv", **filters):
    response = client.get(PAGE, {**filters, "export": fmt})
    return (xlsx_rows if fmt == "xlsx" else csv_rows)(response)


def page_names(client, **filters) -> list[str]:
    response = client.get(PAGE, filters)
    assert response.status_code == 200
    return [o.legal_name for o in response.context["page"].object_list]


@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon", "xlsx"])
def test_the_file_has_the_identity_contacts_and_each_check_in_words(
    client, staff, student, nordic, fmt
):
    Report.objects.create(reporter=student, organisation=nordic, reason="Cere bani")
    client.force_login(staff)

    header, row = export(client, fmt)

    assert header == HEADER
    assert row[:3] == ["Nordic Soft SRL", nordic.registration_number, "Awaiting verification"]
    assert row[5:] == [
        nordic.sector.name,
        nordic.county.name,
        "Cluj-Napoca",
        "Str. Memorandumului 28",
        "0264 123 456",
        "https://www.nordicsoft.ro",
        "Ana Pop",
        "contact@nordicsoft.ro",
        "Ioan Pop",
        "ana@nordicsoft.ro",
        "Passed",
        "Passed",
        "Passed",
        None if fmt == "xlsx" else "",
        1 if fmt == "xlsx" else "1",
    ]
    today = timezone.localdate()
    assert row[3] == (today.isoformat() if fmt != "xlsx" else row[3])
    if fmt == "xlsx":
        assert row[3].date() == today


def test_failed_and_unchecked_checks_say_so(client, staff, nordic):
    twin = pending_organisation(
        "Nordic Soft Solutions SRL",
        website="https://nordicsoft.ro/contact",
        email="office@gmail.com",
        registration_number="12345678",
    )
    bare = pending_organisation("Atelierul Verde SRL")
    client.force_login(staff)

    header, *rows = export(client)

    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name[twin.legal_name]["CUI check digit"] == "Failed"
    assert by_name[twin.legal_name]["E-mail domain matches the website"] == "Failed"
    assert by_name[twin.legal_name]["No similar organisation"] == "Failed"
    assert "Nordic Soft SRL" in by_name[twin.legal_name]["Similar organisations"]
    assert by_name[bare.legal_name]["E-mail domain matches the website"] == "Not checked"
    assert by_name[bare.legal_name]["No similar organisation"] == "Passed"


def test_the_status_change_date_is_the_last_decision(client, staff, nordic):
    verify_organisation(organisation=nordic, by=staff)
    client.force_login(staff)

    header, row = export(client, "csv", status="verified")

    assert row[2] == "Verified"
    assert row[4] == timezone.localdate().isoformat()


def test_a_romanian_reader_gets_the_header_in_romanian(client, staff, nordic):
    staff.language = "ro"
    staff.save(update_fields=["language"])
    client.force_login(staff)

    header, row = export(client, "csv")

    assert header[:3] == ["Denumire legală", "CUI", "Stare"]
    assert row[2] == "În așteptarea verificării"
    with translation.override("ro"):
        from internships.vetting_exports import VETTING_COLUMNS

        assert header == [str(column.header) for column in VETTING_COLUMNS]


def test_the_rows_of_the_file_are_the_pages_rows_for_each_status(client, staff, nordic):
    verified = OrganisationFactory(legal_name="Verificat SRL")
    suspended = OrganisationFactory(legal_name="Suspendat SRL")
    suspend_organisation(organisation=suspended, by=staff, note="Fals")
    client.force_login(staff)

    for status in ["", "pending", "verified", "suspended", "all"]:
        header, *rows = export(client, "csv", status=status)
        assert [row[0] for row in rows] == page_names(client, status=status), status

    assert page_names(client) == ["Nordic Soft SRL"]
    assert page_names(client, status="verified") == [verified.legal_name]
    assert set(page_names(client, status="all")) >= {
        "Nordic Soft SRL",
        verified.legal_name,
        suspended.legal_name,
    }


def test_an_empty_queue_gives_the_header_row_only(client, staff):
    client.force_login(staff)

    assert export(client, "xlsx") == [HEADER]


def test_an_invalid_status_shows_the_page_with_its_error_and_no_file(client, staff, nordic):
    client.force_login(staff)

    response = client.get(PAGE, {"status": "zzz", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "Correct the filters below before exporting." in content
    assert "export=xlsx" not in content


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_forbidden_the_file(client, request, role, nordic):
    client.force_login(request.getfixturevalue(role))

    assert client.get(PAGE, {"export": "csv"}).status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_the_file_needs_the_same_queries_for_3_or_30_organisations(
    client, staff, rows, django_assert_max_num_queries
):
    for n in range(rows):
        pending_organisation(
            f"Firma {n} SRL", website=f"https://firma{n}.ro", email=f"a@firma{n}.ro"
        )
    client.force_login(staff)

    with django_assert_max_num_queries(8):
        response = client.get(PAGE, {"export": "xlsx"})

    assert len(xlsx_rows(response)) == rows + 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_page_needs_the_same_queries_for_3_or_30_organisations(
    client, staff, rows, django_assert_max_num_queries
):
    for n in range(rows):
        pending_organisation(
            f"Firma {n} SRL", website=f"https://firma{n}.ro", email=f"a@firma{n}.ro"
        )
    client.force_login(staff)

    with django_assert_max_num_queries(10):
        response = client.get(PAGE)

    assert len(response.context["page"]) == min(rows, 20)
    assert isinstance(response.context["page"][0].created_at.date(), date)


def test_the_status_change_date_ignores_events_that_change_no_status(client, staff, nordic):
    from datetime import timedelta

    import time_machine

    from notifications.services import record_event

    decided = timezone.now() - timedelta(days=10)
    with time_machine.travel(decided, tick=False):
        verify_organisation(organisation=nordic, by=staff)
    record_event(nordic, by=staff, action="note", note="Called the administrator.")
    client.force_login(staff)

    header, row = export(client, "csv", status="verified")

    assert row[4] == timezone.localdate(decided).isoformat()
