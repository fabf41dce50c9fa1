from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships import services
from internships.models import Application, ApplicationNote
from tests.factories import ApplicationFactory, OrganisationFactory, PlacementFactory

LIST_URL = reverse("student_applications")


def detail(application):
    return reverse("student_application", args=[application.pk])


# My applications ------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["company_admin", "staff", "host_tutor"])
def test_other_roles_are_forbidden(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(LIST_URL).status_code == 403


def test_student_sees_own_applications_newest_first_with_status_as_text(
    client, student, placement, other_placement, other_student
):
    older = ApplicationFactory(placement=placement, student=student)
    Application.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    ApplicationFactory(placement=other_placement, student=student, status="shortlisted")
    ApplicationFactory(
        placement=PlacementFactory(title="Not mine", period=placement.period),
        student=other_student,
    )
    client.force_login(student)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert [a.placement.title for a in response.context["page_obj"]] == [
        "Data analyst intern",
        "Backend intern (Django)",
    ]
    assert "Not mine" not in page
    assert "Alt Nume SRL" in page and "Codează Someș SRL" in page
    assert ">Shortlisted</span>" in page and ">Submitted</span>" in page
    assert '<th scope="col">' in page


def test_the_interview_date_and_the_offer_deadline_are_shown(
    client, student, placement, other_placement
):
    ApplicationFactory(
        placement=placement,
        student=student,
        status="interview",
        interview_at=timezone.now() + timedelta(days=2),
        interview_location="Online",
    )
    ApplicationFactory(
        placement=other_placement,
        student=student,
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=5),
    )
    client.force_login(student)

    page = client.get(LIST_URL).content.decode()

    assert "Interview on" in page
    assert "Answer the offer by" in page


def test_no_applications_yet_points_to_the_search(client, student):
    client.force_login(student)

    page = client.get(LIST_URL).content.decode()

    assert "You have not applied to any placement yet." in page
    assert reverse("placement_search") in page


def test_the_list_is_paginated(client, student, organisation, period, programme, settings):
    settings.PAGE_SIZE = 2
    for _n in range(3):
        ApplicationFactory(
            placement=PlacementFactory(
                organisation=organisation, period=period, programmes=[programme]
            ),
            student=student,
        )
    client.force_login(student)

    first, second = client.get(LIST_URL), client.get(LIST_URL, {"page": 2})

    assert len(first.context["page_obj"]) == 2
    assert len(second.context["page_obj"]) == 1
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow_with_the_rows(
    client, student, period, programme, rows, django_assert_max_num_queries
):
    for n in range(rows):
        ApplicationFactory(
            placement=PlacementFactory(
                organisation=OrganisationFactory(), period=period, programmes=[programme]
            ),
            student=student,
            status=["submitted", "interview", "offered"][n % 3],
            interview_at=timezone.now() + timedelta(days=1),
            offer_deadline=timezone.now() + timedelta(days=3),
        )
    client.force_login(student)

    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)

    assert len(response.context["page_obj"]) == min(rows, 20)


# One application ------------------------------------------------------------------------


def test_student_sees_the_application_with_cv_link_and_timeline(
    client, student, application, company_admin
):
    services.move_application(application=application, by=company_admin, to="in_review")
    ApplicationNote.objects.create(
        application=application, author=company_admin, body="Secret: weak on SQL"
    )
    client.force_login(student)

    response = client.get(detail(application))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Backend intern (Django)" in page
    assert "Codează Someș SRL" in page
    assert ">In review</span>" in page
    assert application.cover_letter in page
    assert reverse("application_cv", args=[application.pk]) in page
    assert "Submitted → In review" in page
    assert "Secret: weak on SQL" not in page
    assert "Withdraw this application" in page
    assert "Yes, withdraw my application" in page


def test_interview_details_and_calendar_link(client, student, application):
    Application.objects.filter(pk=application.pk).update(
        status="interview",
        interview_at=timezone.now() + timedelta(days=2),
        interview_location="Str. Memorandumului 28, sala 2",
    )
    client.force_login(student)

    page = client.get(detail(application)).content.decode()

    assert "Str. Memorandumului 28, sala 2" in page
    assert reverse("interview_ics", args=[application.pk]) in page


def test_offer_shows_message_deadline_and_links_to_confirm_each_answer(
    client, student, application
):
    Application.objects.filter(pk=application.pk).update(
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=3),
        message_to_student="We would love to have you.",
    )
    client.force_login(student)

    page = client.get(detail(application)).content.decode()

    assert "We would love to have you." in page
    assert "Answer by" in page
    assert f'href="{reverse("confirm_accept_offer", args=[application.pk])}"' in page
    assert f'href="{reverse("confirm_decline_offer", args=[application.pk])}"' in page
    assert f'action="{reverse("accept_offer", args=[application.pk])}"' not in page


def test_a_closed_application_has_no_withdraw_button(client, student, application):
    Application.objects.filter(pk=application.pk).update(status="rejected")
    client.force_login(student)

    page = client.get(detail(application)).content.decode()

    assert ">Not selected</span>" in page
    assert reverse("withdraw_application", args=[application.pk]) not in page


def test_another_students_application_is_404(client, other_student, application):
    client.force_login(other_student)

    assert client.get(detail(application)).status_code == 404


def test_company_member_is_forbidden_on_the_student_page(client, company_admin, application):
    client.force_login(company_admin)

    assert client.get(detail(application)).status_code == 403


# Withdraw -------------------------------------------------------------------------------


def withdraw(application):
    return reverse("withdraw_application", args=[application.pk])


def test_withdraw_is_post_only(client, student, application):
    client.force_login(student)

    assert client.get(withdraw(application)).status_code == 405


def test_anonymous_cannot_withdraw(client, application):
    response = client.post(withdraw(application))

    assert response.url.startswith(reverse("account_login"))
    application.refresh_from_db()
    assert application.status == "submitted"


def test_another_student_cannot_withdraw(client, other_student, application):
    client.force_login(other_student)

    assert client.post(withdraw(application)).status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_company_member_cannot_withdraw(client, company_admin, application):
    client.force_login(company_admin)

    assert client.post(withdraw(application)).status_code == 403


def test_student_withdraws_an_open_application(client, student, application, company_admin):
    client.force_login(student)

    response = client.post(withdraw(application), follow=True)

    assert response.redirect_chain[-1][0] == detail(application)
    assert "Your application was withdrawn." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert "Submitted → Withdrawn" in response.content.decode()
    assert company_admin.notifications.filter(kind="application_withdrawn").exists()


def test_withdrawing_a_closed_application_shows_a_message(client, student, application):
    Application.objects.filter(pk=application.pk).update(status="rejected")
    client.force_login(student)

    response = client.post(withdraw(application), follow=True)

    assert response.status_code == 200
    assert "This cannot be done now" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "rejected"


# Interview calendar file ----------------------------------------------------------------


def ics(application):
    return reverse("interview_ics", args=[application.pk])


def test_interview_ics_is_an_rfc5545_calendar(client, student, application):
    when = datetime(2030, 3, 4, 8, 30, tzinfo=UTC)
    Application.objects.filter(pk=application.pk).update(
        status="interview", interview_at=when, interview_location="Str. Horea 1, et. 2; sala A"
    )
    client.force_login(student)

    response = client.get(ics(application))

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="interview.ics"' in response["Content-Disposition"]
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")
    assert "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    assert "DTSTART:20300304T083000Z" in lines
    assert "DTEND:20300304T093000Z" in lines
    assert any(line.startswith("UID:application-") for line in lines)
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)
    assert "SUMMARY:Interview: Backend intern (Django)" in lines
    assert "LOCATION:Str. Horea 1\\, et. 2\\; sala A" in lines
    assert all(len(line.encode()) <= 75 for line in lines)


def test_long_lines_are_folded(client, student, application):
    Application.objects.filter(pk=application.pk).update(
        status="interview",
        interview_at=timezone.now() + timedelta(days=1),
        interview_location="https://meet.example.org/" + "ș" * 80,
    )
    client.force_login(student)

    body = client.get(ics(application)).content.decode()

    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "LOCATION:https://meet.example.org/" + "ș" * 80 in unfolded


def test_no_interview_no_calendar(client, student, application):
    client.force_login(student)

    assert client.get(ics(application)).status_code == 404


def test_another_student_gets_404_for_the_calendar(client, other_student, application):
    Application.objects.filter(pk=application.pk).update(
        status="interview", interview_at=timezone.now() + timedelta(days=1)
    )
    client.force_login(other_student)

    assert client.get(ics(application)).status_code == 404


def test_a_line_break_in_the_place_stays_inside_the_location(client, student, application):
    Application.objects.filter(pk=application.pk).update(
        status="interview",
        interview_at=timezone.now() + timedelta(days=1),
        interview_location="Sala A\rATTENDEE:mailto:x@example.org\r\nURL:https://evil.example",
    )
    client.force_login(student)

    body = client.get(ics(application)).content.decode()

    unfolded = body.replace("\r\n ", "").split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "URL")) for line in unfolded)
    assert "\r" not in body.replace("\r\n", "")
    assert any(line.startswith("LOCATION:Sala A") for line in unfolded)
