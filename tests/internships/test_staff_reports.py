from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Report
from tests.factories import PlacementFactory, StudentFactory

LIST_URL = reverse("staff_reports")


@pytest.fixture
def report(student, organisation, placement):
    return Report.objects.create(
        reporter=student,
        organisation=organisation,
        placement=placement,
        reason="They asked me for a fee to apply.",
    )


def resolve_url(report):
    return reverse("report_resolve", args=[report.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, report):
    responses = [client.get(LIST_URL), client.post(resolve_url(report), {"note": "Done"})]

    assert all(r.status_code == 302 for r in responses)
    assert all(r.url.startswith(reverse("account_login")) for r in responses)
    report.refresh_from_db()
    assert report.status == "open"


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_other_roles_are_forbidden(client, request, role, report):
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(resolve_url(report), {"note": "Done"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "open"


def test_resolving_answers_only_to_post(client, staff, report):
    client.force_login(staff)

    assert client.get(resolve_url(report)).status_code == 405


def test_a_resolved_or_unknown_report_is_not_found(client, staff, report):
    Report.objects.filter(pk=report.pk).update(status="resolved")
    client.force_login(staff)

    assert client.post(resolve_url(report), {"note": "Again"}).status_code == 404
    assert client.post(reverse("report_resolve", args=[999]), {"note": "x"}).status_code == 404


def test_staff_see_open_reports_oldest_first(client, staff, report, other_student, organisation):
    older = Report.objects.create(
        reporter=other_student, organisation=organisation, reason="The address does not exist."
    )
    Report.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    Report.objects.create(
        reporter=other_student, organisation=organisation, reason="Old news", status="resolved"
    )
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert [r.pk for r in response.context["page"]] == [older.pk, report.pk]
    assert "Old news" not in page
    for shown in (
        "Ioana Bălan",
        "Codează Someș SRL",
        "Backend intern (Django)",
        "They asked me for a fee to apply.",
        "2\xa0days ago",
    ):
        assert shown in page


def test_staff_resolve_a_report(client, staff, report):
    client.force_login(staff)

    response = client.post(
        resolve_url(report), {"note": "Called them; removed the fee."}, follow=True
    )

    report.refresh_from_db()
    assert (report.status, report.resolution, report.resolved_by) == (
        "resolved",
        "Called them; removed the fee.",
        staff,
    )
    assert "The report about Codează Someș SRL is resolved." in response.content.decode()
    assert "They asked me for a fee" not in response.content.decode()


def test_resolving_needs_a_resolution(client, staff, report):
    client.force_login(staff)

    response = client.post(resolve_url(report), {"note": ""}, follow=True)

    assert "Write what was done about the report." in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.resolved_by) == ("open", None)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_needs_the_same_queries_for_3_or_30_reports(
    client, staff, rows, django_assert_max_num_queries
):
    for placement in PlacementFactory.create_batch(rows):
        Report.objects.create(
            reporter=StudentFactory().user,
            organisation=placement.organisation,
            placement=placement,
            reason="Suspicious",
        )
    client.force_login(staff)

    with django_assert_max_num_queries(5):
        response = client.get(LIST_URL)

    assert len(response.context["page"]) == min(rows, 20)
