"""Rules found missing in review: each one a behaviour users rely on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import County
from core.services import ServiceError
from internships import services
from internships.models import Application
from notifications.models import Notification
from tests.factories import ApplicationFactory, PeriodFactory, PlacementFactory, pdf_upload


def test_a_multi_line_staff_comment_still_reaches_the_organisation_by_email(
    placement, company_admin, staff, mailoutbox, django_capture_on_commit_callbacks
):
    placement.status = "submitted"
    placement.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.return_placement(
            placement=placement, by=staff, comment="Fix the title.\nAnd the dates."
        )

    sent = [m for m in mailoutbox if m.to == [company_admin.email]]
    assert len(sent) == 1
    assert "\n" not in sent[0].subject
    assert "And the dates." in sent[0].body


def test_a_closed_placement_cannot_be_published_again_by_its_organisation(
    placement, company_admin, settings
):
    settings.VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY = True
    services.close_placement(placement=placement, by=company_admin)

    with pytest.raises(ServiceError, match="Only a draft"):
        services.submit_placement(placement=placement, by=company_admin)
    placement.refresh_from_db()
    assert placement.status == "closed"


def test_no_offer_once_every_position_is_taken(placement, company_admin):
    placement.positions = 1
    placement.save()
    ApplicationFactory(placement=placement, status="accepted")
    hopeful = ApplicationFactory(placement=placement, status="interview")

    with pytest.raises(ServiceError, match="All positions"):
        services.make_offer(
            application=hopeful, by=company_admin, deadline=timezone.now() + timedelta(days=3)
        )
    hopeful.refresh_from_db()
    assert hopeful.status == "interview"


def test_a_placed_student_cannot_apply_again_in_the_period(placement, other_placement, student):
    from tests.factories import InternshipFactory

    accepted = ApplicationFactory(placement=placement, student=student, status="accepted")
    InternshipFactory(application=accepted, status="planned")

    with pytest.raises(ServiceError, match="already hold an internship"):
        services.apply(
            by=student, placement=other_placement, cover_letter="Bună ziua", cv_upload=pdf_upload()
        )
    assert not Application.objects.filter(placement=other_placement).exists()


def test_applications_wait_for_the_period_window(student, programme, organisation):
    later = PeriodFactory(applications_open_on=timezone.localdate() + timedelta(days=5))
    placement = PlacementFactory(organisation=organisation, period=later, programmes=[programme])

    with pytest.raises(ServiceError, match="open on"):
        services.apply(
            by=student, placement=placement, cover_letter="Bună ziua", cv_upload=pdf_upload()
        )


def test_waiting_students_are_sent_to_their_application_and_can_still_open_the_placement(
    client, placement, student, other_student
):
    placement.positions = 1
    placement.save()
    waiting = ApplicationFactory(placement=placement, student=other_student)
    offer = ApplicationFactory(
        placement=placement,
        student=student,
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=2),
    )
    services.accept_offer(application=offer, by=student)

    notice = Notification.objects.get(recipient=other_student, kind="application_closed")
    assert notice.url == reverse("student_application", args=[waiting.pk])
    client.force_login(other_student)
    assert client.get(placement.get_absolute_url()).status_code == 200
    assert client.get(notice.url).status_code == 200


def test_a_deadline_after_the_periods_window_is_refused(client, company_admin, period, programme):
    client.force_login(company_admin)
    response = client.post(
        reverse("placement_create"),
        {
            "period": period.pk,
            "title": "Intern",
            "description": "Work.",
            "programmes": [programme.pk],
            "county": County.objects.get(code="CJ").pk,
            "city": "Cluj-Napoca",
            "work_mode": "hybrid",
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "hours_per_week": 20,
            "positions": 1,
            "deadline": period.applications_close_on + timedelta(days=3),
        },
    )

    assert response.status_code == 400
    assert "cannot be later" in str(response.context["form"].errors["deadline"])
