"""The exports' complete columns: one known row of each, the header in both languages, the
file's rows equal to the list's rows across filters, a host's export of its interns without
the university's columns, and the staff internships list's search and sort."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organisation, StudentProfile
from documents.models import Certificate
from internships.exports import APPLICANT_COLUMNS
from internships.models import Agreement, Internship
from mentors.exports import INTERNSHIP_COLUMNS
from mentors.models import AcademicResult, Evaluation
from office.exports import (
    APPLICATION_COLUMNS,
    ORGANISATION_COLUMNS,
    PLACEMENT_COLUMNS,
    STUDENT_COLUMNS,
)
from tests import factories
from tests.office.test_exports import csv_rows, xlsx_rows

STAFF_INTERNSHIPS = reverse("staff_internships")
STUDENTS = reverse("staff_students")
ORGANISATIONS = reverse("staff_organisation_directory")
PLACEMENTS = reverse("staff_placements")
APPLICATIONS = reverse("staff_applications")
HOST_INTERNS = reverse("company_internships")
HOST_APPLICANTS = reverse("export_applicants")

# What a host organisation's file of its interns leaves out (mentors/exports.py says why):
# the university's records, and what its page gives the host tutor or the mentors only.
UNIVERSITY_ONLY = [
    "Student's phone",
    "Student number",
    "Year",
    "Academic supervisor's e-mail",
    "Academic supervisor's phone",
    "Mid-term evaluation",
    "Final evaluation",
    "Self-evaluation",
    "Rating of the host",
    "Certificate serial",
    "Reason for ending early",
]


def headers(columns, language="en") -> list[str]:
    with translation.override(language):
        return [str(column.header) for column in columns]


def cells(header, line) -> dict:
    return dict(zip(header, line, strict=True))


def in_romanian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"


def when(day: int) -> datetime:
    return datetime(2027, 7, day, 9, 0, tzinfo=UTC)


@pytest.fixture
def full_internship(internship, staff, host_tutor, supervisor, student):
    """An internship with every column filled: contacts, agreement, evaluations, result,
    certificate."""
    StudentProfile.objects.filter(user=student).update(
        phone="+40 740 000 111", student_number="IE-2031", year_of_study=3
    )
    Organisation.objects.filter(pk=internship.organisation_id).update(
        address="Str. Memorandumului 28",
        city="Cluj-Napoca",
        phone="0264 000 222",
        contact_name="Irina Pop",
        contact_email="hr@codeaza.ro",
    )
    host_tutor.mentor_profile.phone = "0722 000 333"
    host_tutor.mentor_profile.save()
    supervisor.mentor_profile.phone = "0264 000 444"
    supervisor.mentor_profile.save()
    Agreement.objects.filter(internship=internship).update(
        student_confirmed_at=when(1),
        organisation_confirmed_at=when(2),
        university_confirmed_at=when(3),
    )
    Evaluation.objects.create(
        internship=internship, kind="midterm", author=host_tutor, status="submitted"
    )
    Evaluation.objects.create(internship=internship, kind="final", author=host_tutor)
    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=6, recorded_by=supervisor
    )
    Internship.objects.filter(pk=internship.pk).update(
        status="completed", completed_at=when(20), termination_reason=""
    )
    Certificate.objects.create(
        internship=internship,
        serial="2027-000042",
        code="c0de42",
        pdf_ro="ro.pdf",
        pdf_en="en.pdf",
        sha256_ro="a" * 64,
        sha256_en="b" * 64,
        issued_by=staff,
    )
    factories.LogbookEntryFactory(internship=internship, hours=6, status="approved")
    return internship


# Internships ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_internships_export_has_one_known_row_with_every_column(
    client, staff, full_internship, student, host_tutor, supervisor, fmt
):
    client.force_login(staff)

    header, line = (csv_rows if fmt == "csv" else xlsx_rows)(
        client.get(STAFF_INTERNSHIPS, {"export": fmt})
    )

    assert header == headers(INTERNSHIP_COLUMNS)
    row = cells(header, line)
    typed = fmt == "xlsx"
    assert row["Student"] == student.get_full_name()
    assert row["Student's phone"] == ("+40 740 000 111" if typed else "'+40 740 000 111")
    assert row["Student number"] == "IE-2031"
    assert row["Programme"] == "Computer Science"
    assert row["Year"] == (3 if typed else "3")
    assert row["CUI"] == full_internship.organisation.registration_number
    assert row["Organisation's address"].startswith("Str. Memorandumului 28, Cluj-Napoca, ")
    assert (row["Contact person"], row["Organisation's phone"], row["Contact e-mail"]) == (
        "Irina Pop",
        "0264 000 222",
        "hr@codeaza.ro",
    )
    assert row["Host tutor's phone"] == "0722 000 333"
    assert row["Academic supervisor"] == supervisor.get_full_name()
    assert row["Academic supervisor's phone"] == "0264 000 444"
    assert row["Host tutor's e-mail"] == host_tutor.email
    assert row["Agreement"] == "Confirmed by all three"
    confirmed = [row[f"Confirmed by the {party}"] for party in ("student", "host", "university")]
    completed = row["Completed"]
    if typed:
        confirmed = [moment.date() for moment in confirmed]
        completed = completed.date()
        assert row["Approved hours"] == 6
    else:
        confirmed = [date.fromisoformat(day) for day in confirmed]
        completed = date.fromisoformat(completed)
        assert Decimal(row["Approved hours"]) == 6
    assert confirmed == [date(2027, 7, 1), date(2027, 7, 2), date(2027, 7, 3)]
    assert completed == date(2027, 7, 20)
    assert (row["Mid-term evaluation"], row["Final evaluation"], row["Self-evaluation"]) == (
        "Submitted",
        "Draft",
        None if typed else "",
    )
    assert row["Grade"] == (9 if typed else "9")
    assert row["Passed"] == "Yes"
    assert row["Status"] == "Completed"
    assert row["Certificate serial"] == "2027-000042"


def test_a_revoked_certificate_and_a_missing_agreement_leave_those_cells_empty(
    client, staff, organisation
):
    placement = factories.PlacementFactory(organisation=organisation)
    application = factories.ApplicationFactory(placement=placement, status="accepted")
    internship = factories.InternshipFactory(application=application, agreement=False)
    Certificate.objects.create(
        internship=internship,
        serial="2027-000001",
        code="gone",
        pdf_ro="ro.pdf",
        pdf_en="en.pdf",
        sha256_ro="a" * 64,
        sha256_en="b" * 64,
        issued_by=staff,
        revoked_at=timezone.now(),
        revoked_by=staff,
        revocation_reason="Wrong dates",
    )
    client.force_login(staff)

    header, line = csv_rows(client.get(STAFF_INTERNSHIPS, {"export": "csv"}))

    row = cells(header, line)
    assert row["Agreement"] == "Not started"
    assert row["Certificate serial"] == ""
    assert row["Confirmed by the student"] == ""


def test_the_internships_header_is_in_romanian_for_a_romanian_reader(
    client, staff, full_internship
):
    client.force_login(staff)
    in_romanian(client)

    header, _ = csv_rows(client.get(STAFF_INTERNSHIPS, {"export": "csv"}))

    assert header == headers(INTERNSHIP_COLUMNS, "ro")
    assert {"Număr matricol", "Stare", "Convenția", "Ore aprobate"} <= set(header)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_full_internships_export_needs_the_same_queries_for_3_or_30_rows(
    client, staff, organisation, host_tutor, supervisor, rows, django_assert_num_queries
):
    for _ in range(rows):
        placement = factories.PlacementFactory(organisation=organisation)
        application = factories.ApplicationFactory(placement=placement, status="accepted")
        internship = factories.InternshipFactory(
            application=application, host_tutor=host_tutor, academic_supervisor=supervisor
        )
        Evaluation.objects.create(internship=internship, kind="midterm", author=host_tutor)
        AcademicResult.objects.create(
            internship=internship, grade=8, passed=True, credits=6, recorded_by=supervisor
        )
    client.force_login(staff)

    # session, user, the rows, their evaluations, their certificates, the audit log's
    # INSERT: exactly these, for 3 rows as for 30
    with django_assert_num_queries(6):
        _, *lines = xlsx_rows(client.get(STAFF_INTERNSHIPS, {"export": "xlsx"}))

    assert len(lines) == rows


# The file's rows are the list's rows ------------------------------------------------------


def _page_and_file(client, url, filters, key, column):
    """The list's rows (by `key` of each object) and the file's (by `column`), in order."""
    page = client.get(url, filters)
    assert page.status_code == 200
    listed = [key(item) for item in page.context["page"].object_list]
    assert page.context["page"].paginator.num_pages == 1
    header, *lines = csv_rows(client.get(url, {**filters, "export": "csv"}))
    return listed, [cells(header, line)[column] for line in lines]


def _interns(organisation, other, programme, mathematics):
    for status, host, subject in [
        ("active", organisation, programme),
        ("active", other, mathematics),
        ("completed", organisation, mathematics),
        ("planned", other, programme),
        ("terminated", organisation, programme),
    ]:
        student = factories.StudentFactory(programme=subject).user
        placement = factories.PlacementFactory(organisation=host)
        application = factories.ApplicationFactory(
            placement=placement, student=student, status="accepted"
        )
        factories.InternshipFactory(application=application, status=status)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "active"},
        {"programme": "MATHS"},
        {"organisation": "Alt Nume"},
        {"status": "active", "programme": "INFO", "sort": "name"},
        {"sort": "-name"},
        {"sort": "organisation"},
        {"sort": "ends_on"},
        {"sort": "hours"},
    ],
)
def test_the_internships_file_has_the_lists_rows_in_its_order(
    client, staff, organisation, programme, filters
):
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATHS")
    other = factories.OrganisationFactory(legal_name="Alt Nume SRL")
    _interns(organisation, other, programme, mathematics)
    codes = {"MATHS": mathematics.pk, "INFO": programme.pk}
    filters = {k: codes.get(v, v) if k == "programme" else v for k, v in filters.items()}
    client.force_login(staff)

    listed, exported = _page_and_file(
        client, STAFF_INTERNSHIPS, filters, lambda i: i.student.email, "E-mail"
    )

    assert listed == exported
    assert listed


@pytest.mark.parametrize(
    "filters", [{}, {"placed": "yes"}, {"placed": "no"}, {"programme": "INFO", "sort": "-name"}]
)
def test_the_students_file_has_the_lists_rows(client, staff, organisation, programme, filters):
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATHS")
    _interns(organisation, factories.OrganisationFactory(), programme, mathematics)
    factories.StudentFactory(programme=programme)
    filters = {k: programme.pk if v == "INFO" else v for k, v in filters.items()}
    client.force_login(staff)

    listed, exported = _page_and_file(client, STUDENTS, filters, lambda u: u.email, "E-mail")

    assert listed == exported
    assert listed


@pytest.mark.parametrize("filters", [{}, {"status": "closed"}, {"sort": "title"}])
def test_the_placements_file_has_the_lists_rows(client, staff, organisation, period, filters):
    for n in range(4):
        factories.PlacementFactory(
            organisation=organisation,
            period=period,
            title=f"Post {n}",
            status="closed" if n % 2 else "published",
        )
    client.force_login(staff)

    listed, exported = _page_and_file(client, PLACEMENTS, filters, lambda p: p.title, "Title")

    assert listed == exported
    assert listed


@pytest.mark.parametrize("filters", [{}, {"status": "pending"}, {"sort": "-name"}])
def test_the_organisations_file_has_the_lists_rows(client, staff, filters):
    for n in range(4):
        factories.OrganisationFactory(status="pending" if n % 2 else "verified")
    client.force_login(staff)

    listed, exported = _page_and_file(
        client, ORGANISATIONS, filters, lambda o: o.legal_name, "Legal name"
    )

    assert listed == exported
    assert listed


@pytest.mark.parametrize("filters", [{}, {"status": "in_review"}, {"sort": "student"}])
def test_the_applications_file_has_the_lists_rows(client, staff, placement, filters):
    for status in ("submitted", "in_review", "in_review", "rejected"):
        factories.ApplicationFactory(placement=placement, status=status)
    client.force_login(staff)

    listed, exported = _page_and_file(
        client, APPLICATIONS, filters, lambda a: a.student.email, "E-mail"
    )

    assert listed == exported
    assert listed


# Students, placements, organisations, applications: the new columns --------------------------


def test_a_placed_students_row_names_the_placement_host_and_tutor(
    client, staff, internship, student, host_tutor
):
    client.force_login(staff)

    header, line = csv_rows(client.get(STUDENTS, {"export": "csv", "placed": "yes"}))

    assert header == headers(STUDENT_COLUMNS)
    row = cells(header, line)
    assert (
        row["Placement"],
        row["Host organisation"],
        row["Host tutor"],
        row["Host tutor's e-mail"],
    ) == (
        "Backend intern (Django)",
        "Codează Someș SRL",
        host_tutor.get_full_name(),
        host_tutor.email,
    )


def test_a_student_whose_internship_ended_early_is_not_shown_as_placed_there(
    client, staff, internship
):
    Internship.objects.filter(pk=internship.pk).update(status="terminated")
    client.force_login(staff)

    header, line = csv_rows(client.get(STUDENTS, {"export": "csv"}))

    assert cells(header, line)["Placement"] == ""


def test_a_completed_internship_is_not_the_current_placement_without_a_period(
    client, staff, internship, student
):
    Internship.objects.filter(pk=internship.pk).update(status="completed")
    client.force_login(staff)

    header, line = csv_rows(client.get(STUDENTS, {"export": "csv"}))
    _, in_period = csv_rows(client.get(STUDENTS, {"export": "csv", "period": internship.period_id}))

    assert cells(header, line)["Placement"] == ""
    assert cells(header, in_period)["Placement"] == "Backend intern (Django)"


@pytest.mark.parametrize("status", ["planned", "active"])
def test_a_planned_or_active_internship_is_the_current_placement(client, staff, internship, status):
    Internship.objects.filter(pk=internship.pk).update(status=status)
    client.force_login(staff)

    header, line = csv_rows(client.get(STUDENTS, {"export": "csv"}))

    assert cells(header, line)["Placement"] == "Backend intern (Django)"


def test_positions_filled_count_the_seats_accepting_an_offer_counts(
    client, staff, internship, placement
):
    from internships.queries import seats_taken

    type(placement).objects.filter(pk=placement.pk).update(positions=2)
    # an accepted application whose internship ended early still holds its seat
    Internship.objects.filter(pk=internship.pk).update(status="terminated")
    factories.ApplicationFactory(placement=placement, status="accepted")
    client.force_login(staff)

    header, line = csv_rows(client.get(PLACEMENTS, {"export": "csv"}))

    row = cells(header, line)
    assert seats_taken().filter(placement=placement).count() == 2
    assert (row["Positions filled"], row["Positions open"]) == ("2", "0")


def test_a_placements_row_has_its_tutor_programmes_stipend_and_positions(
    client, staff, internship, placement, host_tutor, programme
):
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATHS")
    placement.programmes.add(mathematics)
    type(placement).objects.filter(pk=placement.pk).update(
        host_tutor=host_tutor, is_paid=True, stipend=Decimal("1500.00"), positions=3
    )
    client.force_login(staff)

    header, line = csv_rows(client.get(PLACEMENTS, {"export": "csv"}))

    assert header == headers(PLACEMENT_COLUMNS)
    row = cells(header, line)
    assert row["Host tutor"] == host_tutor.get_full_name()
    assert row["Host tutor's e-mail"] == host_tutor.email
    assert row["Eligible programmes"] == "Computer Science; Mathematics"
    assert row["Monthly stipend (RON)"] == "1500.00"
    assert (row["Positions"], row["Positions filled"], row["Positions open"]) == ("3", "1", "2")


def test_an_organisations_row_has_its_contacts(client, staff):
    factories.OrganisationFactory(
        legal_name="Contact SRL",
        address="Str. Lungă 1",
        phone="0264 111 222",
        contact_name="Ioana Pop",
        contact_email="ioana@contact.ro",
        legal_representative="Mihai Rus",
        legal_representative_function="Administrator",
    )
    client.force_login(staff)

    header, line = csv_rows(client.get(ORGANISATIONS, {"export": "csv"}))

    assert header == headers(ORGANISATION_COLUMNS)
    row = cells(header, line)
    assert [
        row[k]
        for k in (
            "Address",
            "Phone",
            "Contact person",
            "Contact e-mail",
            "Legal representative",
            "Legal representative's function",
        )
    ] == [
        "Str. Lungă 1",
        "0264 111 222",
        "Ioana Pop",
        "ioana@contact.ro",
        "Mihai Rus",
        "Administrator",
    ]


def test_an_applications_row_has_the_students_phone(client, staff, application, student):
    StudentProfile.objects.filter(user=student).update(phone="0740 555 666")
    client.force_login(staff)

    header, line = csv_rows(client.get(APPLICATIONS, {"export": "csv"}))

    assert header == headers(APPLICATION_COLUMNS)
    assert cells(header, line)["Student's phone"] == "0740 555 666"


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        (STUDENTS, STUDENT_COLUMNS),
        (ORGANISATIONS, ORGANISATION_COLUMNS),
        (PLACEMENTS, PLACEMENT_COLUMNS),
        (APPLICATIONS, APPLICATION_COLUMNS),
    ],
)
def test_each_staff_header_is_in_romanian_for_a_romanian_reader(
    client, staff, application, url, columns
):
    client.force_login(staff)
    in_romanian(client)

    header, *_ = csv_rows(client.get(url, {"export": "csv"}))

    assert header == headers(columns, "ro")
    assert header != headers(columns)


# A host organisation's files ------------------------------------------------------------


def test_a_hosts_applicants_file_has_the_students_phone(
    client, company_admin, application, student
):
    StudentProfile.objects.filter(user=student).update(phone="0740 555 777")
    client.force_login(company_admin)

    header, line = csv_rows(client.get(HOST_APPLICANTS, {"export": "csv"}))

    assert header == headers(APPLICANT_COLUMNS)
    assert cells(header, line)["Student's phone"] == "0740 555 777"


def test_a_hosts_applicants_header_is_in_romanian(client, company_admin, application):
    client.force_login(company_admin)
    in_romanian(client)

    header, _ = csv_rows(client.get(HOST_APPLICANTS, {"export": "csv"}))

    assert header == headers(APPLICANT_COLUMNS, "ro")
    assert "Program de studii" in header


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("member", ["company_admin", "recruiter"])
def test_a_host_exports_its_interns_without_the_universitys_columns(
    client, request, member, full_internship, other_internship, student, supervisor, fmt
):
    client.force_login(request.getfixturevalue(member))

    header, *lines = (csv_rows if fmt == "csv" else xlsx_rows)(
        client.get(HOST_INTERNS, {"export": fmt})
    )

    assert header == [h for h in headers(INTERNSHIP_COLUMNS) if h not in UNIVERSITY_ONLY]
    assert len(lines) == 1  # not the other organisation's intern
    row = cells(header, lines[0])
    assert row["E-mail"] == student.email
    assert row["Agreement"] == "Confirmed by all three"
    assert row["Grade"] == (9 if fmt == "xlsx" else "9")  # the result: as its page shows
    assert "IE-2031" not in lines[0]
    assert "2027-000042" not in lines[0]
    for withheld in ("+40 740 000 111", "0264 000 444", supervisor.email, "Submitted"):
        assert all(withheld not in str(cell) for cell in lines[0])


def test_a_hosts_interns_header_is_in_romanian(client, company_admin, full_internship):
    client.force_login(company_admin)
    in_romanian(client)

    header, _ = csv_rows(client.get(HOST_INTERNS, {"export": "csv"}))

    with translation.override("ro"):
        hidden = {str(c.header) for c in INTERNSHIP_COLUMNS if c.visible is not None}
    assert header == [h for h in headers(INTERNSHIP_COLUMNS, "ro") if h not in hidden]
    assert "Număr matricol" not in header
    assert "Stare" in header


def test_a_supervisor_may_see_the_university_columns(full_internship, supervisor, host_tutor):
    from core.exports import columns_for

    for_supervisor = [c.key for c in columns_for(INTERNSHIP_COLUMNS, supervisor)]
    for_tutor = [c.key for c in columns_for(INTERNSHIP_COLUMNS, host_tutor)]

    assert "student-number" in for_supervisor and "student-number" not in for_tutor
    assert "student-phone" in for_tutor and "student-phone" not in for_supervisor
    assert "midterm" in for_tutor and "grade" in for_tutor


def test_staff_get_every_internship_column(staff):
    from core.exports import columns_for

    assert columns_for(INTERNSHIP_COLUMNS, staff) == INTERNSHIP_COLUMNS


def test_without_a_reader_only_the_columns_everyone_may_have_are_given():
    from core.exports import columns_for

    keys = [c.key for c in columns_for(INTERNSHIP_COLUMNS, None)]

    assert "grade" in keys and "student" in keys
    for withheld in ("student-phone", "student-number", "midterm", "certificate-serial"):
        assert withheld not in keys


@pytest.mark.parametrize("role", ["student", "host_tutor", "staff"])
def test_only_a_host_organisation_exports_its_interns_there(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(HOST_INTERNS, {"export": "csv"}).status_code == 403


def test_a_host_without_interns_gets_a_file_with_the_header_row(client, company_admin):
    client.force_login(company_admin)

    header, *lines = csv_rows(client.get(HOST_INTERNS, {"export": "csv"}))

    assert header[0] == "Student"
    assert lines == []


@pytest.mark.parametrize("rows", [3, 30])
def test_the_hosts_interns_export_needs_the_same_queries_for_3_or_30_rows(
    client, company_admin, organisation, rows, django_assert_num_queries
):
    for _ in range(rows):
        placement = factories.PlacementFactory(organisation=organisation)
        application = factories.ApplicationFactory(placement=placement, status="accepted")
        factories.InternshipFactory(application=application)
    client.force_login(company_admin)

    # session, user, membership, the rows, their evaluations, their certificates, the
    # audit log's INSERT: exactly these, for 3 rows as for 30
    with django_assert_num_queries(7):
        _, *lines = csv_rows(client.get(HOST_INTERNS, {"export": "csv"}))

    assert len(lines) == rows


def test_the_hosts_interns_page_offers_the_files(client, company_admin, internship):
    client.force_login(company_admin)

    page = client.get(HOST_INTERNS).content.decode()

    assert "export=xlsx" in page
    assert "export=csv-semicolon" in page


# The staff internships list: search, sort, "Any" ------------------------------------------


def test_the_staff_internships_list_finds_a_student_by_name_without_diacritics(
    client, staff, internship, other_student, placement
):
    application = factories.ApplicationFactory(
        placement=placement, student=other_student, status="accepted"
    )
    theirs = factories.InternshipFactory(application=application)
    client.force_login(staff)

    found = client.get(STAFF_INTERNSHIPS, {"q": "turcanu"}).context["page"].object_list

    assert list(found) == [theirs]


def test_the_staff_internships_list_finds_a_student_by_number_and_email(
    client, staff, internship, student
):
    StudentProfile.objects.filter(user=student).update(student_number="IE-7777")
    client.force_login(staff)

    by_number = client.get(STAFF_INTERNSHIPS, {"q": "ie-7777"}).context["page"].object_list
    by_email = client.get(STAFF_INTERNSHIPS, {"q": student.email}).context["page"].object_list
    nobody = client.get(STAFF_INTERNSHIPS, {"q": "zzzz"}).context["page"].object_list

    assert list(by_number) == [internship]
    assert list(by_email) == [internship]
    assert list(nobody) == []


def test_an_unknown_sort_is_refused_with_a_message_and_no_file(client, staff, internship):
    client.force_login(staff)

    response = client.get(STAFF_INTERNSHIPS, {"sort": "password", "export": "csv"})

    assert response["Content-Type"].startswith("text/html")
    assert "Correct the filters below before exporting." in response.content.decode()


def test_every_choice_filter_of_the_staff_internships_list_says_any(client, staff, internship):
    client.force_login(staff)

    form = client.get(STAFF_INTERNSHIPS).context["filter"].form

    for name in ("period", "status", "programme", "supervisor", "host_tutor"):
        assert list(form.fields[name].choices)[0][1] == "Any", name
    assert list(form.fields["sort"].choices)[0][0] == "-starts_on"
