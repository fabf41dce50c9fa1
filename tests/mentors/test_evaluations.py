from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Internship
from mentors import services
from mentors.models import Competency, Evaluation, Score


@pytest.fixture
def internship(internship):
    """Ten days before its end: the final evaluation is open (see test_final_evaluation_window)."""
    internship.ends_on = timezone.localdate() + timedelta(days=10)
    internship.save(update_fields=["ends_on"])
    return internship


def page_url(internship, kind):
    return reverse("evaluation_form", args=[internship.pk, kind])


def reopen_url(internship, kind):
    return reverse("evaluation_reopen", args=[internship.pk, kind])


def rubric(**scores):
    """Every competency in use scored 4 unless given; None leaves one out."""
    return {c.pk: scores.get(c.name, 4) for c in Competency.objects.filter(is_active=True)}


def rubric_data(action="draft", comment="Solid work.", **scores):
    data = {"action": action, "comment": comment}
    for pk, score in rubric(**scores).items():
        if score is not None:
            data[f"score_{pk}"] = str(score)
        data[f"comment_{pk}"] = f"note {pk}"
    return data


def host_rating_data(action="draft", **changes):
    data = {
        "action": action,
        "task_relevance": "4",
        "mentoring_quality": "5",
        "would_recommend": "yes",
        "comment": "Great team.",
    }
    return {**data, **changes}


def submitted(internship, kind, by):
    scores = {pk: (score, "") for pk, score in rubric().items()}
    return services.save_evaluation(
        internship=internship, kind=kind, by=by, scores=scores, comment="Done.", submit=True
    )


# Who may open and fill which evaluation ------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(client, internship, method):
    response = getattr(client, method)(page_url(internship, "final"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unknown_kind_of_evaluation_is_not_found(client, host_tutor, internship):
    client.force_login(host_tutor)

    assert client.get(page_url(internship, "weekly")).status_code == 404
    assert client.post(page_url(internship, "weekly"), rubric_data()).status_code == 404


def test_a_mentor_guessing_another_interns_id_gets_404(client, host_tutor, other_internship):
    client.force_login(host_tutor)

    assert client.get(page_url(other_internship, "final")).status_code == 404
    assert client.post(page_url(other_internship, "final"), rubric_data()).status_code == 404
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("person", "kind"),
    [("host_tutor", "host_rating"), ("company_admin", "final"), ("recruiter", "self")],
)
def test_the_rated_host_and_the_organisation_do_not_read_private_evaluations(
    client, request, internship, person, kind
):
    client.force_login(request.getfixturevalue(person))

    assert client.get(page_url(internship, kind)).status_code == 404
    assert client.post(page_url(internship, kind), rubric_data()).status_code == 404
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("person", "kind"),
    [
        ("supervisor", "final"),
        ("supervisor", "midterm"),
        ("student", "midterm"),
        ("student", "final"),
        ("host_tutor", "self"),
        ("staff", "midterm"),
    ],
)
def test_only_the_author_of_each_kind_may_fill_it(client, request, internship, person, kind):
    client.force_login(request.getfixturevalue(person))
    data = host_rating_data() if kind == "host_rating" else rubric_data()

    assert client.post(page_url(internship, kind), data).status_code == 403
    page = client.get(page_url(internship, kind))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "This evaluation has not been submitted yet." in page.content.decode()
    assert not Evaluation.objects.exists()


def test_the_host_tutor_gets_a_fieldset_per_competency_in_use(client, host_tutor, internship):
    Competency.objects.filter(name="Teamwork").update(is_active=False)
    client.force_login(host_tutor)

    response = client.get(page_url(internship, "final"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<fieldset class="competency"') == 6
    assert "<legend>Communication</legend>" in page
    assert "Explains clearly, listens, writes well." in page
    assert "<legend>Teamwork</legend>" not in page
    assert page.count('type="radio"') == 6 * 5
    assert "Save draft" in page
    assert "Submit (it cannot be changed afterwards)" in page


# Draft and submission ------------------------------------------------------------------


def test_a_draft_keeps_its_values_and_stays_open(client, host_tutor, internship):
    client.force_login(host_tutor)
    communication = Competency.objects.get(name="Communication")

    response = client.post(
        page_url(internship, "midterm"),
        rubric_data(action="draft", Communication=2, Teamwork=None),
        follow=True,
    )

    evaluation = Evaluation.objects.get(internship=internship, kind="midterm")
    assert evaluation.status == "draft"
    assert evaluation.comment == "Solid work."
    assert evaluation.scores.get(competency=communication).score == 2
    assert not evaluation.scores.filter(competency__name="Teamwork").exists()
    assert "Draft saved. You can finish it later." in response.content.decode()
    form = response.context["form"]
    assert form[f"score_{communication.pk}"].value() == 2
    assert form[f"comment_{communication.pk}"].value() == f"note {communication.pk}"


def test_submitting_locks_the_evaluation(client, host_tutor, internship, staff):
    client.force_login(host_tutor)

    response = client.post(page_url(internship, "final"), rubric_data(action="submit"), follow=True)

    evaluation = Evaluation.objects.get(internship=internship, kind="final")
    assert evaluation.status == "submitted"
    assert evaluation.scores.count() == 7
    page = response.content.decode()
    assert "Evaluation submitted. It is now locked." in page
    assert "Submitted and locked" in page
    assert response.context["form"] is None
    assert "Reopen this evaluation" not in page


def test_a_second_post_to_a_locked_evaluation_changes_nothing(client, host_tutor, internship):
    submitted(internship, "final", host_tutor)
    client.force_login(host_tutor)

    response = client.post(
        page_url(internship, "final"),
        rubric_data(action="submit", comment="Changed my mind.", Communication=1),
        follow=True,
    )

    assert "This evaluation is submitted and locked. Staff can reopen it." in (
        response.content.decode()
    )
    evaluation = Evaluation.objects.get(internship=internship, kind="final")
    assert evaluation.comment == "Done."
    assert set(evaluation.scores.values_list("score", flat=True)) == {4}


@pytest.mark.parametrize("forged", ["0", "6", "five"])
def test_a_score_outside_1_to_5_is_refused(client, host_tutor, internship, forged):
    client.force_login(host_tutor)
    communication = Competency.objects.get(name="Communication")
    data = rubric_data(action="draft")
    data[f"score_{communication.pk}"] = forged

    response = client.post(page_url(internship, "midterm"), data)

    assert response.status_code == 400
    assert response.context["form"].errors[f"score_{communication.pk}"] == [
        "Each score is from 1 to 5."
    ]
    assert "Each score is from 1 to 5." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_forged_score_leaves_a_saved_draft_as_it_was(client, host_tutor, internship):
    client.force_login(host_tutor)
    client.post(page_url(internship, "midterm"), rubric_data(action="draft"))
    teamwork = Competency.objects.get(name="Teamwork")
    data = rubric_data(action="draft", comment="Other text.", Teamwork=6)

    assert client.post(page_url(internship, "midterm"), data).status_code == 400

    evaluation = Evaluation.objects.get()
    assert evaluation.comment == "Solid work."
    assert evaluation.scores.get(competency=teamwork).score == 4


def test_submitting_with_a_score_missing_is_refused(client, host_tutor, internship):
    client.force_login(host_tutor)
    teamwork = Competency.objects.get(name="Teamwork")

    response = client.post(
        page_url(internship, "final"), rubric_data(action="submit", Teamwork=None)
    )

    assert response.status_code == 400
    assert response.context["form"].errors[f"score_{teamwork.pk}"] == [
        "Choose a score before submitting."
    ]
    assert "Please correct the errors below." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_services_refusal_is_shown_on_the_page(client, host_tutor, internship):
    Internship.objects.filter(pk=internship.pk).update(status="planned")
    client.force_login(host_tutor)

    response = client.post(page_url(internship, "midterm"), rubric_data(action="draft"))

    assert response.status_code == 400
    assert "Evaluations are filled while the internship runs." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_intern_fills_the_self_evaluation(client, student, internship):
    client.force_login(student)

    client.post(page_url(internship, "self"), rubric_data(action="submit", Teamwork=5))

    evaluation = Evaluation.objects.get(internship=internship, kind="self")
    assert (evaluation.status, evaluation.author) == ("submitted", student)
    assert evaluation.scores.get(competency__name="Teamwork").score == 5


# Rating of the host --------------------------------------------------------------------


def test_the_intern_rates_the_host(client, student, internship):
    client.force_login(student)
    page = client.get(page_url(internship, "host_rating")).content.decode()
    assert "Relevance of the tasks" in page
    assert "Would you recommend this host to other students?" in page

    response = client.post(
        page_url(internship, "host_rating"), host_rating_data(action="submit"), follow=True
    )

    evaluation = Evaluation.objects.get(internship=internship, kind="host_rating")
    assert (evaluation.status, evaluation.task_relevance, evaluation.mentoring_quality) == (
        "submitted",
        4,
        5,
    )
    assert evaluation.would_recommend is True
    assert "5 out of 5" in response.content.decode()


def test_a_host_rating_draft_may_be_incomplete(client, student, internship):
    client.force_login(student)

    client.post(
        page_url(internship, "host_rating"),
        host_rating_data(action="draft", mentoring_quality="", would_recommend="no"),
    )

    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.mentoring_quality) == ("draft", None)
    assert evaluation.would_recommend is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"task_relevance": "6"}, "task_relevance", "Each score is from 1 to 5."),
        ({"mentoring_quality": "0"}, "mentoring_quality", "Each score is from 1 to 5."),
        ({"would_recommend": ""}, "would_recommend", "Answer this question before submitting."),
        ({"task_relevance": ""}, "task_relevance", "Answer this question before submitting."),
    ],
)
def test_a_bad_host_rating_is_refused(client, student, internship, changes, field, message):
    client.force_login(student)

    response = client.post(
        page_url(internship, "host_rating"), host_rating_data(action="submit", **changes)
    )

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Evaluation.objects.exists()


# Others read a submitted evaluation ----------------------------------------------------


@pytest.mark.parametrize("person", ["student", "supervisor", "staff"])
def test_others_read_a_submitted_evaluation(client, request, host_tutor, internship, person):
    submitted(internship, "final", host_tutor)
    client.force_login(request.getfixturevalue(person))

    response = client.get(page_url(internship, "final"))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "Submitted and locked" in page
    assert '<th scope="row">Communication</th>' in page
    assert "Done." in page
    assert 'name="action"' not in page


def test_a_draft_is_not_shown_to_others(client, host_tutor, student, internship):
    client.force_login(host_tutor)
    client.post(page_url(internship, "final"), rubric_data(action="draft", comment="Secret."))
    client.force_login(student)

    page = client.get(page_url(internship, "final")).content.decode()

    assert "This evaluation has not been submitted yet." in page
    assert "Secret." not in page


# Reopening -----------------------------------------------------------------------------


def test_staff_see_the_reopen_form_on_a_locked_evaluation(client, staff, host_tutor, internship):
    submitted(internship, "final", host_tutor)
    client.force_login(staff)

    page = client.get(page_url(internship, "final")).content.decode()

    assert "Reopen this evaluation" in page
    assert reopen_url(internship, "final") in page
    assert 'name="reason"' in page


def test_staff_reopen_with_a_reason(client, staff, host_tutor, internship):
    submitted(internship, "final", host_tutor)
    client.force_login(staff)

    response = client.post(
        reopen_url(internship, "final"), {"reason": "The tutor scored the wrong student."}
    )

    assert response.status_code == 302
    assert response.url == page_url(internship, "final")
    assert Evaluation.objects.get().status == "draft"
    page = client.get(response.url).content.decode()
    assert "The evaluation is reopened: its author can change it again." in page


def test_the_author_changes_a_reopened_evaluation(client, staff, host_tutor, internship):
    evaluation = submitted(internship, "final", host_tutor)
    services.reopen_evaluation(evaluation=evaluation, by=staff, reason="Typo.")
    client.force_login(host_tutor)

    client.post(page_url(internship, "final"), rubric_data(action="submit", comment="Fixed."))

    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.comment) == ("submitted", "Fixed.")


def test_reopening_needs_a_reason(client, staff, host_tutor, internship):
    submitted(internship, "final", host_tutor)
    client.force_login(staff)

    response = client.post(reopen_url(internship, "final"), {"reason": "  "}, follow=True)

    assert "Give the reason for reopening the evaluation." in response.content.decode()
    assert Evaluation.objects.get().status == "submitted"


@pytest.mark.parametrize("person", ["host_tutor", "supervisor", "student"])
def test_only_staff_reopen(client, request, host_tutor, internship, person):
    submitted(internship, "final", host_tutor)
    client.force_login(request.getfixturevalue(person))

    response = client.post(reopen_url(internship, "final"), {"reason": "Let me change it."})

    assert response.status_code == 403
    assert Evaluation.objects.get().status == "submitted"
    assert (
        "Reopen this evaluation" not in client.get(page_url(internship, "final")).content.decode()
    )


def test_reopen_is_post_only(client, staff, host_tutor, internship):
    submitted(internship, "final", host_tutor)
    client.force_login(staff)

    assert client.get(reopen_url(internship, "final")).status_code == 405


def test_anonymous_cannot_reopen(client, host_tutor, internship):
    submitted(internship, "final", host_tutor)

    response = client.post(reopen_url(internship, "final"), {"reason": "Why not."})

    assert response.url.startswith(reverse("account_login"))
    assert Evaluation.objects.get().status == "submitted"


def test_reopening_a_missing_or_unknown_evaluation_is_not_found(client, staff, internship):
    client.force_login(staff)

    assert client.post(reopen_url(internship, "final"), {"reason": "x"}).status_code == 404
    assert client.post(reopen_url(internship, "weekly"), {"reason": "x"}).status_code == 404


def test_reopening_a_draft_says_it_is_not_submitted(client, staff, host_tutor, internship):
    client.force_login(host_tutor)
    client.post(page_url(internship, "final"), rubric_data(action="draft"))
    client.force_login(staff)

    response = client.post(reopen_url(internship, "final"), {"reason": "x"}, follow=True)

    assert "This evaluation is not submitted." in response.content.decode()


# Query budget --------------------------------------------------------------------------


def rubric_of(size):
    Competency.objects.update(is_active=False)
    for index in range(size):
        Competency.objects.create(name=f"Competency {index}", position=index, description="x")


def scored(internship, kind, by, *, submit):
    evaluation = Evaluation.objects.create(internship=internship, kind=kind, author=by)
    Score.objects.bulk_create(
        Score(evaluation=evaluation, competency=c, score=3, comment="ok")
        for c in Competency.objects.filter(is_active=True)
    )
    if submit:
        Evaluation.objects.filter(pk=evaluation.pk).update(status="submitted")


@pytest.mark.parametrize("size", [3, 30])
def test_the_form_page_runs_a_fixed_number_of_queries(
    client, host_tutor, internship, django_assert_max_num_queries, size
):
    rubric_of(size)
    scored(internship, "final", host_tutor, submit=False)
    client.force_login(host_tutor)

    with django_assert_max_num_queries(8):
        response = client.get(page_url(internship, "final"))

    assert response.content.decode().count('<fieldset class="competency"') == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_read_only_page_runs_a_fixed_number_of_queries(
    client, staff, host_tutor, internship, django_assert_max_num_queries, size
):
    rubric_of(size)
    scored(internship, "final", host_tutor, submit=True)
    client.force_login(staff)

    with django_assert_max_num_queries(7):
        response = client.get(page_url(internship, "final"))

    assert response.content.decode().count('<th scope="row">') == size
