import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.services import ServiceError
from internships import services
from internships.models import Application, Placement
from notifications.models import Event, Notification
from tests.factories import ApplicationFactory, PlacementFactory, StudentFactory, pdf_upload

OPEN = ["submitted", "in_review", "shortlisted", "interview", "offered"]


def status_of(obj):
    obj.refresh_from_db()
    return obj.status


@pytest.fixture
def open_applications(placement, programme):
    return [
        ApplicationFactory(
            placement=placement, student=StudentFactory(programme=programme).user, status=status
        )
        for status in OPEN
    ]


# The service --------------------------------------------------------------------------


def test_closing_ends_every_open_application_with_the_reason(
    placement, company_admin, open_applications
):
    services.close_placement(placement=placement, by=company_admin, note="Budget was cut.")

    assert status_of(placement) == Placement.Status.CLOSED
    for application in open_applications:
        old = application.status
        assert status_of(application) == Application.Status.CLOSED
        event = Event.objects.get(object_id=application.pk, action="placement_closed")
        assert (event.actor, event.from_status, event.to_status, event.note) == (
            company_admin,
            old,
            "closed",
            "Budget was cut.",
        )


def test_each_applicant_is_told_in_the_app_and_by_email(
    placement, company_admin, open_applications, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.close_placement(placement=placement, by=company_admin, note="Budget was cut.")

    for application in open_applications:
        notice = Notification.objects.get(recipient=application.student, kind="application_closed")
        assert notice.url == reverse("student_application", args=[application.pk])
        assert notice.params["reason"] == "Budget was cut."
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.student.email for a in open_applications)
    assert not Notification.objects.filter(recipient=company_admin).exists()


def test_without_a_note_the_reason_says_who_closed_it(placement, company_admin, application):
    services.close_placement(placement=placement, by=company_admin)

    notice = Notification.objects.get(recipient=application.student, kind="application_closed")
    assert notice.params["reason"] == "The organisation closed the placement."


def test_ended_applications_stop_counting_against_the_cap(
    client, student, placement, other_placement, company_admin, application, settings
):
    settings.MAX_OPEN_APPLICATIONS_PER_PERIOD = 1
    services.close_placement(placement=placement, by=company_admin)

    created = services.apply(
        by=student, placement=other_placement, cover_letter="Vreau.", cv_upload=pdf_upload()
    )

    assert created.status == "submitted"


def test_finished_applications_are_left_as_they_are(placement, company_admin, programme):
    finished = {
        status: ApplicationFactory(
            placement=placement, student=StudentFactory(programme=programme).user, status=status
        )
        for status in ["accepted", "declined", "expired", "rejected", "withdrawn"]
    }

    services.close_placement(placement=placement, by=company_admin)

    assert {status: status_of(a) for status, a in finished.items()} == {s: s for s in finished}
    assert not Notification.objects.filter(kind="application_closed").exists()


def test_staff_close_a_placement_and_the_organisation_is_told(
    placement, staff, company_admin, application
):
    services.close_placement(placement=placement, by=staff)

    assert status_of(placement) == "closed"
    assert status_of(application) == "closed"
    notice = Notification.objects.get(recipient=application.student, kind="application_closed")
    assert notice.params["reason"] == "The internship office closed the placement."
    assert Notification.objects.filter(recipient=company_admin, kind="placement_closed").exists()


def test_without_a_note_each_reads_the_reason_in_their_language(
    placement, staff, company_admin, application
):
    for person in (application.student, company_admin):
        person.language = "ro"
        person.save(update_fields=["language"])

    services.close_placement(placement=placement, by=staff)

    (event,) = Event.objects.filter(action="placement_closed", object_id=application.pk)
    assert (event.note, event.note_kind) == ("", "closed_by_office")
    for person, kind in (
        (application.student, "application_closed"),
        (company_admin, "placement_closed"),
    ):
        notice = Notification.objects.get(recipient=person, kind=kind)
        assert notice.params["reason"] == "Biroul de practică a închis stagiul."


@pytest.mark.parametrize("who", ["other_company_admin", "student", "host_tutor"])
def test_nobody_else_closes_it(request, placement, application, who):
    with pytest.raises(PermissionDenied):
        services.close_placement(placement=placement, by=request.getfixturevalue(who))

    assert status_of(placement) == "published"
    assert status_of(application) == "submitted"


def test_a_draft_cannot_be_closed_and_nothing_changes(
    organisation, period, programme, company_admin, student
):
    draft = PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], status="draft"
    )
    application = ApplicationFactory(placement=draft, student=student)

    with pytest.raises(ServiceError):
        services.close_placement(placement=draft, by=company_admin)

    assert status_of(draft) == "draft"
    assert status_of(application) == "submitted"
    assert not Notification.objects.exists()


# The organisation's pages -------------------------------------------------------------


def confirm(placement):
    return reverse("confirm_placement_close", args=[placement.pk])


def close(placement):
    return reverse("placement_close", args=[placement.pk])


def test_the_list_links_to_the_confirmation_page(client, company_admin, placement):
    client.force_login(company_admin)

    page = client.get(reverse("company_placements")).content.decode()

    assert f'href="{confirm(placement)}"' in page
    assert f'action="{close(placement)}"' not in page


def test_the_confirmation_says_how_many_applications_end(
    client, company_admin, placement, open_applications
):
    client.force_login(company_admin)

    response = client.get(confirm(placement))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{close(placement)}"' in page
    assert "5 open applications end as “placement closed”" in page
    assert status_of(placement) == "published"


def test_confirming_closes_with_the_reason(client, company_admin, placement, application):
    client.force_login(company_admin)

    response = client.post(close(placement), {"note": "Project cancelled."}, follow=True)

    assert "is closed" in response.content.decode()
    assert status_of(placement) == "closed"
    assert status_of(application) == "closed"
    assert Event.objects.get(action="placement_closed").note == "Project cancelled."


def test_a_too_long_reason_is_refused_beside_the_field(client, company_admin, placement):
    client.force_login(company_admin)

    response = client.post(close(placement), {"note": "x" * 2001})

    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert status_of(placement) == "published"


@pytest.mark.parametrize("view", [confirm, close])
def test_another_organisation_gets_404(client, other_company_admin, placement, view):
    client.force_login(other_company_admin)

    assert client.get(view(placement)).status_code in (404, 405)
    assert client.post(close(placement)).status_code == 404
    assert status_of(placement) == "published"


@pytest.mark.parametrize("view", [confirm, close])
def test_a_student_is_forbidden(client, student, placement, view):
    client.force_login(student)

    assert client.get(view(placement)).status_code == 403
    assert client.post(close(placement)).status_code == 403


def test_anonymous_is_sent_to_login(client, placement):
    response = client.get(confirm(placement))

    assert response.url.startswith(reverse("account_login"))


# The internship office's page ---------------------------------------------------------


def staff_close(placement):
    return reverse("staff_placement_close", args=[placement.pk])


def test_staff_see_a_close_link_on_the_placement(client, staff, placement):
    client.force_login(staff)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert f'href="{staff_close(placement)}"' in page


def test_staff_confirm_and_close(client, staff, placement, application):
    client.force_login(staff)

    page = client.get(staff_close(placement)).content.decode()
    response = client.post(staff_close(placement), {"note": "Reported as a scam."}, follow=True)

    assert "1 open application ends" in page
    assert response.redirect_chain[-1][0] == placement.get_absolute_url()
    assert status_of(placement) == "closed"
    assert status_of(application) == "closed"


def test_staff_closing_twice_is_a_message_not_an_error(client, staff, placement):
    client.force_login(staff)
    client.post(staff_close(placement))

    response = client.post(staff_close(placement), follow=True)

    assert "This cannot be done now" in response.content.decode()


@pytest.mark.parametrize("who", ["company_admin", "student"])
def test_only_staff_use_the_staff_page(request, client, placement, who):
    client.force_login(request.getfixturevalue(who))

    assert client.post(staff_close(placement)).status_code == 403
    assert status_of(placement) == "published"
