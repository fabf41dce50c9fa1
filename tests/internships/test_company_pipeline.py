import pytest
from django.urls import reverse

from internships.models import Application
from notifications.models import Notification
from tests import factories


def pipeline_url(placement):
    return reverse("pipeline", args=[placement.pk])


def reject_remaining_url(placement):
    return reverse("reject_remaining", args=[placement.pk])


def applicant(placement, status="submitted", programme=None, skills=(), last_name="Bălan"):
    profile = factories.StudentFactory(
        programme=programme or placement.programmes.first(),
        user__first_name="Ana",
        user__last_name=last_name,
    )
    profile.skills.set(skills)
    return factories.ApplicationFactory(placement=placement, student=profile.user, status=status)


# Access -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, placement):
    response = client.get(pipeline_url(placement))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "staff"])
def test_other_roles_are_refused(client, request, placement, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(pipeline_url(placement)).status_code == 403
    assert client.post(reject_remaining_url(placement)).status_code == 403


def test_another_organisation_gets_404(client, other_company_admin, placement, application):
    client.force_login(other_company_admin)

    assert client.get(pipeline_url(placement)).status_code == 404
    assert client.post(reject_remaining_url(placement)).status_code == 404


def test_reject_remaining_answers_405_to_get(client, recruiter, placement):
    client.force_login(recruiter)

    assert client.get(reject_remaining_url(placement)).status_code == 405


# The list -----------------------------------------------------------------------------


def test_pipeline_lists_the_applicants(client, recruiter, placement, programme):
    python = factories.SkillFactory(name="Python")
    application = applicant(placement, skills=[python], last_name="Moldovan", status="in_review")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ana Moldovan" in content
    assert "Computer Science" in content
    assert "Python" in content
    assert "In review" in content
    assert reverse("company_application", args=[application.pk]) in content


def test_pipeline_counts_applicants_per_status(client, recruiter, placement):
    for status in ["submitted", "submitted", "shortlisted", "rejected"]:
        applicant(placement, status=status)
    applicant(factories.PlacementFactory(), status="submitted")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement))

    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts["submitted"] == 2
    assert counts["shortlisted"] == 1
    assert counts["rejected"] == 1
    assert counts["offered"] == 0
    assert response.context["total"] == 4
    assert 'href="?status=shortlisted&amp;view=table"' in response.content.decode()


def test_pipeline_filters_by_status(client, recruiter, placement):
    shortlisted = applicant(placement, status="shortlisted", last_name="Listed")
    applicant(placement, status="submitted", last_name="Waiting")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"status": "shortlisted", "view": "table"})

    assert list(response.context["page"].object_list) == [shortlisted]
    assert "Ana Listed" in response.content.decode()
    assert "Ana Waiting" not in response.content.decode()


def test_pipeline_filters_by_programme_and_skills(client, recruiter, placement, programme):
    other_programme = factories.ProgrammeFactory(name="Economics", code="ECO")
    placement.programmes.add(other_programme)
    sql, react = factories.SkillFactory(name="SQL"), factories.SkillFactory(name="React")
    economist = applicant(placement, programme=other_programme, skills=[sql])
    developer = applicant(placement, programme=programme, skills=[react, sql])
    client.force_login(recruiter)

    by_programme = client.get(
        pipeline_url(placement), {"programme": other_programme.pk, "view": "table"}
    )
    by_skill = client.get(pipeline_url(placement), {"skills": [react.pk], "view": "table"})
    by_either_skill = client.get(
        pipeline_url(placement), {"skills": [react.pk, sql.pk], "view": "table"}
    )

    assert list(by_programme.context["page"].object_list) == [economist]
    assert list(by_skill.context["page"].object_list) == [developer]
    assert set(by_either_skill.context["page"].object_list) == {economist, developer}


def test_an_unknown_status_filter_is_shown_as_an_error_not_a_crash(client, recruiter, placement):
    applicant(placement)
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"status": "hacked"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["status"]


def test_htmx_request_gets_only_the_results(client, recruiter, placement):
    applicant(placement, last_name="Fragment")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "Ana Fragment" in content
    assert 'id="pipeline-results"' in content
    assert "<h1" not in content


def test_restoring_the_pipeline_from_history_gets_the_whole_page(client, recruiter, placement):
    """The back button restores the page htmx filtered: the whole page, never the results
    alone; and a browser keeps the two answers apart (Vary: HX-Request)."""
    applicant(placement, last_name="Fragment")
    client.force_login(recruiter)

    response = client.get(
        pipeline_url(placement), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )

    assert "<h1" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_pipeline_is_paginated(client, recruiter, placement, settings):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        applicant(placement)
    client.force_login(recruiter)

    response = client.get(
        pipeline_url(placement), {"status": "submitted", "page": 2, "view": "table"}
    )

    assert len(response.context["page"].object_list) == 1
    assert "status=submitted&amp;page=1" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_pipeline_query_count_does_not_grow(
    client, recruiter, placement, django_assert_max_num_queries, rows
):
    skills = [factories.SkillFactory(name="Go"), factories.SkillFactory(name="Rust")]
    for _ in range(rows):
        applicant(placement, skills=skills)
    client.force_login(recruiter)

    with django_assert_max_num_queries(16):  # with the header's unread-messages count
        response = client.get(pipeline_url(placement), {"skills": [skills[0].pk], "view": "table"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 20)


# Reject all remaining -----------------------------------------------------------------


def test_reject_remaining_is_offered_only_when_the_positions_are_filled(
    client, recruiter, placement
):
    applicant(placement, status="accepted")
    applicant(placement, status="submitted")
    client.force_login(recruiter)

    before = client.get(pipeline_url(placement)).content.decode()
    applicant(placement, status="accepted")
    after = client.get(pipeline_url(placement)).content.decode()

    assert reject_remaining_url(placement) not in before
    assert reject_remaining_url(placement) in after
    assert "Reject all remaining" in after


def test_reject_remaining_tells_every_open_applicant(client, recruiter, placement):
    applicant(placement, status="accepted")
    applicant(placement, status="accepted")
    waiting = [applicant(placement, status=s) for s in ("submitted", "shortlisted", "interview")]
    withdrawn = applicant(placement, status="withdrawn")
    client.force_login(recruiter)

    response = client.post(
        reject_remaining_url(placement), {"message": "Thank you for applying."}, follow=True
    )

    assert "3 remaining applicants were told." in response.content.decode()
    for application in waiting:
        application.refresh_from_db()
        assert application.status == "rejected"
        assert application.message_to_student == "Thank you for applying."
        assert Notification.objects.filter(
            recipient=application.student, kind="application_rejected"
        ).exists()
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"


def test_reject_remaining_is_refused_while_positions_are_open(client, recruiter, placement):
    applicant(placement, status="accepted")
    waiting = applicant(placement, status="submitted")
    client.force_login(recruiter)

    response = client.post(reject_remaining_url(placement), follow=True)

    assert "Positions are still open: 1 of 2." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "submitted"
    assert not Application.objects.filter(status="rejected").exists()


def test_reject_remaining_refuses_a_message_too_long(client, recruiter, placement):
    applicant(placement, status="accepted")
    applicant(placement, status="accepted")
    waiting = applicant(placement, status="submitted")
    client.force_login(recruiter)

    response = client.post(reject_remaining_url(placement), {"message": "x" * 5001}, follow=True)

    assert "at most 5000 characters" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "submitted"


# No applicants yet -------------------------------------------------------------------


def test_a_draft_without_applicants_says_to_submit_it_not_how_to_change_them(
    client, recruiter, placement
):
    placement.status = "draft"
    placement.save(update_fields=["status"])
    client.force_login(recruiter)

    content = client.get(pipeline_url(placement)).content.decode()

    assert "No applicants yet" in content
    assert "Students cannot apply yet: the placement is a draft." in content
    assert reverse("placement_submit", args=[placement.pk]) in content
    for control in ("Move selected", "Reject selected", "export=csv", "Applicants by status"):
        assert control not in content


def test_a_published_placement_without_applicants_gives_its_page_to_share(
    client, recruiter, placement
):
    client.force_login(recruiter)

    content = client.get(pipeline_url(placement)).content.decode()

    assert "Share its page with students" in content
    assert f"http://testserver{reverse('placement_detail', args=[placement.pk])}" in content
    assert "Move selected" not in content


def test_the_controls_come_back_with_the_first_applicant(client, recruiter, placement):
    applicant(placement)
    client.force_login(recruiter)

    content = client.get(pipeline_url(placement)).content.decode()

    assert "No applicants yet" not in content
    assert "Move selected" in content
    assert "export=csv" in content
