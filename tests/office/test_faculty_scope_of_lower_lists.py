"""Staff of one faculty see only its logbook entries and certificates in the lists and their
files, and only its programmes among the filters' choices; the audit log and the erasure
register, which name people of every faculty, are for staff of all faculties (issue #17)."""

import pytest
from django.urls import reverse

from documents import services as documents_services
from tests import factories
from tests.office import test_faculty_scope as scope

pytestmark = pytest.mark.django_db

# The fixtures of the faculties' test, shared.
application_b = scope.application_b
faculty_a = scope.faculty_a
faculty_b = scope.faculty_b
internship_b = scope.internship_b
placement_b = scope.placement_b
programme_b = scope.programme_b
staff_a = scope.staff_a
student_b = scope.student_b
two_faculties = scope.two_faculties
completed, rows_of = scope.completed, scope.rows_of

LOGBOOKS = reverse("logbook_entries")
CERTIFICATES = reverse("staff_certificates")


@pytest.fixture
def entries(two_faculties):
    return {key: factories.LogbookEntryFactory(internship=i) for key, i in two_faculties.items()}


@pytest.fixture
def certificates(staff, two_faculties):
    return {
        key: documents_services.issue_certificate(internship=completed(i), by=staff)
        for key, i in two_faculties.items()
    }


def test_the_logbooks_list_and_file_hold_the_faculty_s_entries_only(client, staff_a, entries):
    client.force_login(staff_a)

    page = client.get(LOGBOOKS)
    text = "\n".join(";".join(row) for row in rows_of(client.get(LOGBOOKS, {"export": "csv"})))

    assert [entry.pk for entry in page.context["page"]] == [entries["a"].pk]
    assert "Xulescu" not in page.text and "Xulescu" not in text
    assert "Bălan" in text


def test_the_certificates_list_and_file_hold_the_faculty_s_certificates_only(
    client, staff_a, certificates, period
):
    client.force_login(staff_a)

    page = client.get(CERTIFICATES, {"period": period.pk})
    exported = client.get(CERTIFICATES, {"period": period.pk, "export": "csv-semicolon"})

    assert [c.pk for c in page.context["page"]] == [certificates["a"].pk]
    serials = [row[0] for row in rows_of(exported)[1:]]
    assert serials == [certificates["a"].serial]


@pytest.mark.parametrize("url", [LOGBOOKS, CERTIFICATES])
def test_the_lower_lists_offer_the_faculty_s_programmes_only(
    client, staff_a, two_faculties, programme, programme_b, url
):
    client.force_login(staff_a)

    choices = client.get(url).context["filter"].form.fields["programme"].queryset

    assert list(choices) == [programme]


def test_staff_of_all_faculties_see_every_faculty_s_entries_and_certificates(
    client, staff, entries, certificates, period, programme, programme_b
):
    client.force_login(staff)

    logbooks = client.get(LOGBOOKS)
    listed = client.get(CERTIFICATES, {"period": period.pk})

    assert {e.pk for e in logbooks.context["page"]} == {e.pk for e in entries.values()}
    assert {c.pk for c in listed.context["page"]} == {c.pk for c in certificates.values()}
    choices = logbooks.context["filter"].form.fields["programme"].queryset
    assert set(choices) == {programme, programme_b}


@pytest.mark.parametrize("name", ["staff_audit_log", "privacy_register"])
def test_staff_of_one_faculty_may_not_read_the_audit_log_nor_the_erasure_register(
    client, staff_a, name
):
    client.force_login(staff_a)

    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse(name), {"export": "csv"}).status_code == 403


def test_the_dashboard_hides_those_pages_from_staff_of_one_faculty(client, staff, staff_a):
    links = (reverse("staff_audit_log"), reverse("privacy_register"))
    client.force_login(staff_a)
    scoped = client.get(reverse("staff_home")).text
    client.force_login(staff)
    every = client.get(reverse("staff_home")).text

    assert all(link not in scoped for link in links)
    assert all(link in every for link in links)


@pytest.mark.parametrize("name", ["staff_audit_log", "privacy_register"])
def test_staff_of_all_faculties_read_the_audit_log_and_the_erasure_register(client, staff, name):
    client.force_login(staff)

    assert client.get(reverse(name)).status_code == 200
