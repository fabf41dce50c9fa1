import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Internship
from mentors import services
from mentors.models import AcademicResult, Evaluation


@pytest.fixture
def internship(internship, host_tutor):
    """The host tutor's final evaluation is in: the result can be recorded."""
    Evaluation.objects.create(
        internship=internship,
        kind=Evaluation.Kind.FINAL,
        author=host_tutor,
        status=Evaluation.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return internship


def result_url(internship):
    return reverse("result_form", args=[internship.pk])


def result_data(**changes):
    data = {"grade": "9", "passed": "yes", "credits": "5", "comment": "A very good internship."}
    return {**data, **changes}


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(client, internship, method):
    response = getattr(client, method)(result_url(internship), result_data())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not AcademicResult.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_supervisor_guessing_another_interns_id_gets_404(
    client, supervisor, other_internship, method
):
    client.force_login(supervisor)

    response = getattr(client, method)(result_url(other_internship), result_data())

    assert response.status_code == 404
    assert not AcademicResult.objects.exists()


@pytest.mark.parametrize("person", ["student", "host_tutor", "company_admin", "staff"])
def test_only_the_supervisor_records_the_result(client, request, internship, person):
    client.force_login(request.getfixturevalue(person))

    assert client.post(result_url(internship), result_data()).status_code == 403
    assert not AcademicResult.objects.exists()


def test_the_supervisor_gets_the_form_with_the_periods_credits(client, supervisor, internship):
    client.force_login(supervisor)

    response = client.get(result_url(internship))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The result has not been recorded yet." in page
    assert "Record the result" in page
    form = response.context["form"]
    assert form["credits"].value() == internship.period.credits == 5
    assert page.count("<option") == 11
    assert page.count('type="radio"') == 2


def test_the_supervisor_records_the_result(client, supervisor, internship):
    client.force_login(supervisor)

    response = client.post(result_url(internship), result_data(), follow=True)

    result = AcademicResult.objects.get(internship=internship)
    assert (result.grade, result.passed, result.credits, result.recorded_by) == (
        9,
        True,
        5,
        supervisor,
    )
    page = response.content.decode()
    assert "The result is recorded. The student has been told." in page
    assert "9 out of 10" in page
    assert "Change the result" in page


def test_the_supervisor_changes_a_recorded_result(client, supervisor, internship):
    services.record_result(internship=internship, by=supervisor, grade=4, passed=False, credits=5)
    client.force_login(supervisor)
    assert client.get(result_url(internship)).context["form"]["passed"].value() == "no"

    client.post(result_url(internship), result_data(grade="6", passed="yes"))

    result = AcademicResult.objects.get()
    assert (result.grade, result.passed) == (6, True)


@pytest.mark.parametrize("person", ["student", "host_tutor", "staff"])
def test_others_read_the_result(client, request, supervisor, internship, person):
    services.record_result(
        internship=internship, by=supervisor, grade=10, passed=True, credits=5, comment="Bravo."
    )
    client.force_login(request.getfixturevalue(person))

    response = client.get(result_url(internship))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "10 out of 10" in page
    assert "Passed" in page
    assert "Bravo." in page
    assert '<form method="post" class="form"' not in page


def test_the_student_is_told_when_no_result_is_recorded(client, student, internship):
    client.force_login(student)

    page = client.get(result_url(internship)).content.decode()

    assert "The result has not been recorded yet." in page
    assert "Save the result" not in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"grade": "0"}, "grade", "The grade is from 1 to 10."),
        ({"grade": "11"}, "grade", "The grade is from 1 to 10."),
        ({"grade": ""}, "grade", "Choose a grade from 1 to 10."),
        ({"passed": ""}, "passed", "Say whether the student passed."),
        ({"credits": "61"}, "credits", "Ensure this value is less than or equal to 60."),
    ],
)
def test_bad_input_is_refused(client, supervisor, internship, changes, field, message):
    client.force_login(supervisor)

    response = client.post(result_url(internship), result_data(**changes))

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not AcademicResult.objects.exists()


def test_the_services_refusal_is_shown(client, supervisor, internship):
    Internship.objects.filter(pk=internship.pk).update(status="terminated")
    client.force_login(supervisor)

    response = client.post(result_url(internship), result_data())

    assert response.status_code == 400
    assert "The result is recorded at the end of a running internship." in (
        response.content.decode()
    )
    assert not AcademicResult.objects.exists()
