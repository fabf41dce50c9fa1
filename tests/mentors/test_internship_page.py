from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import ApplicationNote
from mentors import services
from mentors.models import AcademicResult, Competency, Evaluation, FeedbackNote, Score
from notifications.services import record_event
from tests import factories


def page_url(internship):
    return reverse("internship_detail", args=[internship.pk])


STUDENT_PAGE = reverse("student_internship")


# Who sees it ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, internship):
    response = client.get(page_url(internship))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "role", ["student", "host_tutor", "supervisor", "company_admin", "recruiter", "staff"]
)
def test_everyone_concerned_sees_the_internship(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(page_url(internship))

    assert response.status_code == 200
    assert "Internship of Ioana Bălan" in response.content.decode()


@pytest.mark.parametrize("role", ["other_student", "other_company_admin"])
def test_outsiders_get_404(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(page_url(internship)).status_code == 404


def test_a_mentor_guessing_another_interns_id_gets_404(
    client, host_tutor, supervisor, internship, other_internship
):
    for mentor in (host_tutor, supervisor):
        client.force_login(mentor)

        assert client.get(page_url(other_internship)).status_code == 404


def test_an_id_that_does_not_exist_is_404(client, staff, internship):
    client.force_login(staff)

    assert client.get(reverse("internship_detail", args=[internship.pk + 999])).status_code == 404


# What it shows -------------------------------------------------------------------------


def test_the_page_shows_the_internship_in_full(client, staff, internship):
    factories.LogbookEntryFactory(internship=internship, status="approved", hours=8)
    factories.LogbookEntryFactory(internship=internship, status="approved", hours="4.5")
    factories.LogbookEntryFactory(internship=internship, status="submitted", hours=6)
    client.force_login(staff)

    response = client.get(page_url(internship))

    content = response.content.decode()
    assert "Computer Science" in content
    assert "Codează Someș SRL" in content
    assert internship.placement.get_absolute_url() in content
    assert "Summer 2027" in content
    assert "Active" in content
    assert "Ștefan Mureșan" in content
    assert "Horațiu Crișan" in content
    assert "12.5 of 120 hours approved" in content
    assert '<progress value="12.5" max="120" aria-label="Approved hours of Ioana Bălan"' in content
    assert "1 logbook entry awaiting approval." in content
    assert reverse("logbook", args=[internship.pk]) in content
    assert reverse("logbook_csv", args=[internship.pk]) in content
    assert reverse("logbook_pdf", args=[internship.pk]) in content


def test_each_evaluation_shows_its_state_and_links_to_its_form(
    client, supervisor, internship, host_tutor, student
):
    Evaluation.objects.create(internship=internship, kind="midterm", author=host_tutor)
    Evaluation.objects.create(
        internship=internship,
        kind="self",
        author=student,
        status="submitted",
        submitted_at=timezone.now(),
    )
    client.force_login(supervisor)

    response = client.get(page_url(internship))

    evaluations = dict(
        (kind, evaluation) for kind, _label, evaluation in response.context["evaluations"]
    )
    content = response.content.decode()
    assert evaluations["midterm"].status == "draft"
    assert evaluations["final"] is None
    assert evaluations["self"].is_locked
    assert "Not started" in content and "Draft" in content and "Submitted" in content
    for kind in ("midterm", "final", "self", "host_rating"):
        assert reverse("evaluation_form", args=[internship.pk, kind]) in content


def test_the_academic_result_is_shown_once_recorded(client, student, supervisor, internship):
    client.force_login(student)
    assert "Not recorded yet." in client.get(page_url(internship)).content.decode()

    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=5, recorded_by=supervisor
    )
    content = client.get(page_url(internship)).content.decode()

    assert "Passed" in content
    assert reverse("result_form", args=[internship.pk]) in content


def test_the_timeline_shows_who_did_what(client, staff, internship, host_tutor):
    internship.status = "planned"
    internship.save()
    services.start_internship(internship=internship, by=host_tutor)
    client.force_login(staff)

    response = client.get(page_url(internship))

    content = response.content.decode()
    assert "Internship started" in content
    assert "Planned → Active" in content


def test_the_organisations_private_notes_are_not_on_the_page(
    client, company_admin, staff, internship
):
    ApplicationNote.objects.create(
        application=internship.application, author=company_admin, body="Salariu negociat separat"
    )
    for user in (company_admin, staff):
        client.force_login(user)

        assert "Salariu negociat separat" not in client.get(page_url(internship)).content.decode()


def test_the_student_sees_no_lifecycle_action(client, student, internship):
    client.force_login(student)

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_complete", args=[internship.pk]) not in content
    assert reverse("internship_terminate", args=[internship.pk]) not in content
    assert reverse("assign_host_tutor", args=[internship.pk]) not in content
    assert reverse("feedback_write", args=[internship.pk]) not in content


def test_the_supervisor_may_complete_or_end_the_internship(
    client, supervisor, host_tutor, internship
):
    factories.LogbookEntryFactory(internship=internship, hours=12, status="approved")
    Evaluation.objects.create(
        internship=internship,
        kind="final",
        author=host_tutor,
        status="submitted",
        submitted_at=timezone.now(),
    )
    internship.required_hours = 12
    internship.save()
    client.force_login(supervisor)

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_complete", args=[internship.pk]) in content
    assert reverse("internship_terminate", args=[internship.pk]) in content
    assert reverse("internship_start", args=[internship.pk]) not in content
    assert reverse("feedback_write", args=[internship.pk]) in content


def test_the_page_says_why_the_internship_cannot_be_completed_yet(
    client, supervisor, host_tutor, internship
):
    client.force_login(supervisor)

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_complete", args=[internship.pk]) not in content
    assert "The approved hours (0) have not reached the 120 required." in content

    factories.LogbookEntryFactory(internship=internship, hours=12, status="approved")
    internship.required_hours = 12
    internship.save()

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_complete", args=[internship.pk]) not in content
    assert "The host tutor&#x27;s final evaluation is not in yet." in content


def test_the_page_says_why_a_planned_internship_cannot_start_before_its_date(
    client, host_tutor, internship
):
    internship.status = "planned"
    internship.starts_on = timezone.localdate() + timedelta(days=3)
    internship.save()
    client.force_login(host_tutor)

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_start", args=[internship.pk]) not in content
    assert "cannot be started before then" in content


def test_the_page_says_why_a_planned_internship_waits_for_its_agreement(client, staff, internship):
    internship.status = "planned"
    internship.save()
    internship.agreement.delete()
    client.force_login(staff)

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_start", args=[internship.pk]) not in content
    assert "have confirmed the internship agreement" in content


def test_the_page_says_why_the_result_cannot_be_recorded_yet(client, supervisor, internship):
    client.force_login(supervisor)

    content = client.get(page_url(internship)).content.decode()

    assert (
        "The result can be recorded once the host tutor&#x27;s final evaluation is submitted."
        in content
    )
    assert "Record the academic result" not in content


def test_a_planned_internship_offers_start_to_its_host_tutor(client, host_tutor, internship):
    internship.status = "planned"
    internship.save()
    client.force_login(host_tutor)

    content = client.get(page_url(internship)).content.decode()

    assert reverse("internship_start", args=[internship.pk]) in content
    assert reverse("internship_complete", args=[internship.pk]) not in content


def test_only_the_organisations_admin_gets_the_host_tutor_select(
    client, company_admin, recruiter, internship
):
    factories.MentorFactory(organisation=internship.organisation, user__last_name="Pop")
    action = reverse("assign_host_tutor", args=[internship.pk])

    client.force_login(company_admin)
    content = client.get(page_url(internship)).content.decode()
    assert action in content
    assert 'name="mentor"' in content

    client.force_login(recruiter)
    assert action not in client.get(page_url(internship)).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_page_needs_the_same_queries_for_3_or_30_rows(
    client, staff, internship, host_tutor, student, rows, django_assert_max_num_queries
):
    for n in range(rows):
        note = FeedbackNote.objects.create(
            internship=internship, author=host_tutor, body=f"Nota {n}", visibility="student"
        )
        FeedbackNote.objects.create(
            internship=internship, author=student, body=f"Răspuns {n}", reply_to=note
        )
        FeedbackNote.objects.create(
            internship=internship,
            author=host_tutor,
            body=f"Doar pentru staff {n}",
            visibility="staff",
        )
        factories.LogbookEntryFactory(internship=internship, status="approved", hours=1)
        record_event(internship, by=staff, action="logbook_approved", note=f"{n} aprobate")
    for kind in ("midterm", "final", "self"):
        evaluation = Evaluation.objects.create(internship=internship, kind=kind, author=host_tutor)
        for competency in Competency.objects.all():
            Score.objects.create(evaluation=evaluation, competency=competency, score=4)
    client.force_login(staff)
    client.get(page_url(internship))  # the first reading makes the agreement's version 1

    # 14, and 4 to tell whether the agreement's facts changed (internship, university, text,
    # amendments) with its versions and their confirmations.
    with django_assert_max_num_queries(19):
        response = client.get(page_url(internship))

    assert response.status_code == 200
    assert len(response.context["notes"]) == rows * 2
    assert len(response.context["timeline"]) == rows


# The student's own internship ---------------------------------------------------------


def test_the_student_is_taken_to_their_running_internship(client, student, internship):
    older = factories.InternshipFactory(
        application=factories.ApplicationFactory(student=student, status="accepted"),
        status="completed",
        starts_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() - timedelta(days=300),
    )
    client.force_login(student)

    response = client.get(STUDENT_PAGE)

    assert response.status_code == 302
    assert response.url == page_url(internship)
    assert older.pk != internship.pk


def test_without_a_running_one_the_student_is_taken_to_their_latest(client, student):
    application = factories.ApplicationFactory(student=student, status="accepted")
    old = factories.InternshipFactory(
        application=application,
        status="completed",
        starts_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() - timedelta(days=300),
    )
    latest = factories.InternshipFactory(
        application=factories.ApplicationFactory(student=student, status="accepted"),
        status="terminated",
        starts_on=timezone.localdate() - timedelta(days=100),
        ends_on=timezone.localdate() - timedelta(days=10),
    )
    client.force_login(student)

    response = client.get(STUDENT_PAGE)

    assert response.url == page_url(latest)
    assert old.pk != latest.pk


def test_a_student_without_an_internship_is_told_so(client, student, other_internship):
    client.force_login(student)

    response = client.get(STUDENT_PAGE)

    content = response.content.decode()
    assert response.status_code == 200
    assert "You have no internship yet" in content
    assert reverse("placement_search") in content


@pytest.mark.parametrize("role", ["host_tutor", "company_admin", "staff"])
def test_the_students_page_is_for_students_only(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(STUDENT_PAGE).status_code == 403
