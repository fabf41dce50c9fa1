from django.urls import reverse

from internships.models import Report
from tests.factories import PlacementFactory


def url(placement):
    return reverse("report_placement", args=[placement.pk])


def test_anonymous_is_sent_to_login(client, placement):
    response = client.post(url(placement), {"reason": "Asks for a fee."})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Report.objects.count() == 0


def test_company_member_is_forbidden(client, other_company_admin, placement):
    client.force_login(other_company_admin)

    response = client.post(url(placement), {"reason": "Asks for a fee."})

    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_get_is_not_allowed(client, student, placement):
    client.force_login(student)

    assert client.get(url(placement)).status_code == 405


def test_a_placement_the_student_cannot_see_is_404(client, student, organisation, period):
    draft = PlacementFactory(organisation=organisation, period=period, status="draft")
    client.force_login(student)

    response = client.post(url(draft), {"reason": "Asks for a fee."})

    assert response.status_code == 404
    assert Report.objects.count() == 0


def test_student_reports_a_placement_to_staff(client, student, placement, staff):
    client.force_login(student)

    response = client.post(
        url(placement), {"reason": " They ask for a fee to apply. "}, follow=True
    )

    assert response.redirect_chain[-1][0] == placement.get_absolute_url()
    assert "The internship office will look into it." in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.organisation, report.placement, report.reason) == (
        student,
        placement.organisation,
        placement,
        "They ask for a fee to apply.",
    )
    assert staff.notifications.filter(kind="report_received").exists()


def test_an_empty_reason_is_refused(client, student, placement):
    client.force_login(student)

    response = client.post(url(placement), {"reason": "   "}, follow=True)

    assert "Say what looks wrong." in response.content.decode()
    assert Report.objects.count() == 0


def test_a_too_long_reason_is_refused(client, student, placement):
    client.force_login(student)

    response = client.post(url(placement), {"reason": "x" * 3001}, follow=True)

    assert "at most 3000 characters" in response.content.decode()
    assert Report.objects.count() == 0
