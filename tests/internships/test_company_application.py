from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships import services
from internships.models import ApplicationNote
from notifications.models import Event, Notification
from tests import factories

ACTIONS = [
    "application_move",
    "application_interview",
    "application_offer",
    "application_reject",
    "application_note",
]


def url(name, application):
    return reverse(name, args=[application.pk])


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def status_of(application):
    application.refresh_from_db()
    return application.status


# Access -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, application):
    for name in ["company_application", *ACTIONS]:
        response = client.post(url(name, application))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "staff"])
def test_other_roles_are_refused(client, request, application, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url("company_application", application)).status_code == 403
    for name in ACTIONS:
        assert client.post(url(name, application), {"to": "in_review"}).status_code == 403
    assert status_of(application) == "submitted"


def test_another_organisation_gets_404_and_nothing_changes(
    client, other_company_admin, application
):
    client.force_login(other_company_admin)
    later = local_input(timezone.now() + timedelta(days=3))

    assert client.get(url("company_application", application)).status_code == 404
    for name, data in [
        ("application_move", {"to": "shortlisted"}),
        ("application_interview", {"when": later, "location": "Office"}),
        ("application_offer", {"deadline": later}),
        ("application_reject", {}),
        ("application_note", {"body": "Looks good"}),
    ]:
        assert client.post(url(name, application), data).status_code == 404
    assert status_of(application) == "submitted"
    assert not ApplicationNote.objects.exists()
    assert not Notification.objects.filter(recipient=application.student).exists()


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_answer_405_to_get(client, recruiter, application, name):
    client.force_login(recruiter)

    assert client.get(url(name, application)).status_code == 405


# The page -----------------------------------------------------------------------------


def test_page_shows_the_applicant_letter_cv_notes_and_timeline(
    client, recruiter, company_admin, application, student
):
    profile = student.student_profile
    profile.bio = "Open-source contributor."
    profile.save()
    profile.skills.set([factories.SkillFactory(name="PostgreSQL")])
    services.add_note(application=application, by=company_admin, body="Strong portfolio.")
    services.move_application(
        application=application, by=company_admin, to="in_review", note="Read the CV."
    )
    client.force_login(recruiter)

    response = client.get(url("company_application", application))

    content = response.content.decode()
    assert response.status_code == 200
    assert student.get_full_name() in content
    assert student.email in content
    assert "Computer Science" in content
    assert "PostgreSQL" in content
    assert "Open-source contributor." in content
    assert "lucrez deja cu Django" in content
    assert url("application_cv", application) in content
    assert "Strong portfolio." in content
    assert "Andrei Pop" in content
    assert "Submitted → In review" in content
    assert "Read the CV." in content


def test_page_offers_the_steps_the_status_allows(client, recruiter, placement):
    submitted = factories.ApplicationFactory(placement=placement)
    shortlisted = factories.ApplicationFactory(placement=placement, status="shortlisted")
    accepted = factories.ApplicationFactory(placement=placement, status="accepted")
    client.force_login(recruiter)

    first = client.get(url("company_application", submitted)).content.decode()
    middle = client.get(url("company_application", shortlisted)).content.decode()
    last = client.get(url("company_application", accepted)).content.decode()

    assert 'value="in_review"' in first and 'value="shortlisted"' in first
    assert 'value="in_review"' not in middle and 'value="shortlisted"' not in middle
    assert url("application_interview", shortlisted) in middle
    assert url("application_offer", shortlisted) in middle
    assert url("application_reject", shortlisted) in middle
    for name in ["application_move", "application_interview", "application_offer"]:
        assert url(name, accepted) not in last
    assert url("application_reject", accepted) not in last
    assert "there is nothing more to do" in last


def test_offer_deadline_defaults_to_the_response_days_setting(
    client, recruiter, application, settings
):
    settings.OFFER_RESPONSE_DAYS = 5
    client.force_login(recruiter)

    response = client.get(url("company_application", application))

    initial = response.context["offer_form"].fields["deadline"].initial
    expected = timezone.now() + timedelta(days=5)
    assert abs(initial - expected) < timedelta(minutes=2)
    assert local_input(initial) in response.content.decode()


# Moves --------------------------------------------------------------------------------


@pytest.mark.parametrize("to", ["in_review", "shortlisted"])
def test_recruiter_moves_an_applicant_along(client, recruiter, application, to):
    client.force_login(recruiter)

    response = client.post(url("application_move", application), {"to": to}, follow=True)

    assert status_of(application) == to
    assert "The application is now:" in response.content.decode()
    assert Notification.objects.filter(
        recipient=application.student, kind="application_moved"
    ).exists()
    assert Event.objects.filter(object_id=application.pk, to_status=to).exists()


@pytest.mark.parametrize("forged", ["accepted", "offered", "interview", "rejected", "", "nonsense"])
def test_a_forged_status_is_refused(client, recruiter, application, forged):
    client.force_login(recruiter)

    response = client.post(url("application_move", application), {"to": forged}, follow=True)

    assert "This step is not available here." in response.content.decode()
    assert status_of(application) == "submitted"
    assert not Notification.objects.filter(recipient=application.student).exists()


def test_a_move_backwards_is_refused(client, recruiter, placement):
    application = factories.ApplicationFactory(placement=placement, status="shortlisted")
    client.force_login(recruiter)

    response = client.post(url("application_move", application), {"to": "in_review"}, follow=True)

    assert "This cannot be done now" in response.content.decode()
    assert status_of(application) == "shortlisted"


# Interview ----------------------------------------------------------------------------


def test_recruiter_invites_to_an_interview(
    client, recruiter, application, mailoutbox, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(days=3)
    client.force_login(recruiter)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("application_interview", application),
            {
                "when": local_input(when),
                "location": "Str. Memorandumului 28",
                "note": "Bring a laptop",
            },
            follow=True,
        )

    application.refresh_from_db()
    assert application.status == "interview"
    assert application.interview_location == "Str. Memorandumului 28"
    assert abs(application.interview_at - when) < timedelta(minutes=1)
    assert "invited to the interview" in response.content.decode()
    assert Notification.objects.filter(
        recipient=application.student, kind="interview_invited"
    ).exists()
    assert [m.to for m in mailoutbox] == [[application.student.email]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"when": "", "location": "Office"}, "when"),
        ({"when": "not a date", "location": "Office"}, "when"),
        ({"when": "PAST", "location": "Office"}, "when"),
        ({"when": "FUTURE", "location": ""}, "location"),
    ],
)
def test_interview_bad_input_is_shown_beside_the_field(client, recruiter, application, data, field):
    moments = {
        "PAST": local_input(timezone.now() - timedelta(hours=2)),
        "FUTURE": local_input(timezone.now() + timedelta(days=2)),
    }
    data = {key: moments.get(value, value) for key, value in data.items()}
    client.force_login(recruiter)

    response = client.post(url("application_interview", application), data)

    assert response.status_code == 400
    assert response.context["interview_form"].errors[field]
    assert f'id="id_interview_{field}_error"' in response.content.decode()
    assert status_of(application) == "submitted"
    assert not Notification.objects.exists()


# Offer --------------------------------------------------------------------------------


def test_recruiter_makes_an_offer(client, recruiter, application):
    deadline = timezone.now() + timedelta(days=7)
    client.force_login(recruiter)

    response = client.post(
        url("application_offer", application),
        {"deadline": local_input(deadline), "message": "We would love to have you."},
        follow=True,
    )

    application.refresh_from_db()
    assert application.status == "offered"
    assert abs(application.offer_deadline - deadline) < timedelta(minutes=1)
    assert application.message_to_student == "We would love to have you."
    assert "The offer is sent." in response.content.decode()
    assert Notification.objects.filter(recipient=application.student, kind="offer_made").exists()


def test_an_offer_with_a_past_deadline_is_refused(client, recruiter, application):
    client.force_login(recruiter)

    response = client.post(
        url("application_offer", application),
        {"deadline": local_input(timezone.now() - timedelta(days=1))},
    )

    assert response.status_code == 400
    assert "The answer deadline must be in the future." in response.content.decode()
    assert status_of(application) == "submitted"


def test_an_offer_to_a_closed_application_shows_the_service_message(client, recruiter, placement):
    application = factories.ApplicationFactory(placement=placement, status="withdrawn")
    client.force_login(recruiter)

    response = client.post(
        url("application_offer", application),
        {"deadline": local_input(timezone.now() + timedelta(days=3))},
        follow=True,
    )

    assert "This cannot be done now" in response.content.decode()
    assert status_of(application) == "withdrawn"


# Reject -------------------------------------------------------------------------------


def test_recruiter_rejects_with_a_message(client, recruiter, application):
    client.force_login(recruiter)

    response = client.post(
        url("application_reject", application), {"message": "We chose someone else."}, follow=True
    )

    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.message_to_student == "We chose someone else."
    assert "declined and the student is told" in response.content.decode()
    assert Notification.objects.filter(
        recipient=application.student, kind="application_rejected"
    ).exists()


def test_rejecting_twice_shows_the_message(client, recruiter, placement):
    application = factories.ApplicationFactory(placement=placement, status="rejected")
    client.force_login(recruiter)

    response = client.post(url("application_reject", application), follow=True)

    assert "This cannot be done now" in response.content.decode()
    assert status_of(application) == "rejected"
    assert not Notification.objects.exists()


# Notes --------------------------------------------------------------------------------


def test_recruiter_adds_a_private_note(client, recruiter, application):
    client.force_login(recruiter)

    response = client.post(
        url("application_note", application), {"body": "Call back Monday."}, follow=True
    )

    note = ApplicationNote.objects.get()
    assert (note.application, note.author, note.body) == (
        application,
        recruiter,
        "Call back Monday.",
    )
    assert "Call back Monday." in response.content.decode()
    assert not Notification.objects.filter(recipient=application.student).exists()


def test_an_empty_note_is_refused(client, recruiter, application):
    client.force_login(recruiter)

    response = client.post(url("application_note", application), {"body": "   "})

    assert response.status_code == 400
    assert response.context["note_form"].errors["body"]
    assert not ApplicationNote.objects.exists()


def test_notes_of_another_organisation_are_not_shown(client, recruiter, placement, application):
    outsider_note = "Written elsewhere"
    other = factories.ApplicationFactory()
    ApplicationNote.objects.create(
        application=other, author=other.placement.created_by, body=outsider_note
    )
    client.force_login(recruiter)

    response = client.get(url("company_application", application))

    assert outsider_note not in response.content.decode()
