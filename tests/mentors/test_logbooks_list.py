"""Every intern's logbook entries in one list (staff: all; a mentor: their interns'), with
its filters and its file of every filtered entry in the list's order."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.documents.test_certificates_export import csv_rows, xlsx_rows

PAGE = reverse("logbook_entries")
HEADER = [
    "Student",
    "E-mail",
    "Student number",
    "Programme",
    "Organisation",
    "Host tutor",
    "Academic supervisor",
    "Period",
    "Date",
    "Week",
    "Hours",
    "Activities",
    "Status",
    "Submitted",
    "Approved by",
    "Approved on",
    "Reason for returning",
]
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _language_restored():
    language = translation.get_language()
    yield
    translation.activate(language)


def entry(internship, days_ago, **kwargs):
    return factories.LogbookEntryFactory(
        internship=internship, date=TODAY() - timedelta(days=days_ago), **kwargs
    )


def export(client, fmt="csv", **filters):
    response = client.get(PAGE, {**filters, "export": fmt})
    return (xlsx_rows if fmt == "xlsx" else csv_rows)(response)


def page_ids(client, **filters) -> list[int]:
    response = client.get(PAGE, filters)
    assert response.status_code == 200
    return [e.pk for e in response.context["page"].object_list]


@pytest.fixture
def approved(internship, host_tutor):
    return entry(
        internship,
        3,
        hours=Decimal("7.5"),
        activities="=Am configurat CI-ul; Știință",
        status="approved",
        submitted_at=timezone.now() - timedelta(days=2),
        reviewed_by=host_tutor,
        reviewed_at=timezone.now() - timedelta(days=1),
    )


@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon", "xlsx"])
def test_the_file_has_one_row_per_entry_with_the_intern_and_the_review(
    client, staff, student, internship, host_tutor, supervisor, approved, fmt
):
    returned = entry(internship, 2, status="returned", review_comment="Detaliați, vă rog.")
    client.force_login(staff)

    header, *rows = export(client, fmt)

    assert header == HEADER
    assert len(rows) == 2
    first, second = rows
    assert second[:8] == [
        student.get_full_name(),
        student.email,
        student.student_profile.student_number,
        "Computer Science",
        "Codează Someș SRL",
        host_tutor.get_full_name(),
        supervisor.get_full_name(),
        "Summer 2027",
    ]
    year, week, _ = approved.date.isocalendar()
    assert second[9] == f"{year}-W{week:02d}"
    assert second[12] == "Approved"
    assert second[14] == host_tutor.get_full_name()
    assert second[16] in ("", None)
    assert first[12] == "Returned for changes"
    assert first[14] in ("", None) and first[15] in ("", None)
    assert first[16] == "Detaliați, vă rog."
    if fmt == "xlsx":
        assert second[8] == datetime.combine(approved.date, datetime.min.time())
        assert second[10] == 7.5
        assert second[11] == "=Am configurat CI-ul; Știință"
        assert isinstance(second[15], datetime)
    else:
        assert second[8] == approved.date.isoformat()
        assert second[10] == ("7,5" if fmt == "csv-semicolon" else "7.5")  # the Romanian mark
        assert second[11] == "'=Am configurat CI-ul; Știință"
    assert returned.pk


def test_a_romanian_reader_gets_the_header_in_romanian(client, staff, approved):
    staff.language = "ro"
    staff.save(update_fields=["language"])
    client.force_login(staff)

    header, row = export(client, "csv")

    assert header[:4] == ["Student", "E-mail", "Număr matricol", "Program de studii"]
    assert header[8:12] == ["Data", "Săptămâna", "Ore", "Activități"]
    assert row[12] == "Aprobată"
    with translation.override("ro"):
        from mentors.logbook_exports import LOGBOOK_ENTRY_COLUMNS

        assert header == [str(column.header) for column in LOGBOOK_ENTRY_COLUMNS]


def test_the_rows_of_the_file_are_the_lists_rows_across_filters(
    client, staff, internship, other_internship, supervisor, approved
):
    other_programme = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    profile = other_internship.student.student_profile
    profile.programme = other_programme
    profile.save()
    later_period = factories.PeriodFactory(name="Winter 2028")
    late = factories.InternshipFactory(
        application=factories.ApplicationFactory(
            placement=factories.PlacementFactory(period=later_period), status="accepted"
        )
    )
    entries = [
        approved,
        entry(internship, 10, status="submitted"),
        entry(other_internship, 5, status="draft"),
        entry(other_internship, 1, status="returned", review_comment="Mai mult"),
        entry(late, 4, status="submitted"),
    ]
    client.force_login(staff)
    tutor = other_internship.host_tutor
    combinations = [
        {},
        {"period": internship.period_id},
        {"period": later_period.pk},
        {"programme": other_programme.pk},
        {"organisation": "Codează"},
        {"organisation": other_internship.organisation.registration_number},
        {"host_tutor": tutor.email},
        {"supervisor": supervisor.pk},
        {"status": "submitted"},
        {"date_from": (TODAY() - timedelta(days=4)).isoformat()},
        {"date_to": (TODAY() - timedelta(days=4)).isoformat()},
        {"sort": "date"},
        {"sort": "student"},
        {"status": "approved", "period": internship.period_id, "sort": "date"},
    ]

    for filters in combinations:
        header, *rows = export(client, "xlsx", **filters)
        ids = page_ids(client, **filters)
        assert [(row[0], row[8].date()) for row in rows] == [
            (e.internship.student.get_full_name(), e.date)
            for e in sorted(entries, key=lambda e: ids.index(e.pk) if e.pk in ids else 99)
            if e.pk in ids
        ], filters
        assert len(rows) == len(ids)

    assert page_ids(client) == [e.pk for e in sorted(entries, key=lambda e: e.date, reverse=True)]
    assert page_ids(client, supervisor=supervisor.pk) == [entries[0].pk, entries[1].pk]
    assert page_ids(client, host_tutor=tutor.email) == [entries[3].pk, entries[2].pk]
    assert page_ids(client, programme=other_programme.pk) == [entries[3].pk, entries[2].pk]
    assert page_ids(client, period=later_period.pk) == [entries[4].pk]


def test_a_mentor_sees_only_their_interns_entries(
    client, host_tutor, supervisor, internship, other_internship, approved
):
    entry(other_internship, 2, status="submitted")

    for mentor in (host_tutor, supervisor):
        client.force_login(mentor)
        assert page_ids(client) == [approved.pk]
        header, *rows = export(client, "csv")
        assert len(rows) == 1
        assert "Student number" not in header


@pytest.mark.parametrize("role", ["student", "company_admin"])
def test_students_and_host_organisations_are_forbidden(client, request, role, approved):
    client.force_login(request.getfixturevalue(role))

    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"export": "csv"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "filters",
    [
        {"period": "abc"},
        {"date_from": "9999-99-99"},
        {"status": "zzz"},
        {"supervisor": "x"},
        {"sort": "zzz"},
    ],
)
def test_an_invalid_filter_shows_the_page_with_its_error_and_no_file(
    client, staff, approved, filters
):
    client.force_login(staff)

    response = client.get(PAGE, {**filters, "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Correct the filters below before exporting." in response.content.decode()
    assert response.context["filter"].errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_of_no_entries_has_the_header_row_only(client, staff, approved, fmt):
    client.force_login(staff)

    assert export(client, fmt, status="returned") == [HEADER]


def test_the_page_links_each_entry_to_the_interns_logbook_and_staff_have_it_in_the_menu(
    client, staff, internship, approved
):
    client.force_login(staff)

    content = client.get(PAGE).content.decode()

    assert reverse("logbook", args=[internship.pk]) in content
    assert f'href="{PAGE}"' in content
    assert "?export=xlsx" in content.replace("&amp;", "&")


def make_entries(rows):
    for _ in range(rows):
        internship = factories.InternshipFactory(
            host_tutor=factories.MentorFactory().user,
            academic_supervisor=factories.MentorFactory(kind="supervisor", organisation=None).user,
        )
        entry(internship, 2, status="approved", reviewed_by=internship.host_tutor)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_file_needs_the_same_queries_for_3_or_30_entries(
    client, staff, rows, django_assert_max_num_queries
):
    make_entries(rows)
    client.force_login(staff)

    with django_assert_max_num_queries(6):
        response = client.get(PAGE, {"export": "xlsx"})

    assert len(xlsx_rows(response)) == rows + 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_needs_the_same_queries_for_3_or_30_entries(
    client, staff, rows, django_assert_max_num_queries
):
    make_entries(rows)
    client.force_login(staff)

    with django_assert_max_num_queries(10):
        response = client.get(PAGE, {"sort": "date"})

    assert len(response.context["page"]) == min(rows, 20)


def test_a_host_tutor_is_offered_only_the_supervisors_of_their_interns(
    client, host_tutor, supervisor, internship, other_internship
):
    client.force_login(host_tutor)

    offered = client.get(PAGE).context["filter"].form.fields["supervisor"].queryset

    assert list(offered) == [supervisor]
    assert other_internship.academic_supervisor not in offered


def test_staff_are_offered_every_supervisor(client, staff, internship, other_internship):
    client.force_login(staff)

    offered = client.get(PAGE).context["filter"].form.fields["supervisor"].queryset

    assert {internship.academic_supervisor, other_internship.academic_supervisor} <= set(offered)
