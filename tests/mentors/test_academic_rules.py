"""The academic rules: the pass mark, the result after the final evaluation, the window of
the final evaluation, and when an internship may start. Each holds in the service and the
page says why the action is unavailable instead of offering it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships.models import Agreement, Internship
from mentors import services
from mentors.models import AcademicResult, Competency, Evaluation
from tests.factories import LogbookEntryFactory

TODAY = timezone.localdate


def full_scores(value=4):
    return {c.pk: (value, "") for c in Competency.objects.filter(is_active=True)}


def ending_in(internship, days):
    internship.ends_on = TODAY() + timedelta(days=days)
    internship.save(update_fields=["ends_on"])
    return internship


def submit_final(internship, host_tutor):
    return services.save_evaluation(
        internship=internship, kind="final", by=host_tutor, scores=full_scores(), submit=True
    )


@pytest.fixture
def evaluated(internship, host_tutor):
    """Near its end, with the host tutor's final evaluation submitted."""
    ending_in(internship, 10)
    submit_final(internship, host_tutor)
    return internship


def result_url(internship):
    return reverse("result_form", args=[internship.pk])


def final_url(internship):
    return reverse("evaluation_form", args=[internship.pk, "final"])


def result_data(**changes):
    return {"grade": "9", "passed": "yes", "credits": "5", "comment": "", **changes}


# The pass mark -------------------------------------------------------------------------


def test_a_grade_below_the_pass_mark_cannot_be_recorded_as_passed(evaluated, supervisor):
    with pytest.raises(ServiceError, match="A grade below 5 cannot be recorded as passed."):
        services.record_result(internship=evaluated, by=supervisor, grade=4, passed=True, credits=5)

    assert not AcademicResult.objects.exists()


def test_a_grade_below_the_pass_mark_is_recorded_as_failed(evaluated, supervisor):
    result = services.record_result(
        internship=evaluated, by=supervisor, grade=4, passed=False, credits=0
    )

    assert (result.grade, result.passed) == (4, False)


def test_the_pass_mark_itself_passes(evaluated, supervisor):
    result = services.record_result(
        internship=evaluated, by=supervisor, grade=5, passed=True, credits=5
    )

    assert result.passed


def test_the_pass_mark_is_a_setting(evaluated, supervisor, settings):
    settings.PASS_MARK = Decimal("6")

    with pytest.raises(ServiceError, match="A grade below 6 cannot be recorded as passed."):
        services.record_result(internship=evaluated, by=supervisor, grade=5, passed=True, credits=5)


def test_changing_a_result_to_a_pass_below_the_mark_is_refused(evaluated, supervisor):
    services.record_result(internship=evaluated, by=supervisor, grade=4, passed=False, credits=0)

    with pytest.raises(ServiceError, match="cannot be recorded as passed"):
        services.record_result(internship=evaluated, by=supervisor, grade=4, passed=True, credits=5)

    assert AcademicResult.objects.get().passed is False


def test_the_form_says_it_next_to_the_field(client, supervisor, evaluated):
    client.force_login(supervisor)

    response = client.post(result_url(evaluated), result_data(grade="4"))

    assert response.status_code == 400
    assert response.context["form"].errors["passed"] == [
        "A grade below 5 cannot be recorded as passed."
    ]
    assert not AcademicResult.objects.exists()


def test_the_form_tells_the_pass_mark(client, supervisor, evaluated):
    client.force_login(supervisor)

    assert "A grade below 5 is a fail." in client.get(result_url(evaluated)).content.decode()


# The result comes after the final evaluation ---------------------------------------------


def test_no_result_before_the_final_evaluation(internship, supervisor, host_tutor):
    ending_in(internship, 10)
    services.save_evaluation(
        internship=internship, kind="final", by=host_tutor, scores=full_scores()
    )  # a draft is not enough

    with pytest.raises(ServiceError, match="once the host tutor's final evaluation is submitted"):
        services.record_result(
            internship=internship, by=supervisor, grade=9, passed=True, credits=5
        )

    assert not AcademicResult.objects.exists()


def test_the_result_page_says_why_instead_of_the_form(client, supervisor, internship):
    client.force_login(supervisor)

    response = client.get(result_url(internship))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is None
    assert (
        "The result can be recorded once the host tutor&#x27;s final evaluation is submitted."
        in page
    )
    assert "Save the result" not in page


def test_a_stale_form_posted_before_the_final_evaluation_is_refused(client, supervisor, internship):
    client.force_login(supervisor)

    response = client.post(result_url(internship), result_data())

    assert response.status_code == 400
    assert "final evaluation is submitted" in response.content.decode()
    assert not AcademicResult.objects.exists()


def test_others_are_not_told_why_they_cannot_record(client, student, internship):
    client.force_login(student)

    page = client.get(result_url(internship)).content.decode()

    assert "final evaluation is submitted" not in page


# The final evaluation's window -----------------------------------------------------------


def test_the_final_evaluation_is_closed_far_from_the_end(internship, host_tutor):
    ending_in(internship, 30)

    with pytest.raises(ServiceError, match="The final evaluation opens on"):
        services.save_evaluation(
            internship=internship, kind="final", by=host_tutor, scores=full_scores()
        )
    with pytest.raises(ServiceError, match="The final evaluation opens on"):
        submit_final(internship, host_tutor)

    assert not Evaluation.objects.exists()


def test_the_final_evaluation_opens_in_the_last_two_weeks(internship, host_tutor):
    ending_in(internship, 14)

    evaluation = submit_final(internship, host_tutor)

    assert evaluation.status == "submitted"


def test_the_final_evaluation_opens_once_the_required_hours_are_approved(internship, host_tutor):
    ending_in(internship, 30)
    for day in range(10):
        LogbookEntryFactory(
            internship=internship, date=TODAY() - timedelta(days=day + 1), hours=12,
            status="approved",
        )  # fmt: skip
    LogbookEntryFactory(internship=internship, hours=12, status="submitted")  # not counted

    assert submit_final(internship, host_tutor).status == "submitted"


def test_submitted_hours_do_not_open_it(internship, host_tutor):
    ending_in(internship, 30)
    for day in range(10):
        LogbookEntryFactory(
            internship=internship, date=TODAY() - timedelta(days=day + 1), hours=12,
            status="submitted",
        )  # fmt: skip

    with pytest.raises(ServiceError, match="The final evaluation opens on"):
        submit_final(internship, host_tutor)


def test_the_window_is_a_setting(internship, host_tutor, settings):
    settings.FINAL_EVALUATION_WINDOW_DAYS = 40
    ending_in(internship, 30)

    assert submit_final(internship, host_tutor).status == "submitted"


def test_the_midterm_and_the_students_evaluations_are_not_held_back(internship, host_tutor):
    ending_in(internship, 30)

    services.save_evaluation(
        internship=internship, kind="midterm", by=host_tutor, scores=full_scores(), submit=True
    )
    services.save_evaluation(
        internship=internship,
        kind="self",
        by=internship.student,
        scores=full_scores(),
        submit=True,
    )

    assert Evaluation.objects.filter(status="submitted").count() == 2


def test_the_final_evaluation_page_says_when_it_opens(client, host_tutor, internship):
    ending_in(internship, 30)
    client.force_login(host_tutor)

    response = client.get(final_url(internship))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "The final evaluation opens on" in page
    assert "the 120 required (0 so far)" in page
    assert "Save draft" not in page


def test_a_final_evaluation_posted_too_early_is_refused(client, host_tutor, internship):
    ending_in(internship, 30)
    client.force_login(host_tutor)
    data = {"action": "submit", "comment": "Early."}
    for pk, (score, _comment) in full_scores().items():
        data[f"score_{pk}"] = str(score)

    response = client.post(final_url(internship), data)

    assert response.status_code == 400
    assert "The final evaluation opens on" in response.content.decode()
    assert not Evaluation.objects.exists()


# Starting an internship ------------------------------------------------------------------


@pytest.fixture
def planned(internship):
    internship.status = "planned"
    internship.save(update_fields=["status"])
    return internship


def test_an_internship_cannot_start_before_its_start_date(planned, host_tutor):
    planned.starts_on = TODAY() + timedelta(days=1)
    planned.save(update_fields=["starts_on"])

    with pytest.raises(ServiceError, match="cannot be started before then"):
        services.start_internship(internship=planned, by=host_tutor)

    assert Internship.objects.get(pk=planned.pk).status == "planned"


def test_staff_cannot_start_it_early_either(planned, staff):
    planned.starts_on = TODAY() + timedelta(days=1)
    planned.save(update_fields=["starts_on"])

    with pytest.raises(ServiceError, match="cannot be started before then"):
        services.start_internship(internship=planned, by=staff)


def test_an_internship_cannot_start_before_its_agreement_is_confirmed(planned, host_tutor):
    Agreement.objects.filter(internship=planned).update(university_confirmed_at=None)

    with pytest.raises(ServiceError, match="have confirmed the internship agreement"):
        services.start_internship(internship=planned, by=host_tutor)

    assert Internship.objects.get(pk=planned.pk).status == "planned"


def test_an_internship_without_an_agreement_cannot_start(planned, staff):
    Agreement.objects.filter(internship=planned).delete()

    with pytest.raises(ServiceError, match="have confirmed the internship agreement"):
        services.start_internship(internship=planned, by=staff)


@pytest.mark.parametrize("field", ["overridden_at", "paper_recorded_at"])
def test_an_agreement_signed_on_paper_or_overridden_by_staff_counts(planned, staff, field):
    Agreement.objects.filter(internship=planned).update(
        university_confirmed_at=None, **{field: timezone.now()}
    )

    services.start_internship(internship=planned, by=staff)

    assert Internship.objects.get(pk=planned.pk).status == "active"


def test_it_starts_on_its_date_once_confirmed(planned, host_tutor):
    planned.starts_on = TODAY()
    planned.save(update_fields=["starts_on"])

    services.start_internship(internship=planned, by=host_tutor)

    assert Internship.objects.get(pk=planned.pk).status == "active"


def test_the_daily_start_waits_for_the_agreement(planned):
    Agreement.objects.filter(internship=planned).update(student_confirmed_at=None)

    assert services.start_due_internships() == 0
    assert Internship.objects.get(pk=planned.pk).status == "planned"

    Agreement.objects.filter(internship=planned).update(student_confirmed_at=timezone.now())

    assert services.start_due_internships() == 1
    assert Internship.objects.get(pk=planned.pk).status == "active"


def test_the_daily_start_waits_for_the_date(planned):
    planned.starts_on = TODAY() + timedelta(days=2)
    planned.save(update_fields=["starts_on"])

    assert services.start_due_internships() == 0
    assert services.start_due_internships(today=TODAY() + timedelta(days=2)) == 1


def test_a_start_posted_too_early_is_refused_with_the_reason(client, host_tutor, planned):
    planned.starts_on = TODAY() + timedelta(days=3)
    planned.save(update_fields=["starts_on"])
    client.force_login(host_tutor)

    response = client.post(reverse("internship_start", args=[planned.pk]), follow=True)

    assert "cannot be started before then" in response.content.decode()
    assert Internship.objects.get(pk=planned.pk).status == "planned"
