from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.office.test_exports import csv_rows, xlsx_rows

STAFF_LIST = reverse("staff_internships")
HEADER = [
    "Student",
    "E-mail",
    "Student's phone",
    "Student number",
    "Programme",
    "Year",
    "Organisation",
    "CUI",
    "Organisation's address",
    "Contact person",
    "Organisation's phone",
    "Contact e-mail",
    "Placement",
    "Period",
    "Start date",
    "End date",
    "Status",
    "Host tutor",
    "Host tutor's e-mail",
    "Host tutor's phone",
    "Academic supervisor",
    "Academic supervisor's e-mail",
    "Academic supervisor's phone",
    "Required hours",
    "Approved hours",
    "Agreement",
    "Confirmed by the student",
    "Confirmed by the host",
    "Confirmed by the university",
    "Mid-term evaluation",
    "Final evaluation",
    "Self-evaluation",
    "Rating of the host",
    "Grade",
    "Passed",
    "Credits",
    "Completed",
    "Certificate serial",
    "Reason for ending early",
]


def cells(header, line) -> dict:
    """A row of the file by its column's header."""
    return dict(zip(header, line, strict=True))


def read(fmt):
    return csv_rows if fmt == "csv" else xlsx_rows


def intern_at(organisation, **kwargs):
    placement = factories.PlacementFactory(organisation=organisation)
    application = factories.ApplicationFactory(placement=placement, status="accepted")
    return factories.InternshipFactory(application=application, **kwargs)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, fmt):
    response = client.get(STAFF_LIST, {"export": fmt})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_other_roles_are_forbidden_the_export(client, request, role, fmt, internship):
    client.force_login(request.getfixturevalue(role))

    assert client.get(STAFF_LIST, {"export": fmt}).status_code == 403


def test_the_csv_has_every_column_staff_need(
    client, staff, student, internship, host_tutor, supervisor
):
    factories.LogbookEntryFactory(internship=internship, hours=6, status="approved")
    factories.LogbookEntryFactory(internship=internship, hours="1.5", status="approved")
    factories.LogbookEntryFactory(internship=internship, hours=8, status="submitted")
    client.force_login(staff)

    header, line = csv_rows(client.get(STAFF_LIST, {"export": "csv"}))

    assert header == HEADER
    row = cells(header, line)
    assert {k: row[k] for k in HEADER if k not in ("Approved hours", "Required hours")} | {
        "Approved hours": Decimal(row["Approved hours"])
    } == {
        "Student": student.get_full_name(),
        "E-mail": student.email,
        "Student's phone": student.student_profile.phone,
        "Student number": student.student_profile.student_number,
        "Programme": "Computer Science",
        "Year": str(student.student_profile.year_of_study or ""),
        "Organisation": "Codează Someș SRL",
        "CUI": internship.organisation.registration_number,
        "Organisation's address": row["Organisation's address"],
        "Contact person": internship.organisation.contact_name,
        "Organisation's phone": internship.organisation.phone,
        "Contact e-mail": internship.organisation.contact_email,
        "Placement": "Backend intern (Django)",
        "Period": "Summer 2027",
        "Start date": internship.starts_on.isoformat(),
        "End date": internship.ends_on.isoformat(),
        "Status": "Active",
        "Host tutor": host_tutor.get_full_name(),
        "Host tutor's e-mail": host_tutor.email,
        "Host tutor's phone": host_tutor.mentor_profile.phone,
        "Academic supervisor": supervisor.get_full_name(),
        "Academic supervisor's e-mail": supervisor.email,
        "Academic supervisor's phone": supervisor.mentor_profile.phone,
        "Approved hours": Decimal("7.5"),
        "Agreement": row["Agreement"],
        "Confirmed by the student": row["Confirmed by the student"],
        "Confirmed by the host": row["Confirmed by the host"],
        "Confirmed by the university": row["Confirmed by the university"],
        "Mid-term evaluation": "",
        "Final evaluation": "",
        "Self-evaluation": "",
        "Rating of the host": "",
        "Grade": "",
        "Passed": "",
        "Credits": "",
        "Completed": "",
        "Certificate serial": "",
        "Reason for ending early": "",
    }
    assert row["Required hours"] == "120"


def test_the_xlsx_keeps_dates_and_hours_typed(client, staff, internship):
    factories.LogbookEntryFactory(internship=internship, hours=6, status="approved")
    client.force_login(staff)

    header, line = xlsx_rows(client.get(STAFF_LIST, {"export": "xlsx"}))

    assert header == HEADER
    row = cells(header, line)
    assert row["Start date"].date() == internship.starts_on
    assert row["End date"].date() == internship.ends_on
    assert row["Approved hours"] == 6
    assert row["Required hours"] == 120


def test_an_internship_without_mentors_has_empty_mentor_cells(client, staff, organisation):
    intern_at(organisation)
    client.force_login(staff)

    header, line = csv_rows(client.get(STAFF_LIST, {"export": "csv"}))

    row = cells(header, line)
    mentors = [k for k in HEADER if k.startswith(("Host tutor", "Academic supervisor"))]
    assert [row[k] for k in mentors] == ["", "", "", "", "", ""]
    assert (row["Approved hours"], row["Required hours"]) == ("0", "120")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_has_exactly_the_filtered_internships_of_every_page(
    client, staff, organisation, fmt
):
    wanted = [intern_at(organisation) for _ in range(22)]
    intern_at(organisation, status="completed")
    intern_at(factories.OrganisationFactory(legal_name="Alt Nume SRL"))
    client.force_login(staff)

    header, *lines = read(fmt)(
        client.get(
            STAFF_LIST,
            {"organisation": organisation.pk, "status": "active", "export": fmt, "page": 2},
        )
    )

    assert header == HEADER
    assert sorted(line[1] for line in lines) == sorted(i.student.email for i in wanted)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_names_like_formulas_are_exported_as_text(client, staff, fmt):
    organisation = factories.OrganisationFactory(legal_name="+cmd SRL")
    tutor = factories.MentorFactory(organisation=organisation, user__first_name="=HYPERLINK(1)")
    placement = factories.PlacementFactory(organisation=organisation, title="@SUM(A1)")
    student = factories.StudentFactory(
        programme=placement.programmes.first(), user__first_name='=HYPERLINK("x")'
    ).user
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    factories.InternshipFactory(application=application, host_tutor=tutor.user)
    client.force_login(staff)

    header, line = read(fmt)(client.get(STAFF_LIST, {"export": fmt}))

    prefix = "'" if fmt == "csv" else ""  # XLSX keeps the text as a text cell instead
    row = cells(header, line)
    assert row["Student"] == prefix + student.get_full_name()
    assert row["Organisation"] == prefix + "+cmd SRL"
    assert row["Placement"] == prefix + "@SUM(A1)"
    assert row["Host tutor"] == prefix + tutor.user.get_full_name()


def test_no_file_is_made_from_filters_the_form_refuses(client, staff, internship):
    client.force_login(staff)

    response = client.get(STAFF_LIST, {"status": "zzz", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Correct the filters below before exporting." in response.content.decode()


def test_the_page_itself_is_unchanged_without_export(client, staff, internship):
    client.force_login(staff)

    response = client.get(STAFF_LIST)

    assert response.status_code == 200
    assert list(response.context["page"]) == [internship]
    assert list(response.context["supervisors"])


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_needs_the_same_queries_for_3_or_30_rows(
    client, staff, organisation, rows, fmt, django_assert_max_num_queries
):
    supervisor = factories.MentorFactory(kind="supervisor", organisation=None).user
    for _ in range(rows):
        intern_at(organisation, academic_supervisor=supervisor)
    client.force_login(staff)

    # session, user, the rows, their evaluations and certificates, and the audit log's line
    with django_assert_max_num_queries(6):
        _, *lines = read(fmt)(client.get(STAFF_LIST, {"status": "active", "export": fmt}))

    assert len(lines) == rows


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["active", "completed", "planned", "terminated"]),
        # Activ, Încheiat, Întrerupt, Planificat (î after i): the label read, not the code
        ("ro", ["active", "completed", "terminated", "planned"]),
    ],
)
def test_sorting_by_status_follows_the_labels_in_the_readers_language(
    client, staff, organisation, language, expected
):
    from django.conf import settings

    for status in ("terminated", "planned", "completed", "active"):
        intern_at(organisation, status=status)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(staff)

    response = client.get(STAFF_LIST, {"sort": "status"})
    assert [i.status for i in response.context["page"].object_list] == expected
