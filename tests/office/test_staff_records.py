from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import services
from internships.models import ApplicationNote
from notifications.services import record_event
from tests import factories


def student_url(user):
    return reverse("staff_student", args=[user.pk])


def application_url(application):
    return reverse("staff_application", args=[application.pk])


@pytest.fixture
def story(staff, student, placement, other_placement, host_tutor, supervisor, company_admin):
    """One rejected application, one accepted that became a completed, certified internship."""
    rejected = factories.ApplicationFactory(placement=other_placement, student=student)
    record_event(rejected, by=student, action="applied", new="submitted")
    record_event(
        rejected, by=company_admin, action="rejected", old="submitted", new="rejected", note="No."
    )
    accepted = factories.ApplicationFactory(placement=placement, student=student, status="accepted")
    record_event(accepted, by=student, action="applied", new="submitted")
    record_event(accepted, by=student, action="accepted", old="offered", new="accepted")
    internship = factories.InternshipFactory(
        application=accepted,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        status="completed",
        completed_at=timezone.now(),
    )
    record_event(internship, by=student, action="created", new="planned")
    certificate = services.issue_certificate(internship=internship, by=staff)
    ApplicationNote.objects.create(application=accepted, author=company_admin, body="Strong tests.")
    return {
        "rejected": rejected,
        "accepted": accepted,
        "internship": internship,
        "certificate": certificate,
    }


# Who may look --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, student, application):
    for url in (student_url(student), application_url(application)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "role", ["student", "other_student", "company_admin", "recruiter", "host_tutor", "supervisor"]
)
def test_other_roles_are_forbidden(client, request, role, student, application):
    client.force_login(request.getfixturevalue(role))

    assert client.get(student_url(student)).status_code == 403
    assert client.get(application_url(application)).status_code == 403


def test_a_pk_that_is_not_a_student_is_not_found(client, staff, company_admin):
    client.force_login(staff)

    assert client.get(student_url(company_admin)).status_code == 404
    assert client.get(student_url(staff)).status_code == 404
    assert client.get(reverse("staff_student", args=[99999])).status_code == 404
    assert client.get(reverse("staff_application", args=[99999])).status_code == 404


# The student's record ------------------------------------------------------------------


def test_the_student_record_shows_profile_applications_internships_and_certificates(
    client, staff, student, story
):
    profile = student.student_profile
    profile.phone = "0722 123 456"
    profile.save()
    profile.skills.set([factories.SkillFactory(name="Django")])
    client.force_login(staff)

    response = client.get(student_url(student))

    page = response.content.decode()
    assert response.status_code == 200
    for shown in (
        student.get_full_name(),
        student.email,
        "Computer Science",
        profile.student_number,
        "0722 123 456",
        "Django",
        "Backend intern (Django)",
        "Data analyst intern",
        "Codează Someș SRL",
        "Not selected",
        application_url(story["accepted"]),
        application_url(story["rejected"]),
        reverse("internship_detail", args=[story["internship"].pk]),
        story["certificate"].serial,
        reverse("certificate_download", args=[story["certificate"].pk, "ro"]),
    ):
        assert shown in page


def test_the_student_timeline_merges_applications_and_internships_by_date(
    client, staff, student, story
):
    client.force_login(staff)

    timeline = client.get(student_url(student)).context["timeline"]

    assert [(event.record, event.action) for event in timeline] == [
        (story["rejected"], "applied"),
        (story["rejected"], "rejected"),
        (story["accepted"], "applied"),
        (story["accepted"], "accepted"),
        (story["internship"], "created"),
        (story["internship"], "certificate_issued"),
    ]
    assert [event.created_at for event in timeline] == sorted(e.created_at for e in timeline)


def test_the_timeline_shows_who_what_and_the_note(client, staff, student, story):
    client.force_login(staff)

    page = client.get(student_url(student)).content.decode()

    assert "Andrei Pop" in page
    assert "Not selected (Submitted → Not selected)" in page
    assert "No." in page
    assert "Certificate issued" in page
    assert "Internship at Codează Someș SRL" in page


def test_a_student_with_nothing_yet_has_an_empty_record(client, staff, student):
    client.force_login(staff)

    page = client.get(student_url(student)).content.decode()

    for shown in ("No applications yet.", "No internships yet.", "No certificates yet."):
        assert shown in page
    assert "Nothing recorded yet." in page


def test_a_student_invited_by_the_roster_is_shown_as_invited(client, staff, student):
    student.set_unusable_password()
    student.save()
    client.force_login(staff)

    page = client.get(student_url(student)).content.decode()

    assert "Invited: no password chosen yet" in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_student_record_needs_the_same_queries_for_3_or_30_applications(
    client, staff, student, period, programme, count, django_assert_max_num_queries
):
    for n in range(count):
        application = factories.ApplicationFactory(
            placement=factories.PlacementFactory(period=period, programmes=[programme]),
            student=student,
        )
        record_event(application, by=student, action="applied", new="submitted")
        if n % 10 == 0:
            accepted = factories.ApplicationFactory(
                placement=factories.PlacementFactory(
                    period=factories.PeriodFactory(), programmes=[programme]
                ),
                student=student,
                status="accepted",
            )
            internship = factories.InternshipFactory(
                application=accepted, host_tutor=factories.MentorFactory().user
            )
            record_event(internship, by=student, action="created", new="planned")
    client.force_login(staff)

    with django_assert_max_num_queries(9):
        response = client.get(student_url(student))

    assert response.status_code == 200
    assert len(response.context["applications"]) == count + len(range(0, count, 10))


# The application's record --------------------------------------------------------------


def test_the_application_record_shows_everything_about_it(client, staff, student, story):
    accepted = story["accepted"]
    accepted.interview_at = timezone.now() - timedelta(days=5)
    accepted.interview_location = "Str. Memorandumului 28"
    accepted.offer_deadline = timezone.now() - timedelta(days=2)
    accepted.message_to_student = "Welcome aboard!"
    accepted.save()
    client.force_login(staff)

    response = client.get(application_url(accepted))

    page = response.content.decode()
    assert response.status_code == 200
    for shown in (
        student.get_full_name(),
        student.email,
        student_url(student),
        "Backend intern (Django)",
        "Codează Someș SRL",
        "Summer 2027",
        "Accepted",
        "Îmi doresc acest stagiu",
        reverse("application_cv", args=[accepted.pk]),
        "Str. Memorandumului 28",
        "Welcome aboard!",
        "Strong tests.",
        reverse("internship_detail", args=[story["internship"].pk]),
        "Offer accepted (Offer made → Accepted)",
    ):
        assert shown in page
    assert [event.action for event in response.context["timeline"]] == ["applied", "accepted"]


def test_staff_can_download_the_cv_linked_from_the_application(client, staff, application):
    client.force_login(staff)

    response = client.get(reverse("application_cv", args=[application.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("count", [3, 30])
def test_the_application_record_needs_the_same_queries_for_3_or_30_events_and_notes(
    client, staff, application, company_admin, count, django_assert_max_num_queries
):
    for n in range(count):
        record_event(application, by=company_admin, action="moved", note=f"Step {n}")
        ApplicationNote.objects.create(application=application, author=company_admin, body=f"{n}")
    client.force_login(staff)

    with django_assert_max_num_queries(6):
        response = client.get(application_url(application))

    assert response.status_code == 200
    assert len(response.context["timeline"]) == count


def test_every_action_recorded_on_an_application_has_words(db):
    """Each action the application services record reads as words on the staff record,
    in both languages, not as the raw code."""
    import re
    from pathlib import Path

    from internships.timeline import APPLICATION_ACTIONS

    root = Path(__file__).resolve().parents[2] / "internships" / "services"
    recorded = set()
    for name in ("applications.py", "offers.py", "closing.py"):
        recorded |= set(re.findall(r'action="([a-z_]+)"', (root / name).read_text()))
    not_on_applications = {"created", "filled", "closed", "application_note_added"}

    assert recorded - not_on_applications - set(APPLICATION_ACTIONS) == set()


def test_an_application_ended_by_a_closed_placement_reads_so(client, staff, application):
    from internships.services import close_placement

    admin = factories.MembershipFactory(organisation=application.placement.organisation).user
    close_placement(placement=application.placement, by=admin)
    client.force_login(staff)

    response = client.get(application_url(application))

    assert "Ended: the placement closed" in response.content.decode()
