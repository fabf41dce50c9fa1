from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mentors.models import AcademicResult, Competency, Evaluation, Score
from tests.factories import LogbookEntryFactory
from tests.pdfs import text_of

SUBMITTED_AT = datetime(2026, 7, 1, 10, 30, tzinfo=ZoneInfo("Europe/Bucharest"))


@pytest.fixture
def internship(internship):
    internship.period.certificate_language = "en"
    internship.period.save(update_fields=["certificate_language"])
    return internship


def evaluation(internship, kind, author, *, status="submitted", **fields):
    made = Evaluation.objects.create(
        internship=internship,
        kind=kind,
        author=author,
        status=status,
        submitted_at=SUBMITTED_AT if status == "submitted" else None,
        comment=fields.pop("comment", f"Overall, a {kind} to remember."),
        **fields,
    )
    if kind in Evaluation.RUBRIC_KINDS:
        for number, competency in enumerate(Competency.objects.filter(is_active=True)):
            Score.objects.create(
                evaluation=made,
                competency=competency,
                score=3 + number % 3,
                comment=f"Remark on {competency.name}",
            )
    return made


@pytest.fixture
def midterm(internship, host_tutor):
    return evaluation(internship, "midterm", host_tutor)


@pytest.fixture
def result(internship, supervisor):
    return AcademicResult.objects.create(
        internship=internship,
        grade=9,
        passed=True,
        credits=5,
        comment="Thorough work; a good report.",
        recorded_by=supervisor,
    )


def evaluation_url(internship, kind):
    return reverse("evaluation_pdf", args=[internship.pk, kind])


def result_url(internship):
    return reverse("result_pdf", args=[internship.pk])


def pdf_text(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(text_of(response.content).split())


# What the evaluation prints -------------------------------------------------------------


def test_the_tutors_evaluation_prints_the_rubric_the_comment_and_who_filled_it(
    client, student, internship, midterm
):
    text = pdf_text(client, student, evaluation_url(internship, "midterm"))

    assert "Mid-term evaluation" in text
    assert "Study programme: Computer Science" in text
    assert "Codează Someș SRL" in text
    assert "Professional knowledge 3 Remark on Professional knowledge" in text
    assert "Technical skills 4 Remark on Technical skills" in text
    assert "Communication 5 Remark on Communication" in text
    assert "Average 3.86" in text
    assert "Overall, a midterm to remember." in text
    assert "Filled in by Ștefan Mureșan, submitted on 1 July 2026" in text
    signatures = text[text.index("Overall, a midterm") :]
    assert (
        "Host tutor (evaluator) Academic supervisor Ștefan Mureșan Horațiu Crișan "
        "Date: 1 July 2026 Date: Signature Signature"
    ) in signatures
    assert signatures.count("Signature") == 2


def test_the_final_evaluation_prints_under_its_name(client, supervisor, internship, host_tutor):
    evaluation(internship, "final", host_tutor)

    text = pdf_text(client, supervisor, evaluation_url(internship, "final"))

    assert "Final evaluation" in text
    assert "Overall, a final to remember." in text


def test_the_self_evaluation_is_signed_by_the_student(client, staff, internship, student):
    evaluation(internship, "self", student)

    text = pdf_text(client, staff, evaluation_url(internship, "self"))

    assert "Self-evaluation" in text
    assert "Filled in by Ioana Bălan, submitted on 1 July 2026" in text
    assert "Student Academic supervisor Ioana Bălan Horațiu Crișan Date: 1 July 2026" in text


def test_the_rating_of_the_host_prints_its_answers(client, student, internship):
    evaluation(
        internship,
        "host_rating",
        student,
        task_relevance=4,
        mentoring_quality=None,
        would_recommend=True,
    )

    text = pdf_text(client, student, evaluation_url(internship, "host_rating"))

    assert "Rating of the host" in text
    assert "Relevance of the tasks 4 out of 5" in text
    assert "Quality of the mentoring Not answered" in text
    assert "Would recommend the host Yes" in text


def test_a_romanian_period_names_the_competencies_in_romanian(client, student, internship, midterm):
    internship.period.certificate_language = "ro"
    internship.period.save(update_fields=["certificate_language"])

    text = pdf_text(client, student, evaluation_url(internship, "midterm"))

    assert "Cunoștințe de specialitate" in text
    assert "Evaluarea intermediară" in text
    assert "Cunoștințe de specialitate 3 Remark on Professional knowledge" in text


def test_the_evaluation_is_a_private_attachment(client, student, internship, midterm):
    client.force_login(student)

    response = client.get(evaluation_url(internship, "midterm"))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evaluation-midterm.pdf"'
    assert "private" in response["Cache-Control"]


# Who may print which evaluation ---------------------------------------------------------


@pytest.mark.parametrize("reader", ["student", "host_tutor", "supervisor", "staff"])
def test_those_who_read_the_evaluation_on_the_page_print_it(
    client, internship, midterm, reader, request
):
    client.force_login(request.getfixturevalue(reader))

    assert client.get(evaluation_url(internship, "midterm")).status_code == 200


@pytest.mark.parametrize("member", ["company_admin", "recruiter"])
def test_the_organisations_other_members_do_not_print_evaluations(
    client, internship, midterm, member, request
):
    client.force_login(request.getfixturevalue(member))

    assert client.get(evaluation_url(internship, "midterm")).status_code == 404


def test_the_host_tutor_does_not_print_the_students_rating_of_the_host(
    client, host_tutor, internship, student
):
    evaluation(internship, "host_rating", student, task_relevance=2)
    client.force_login(host_tutor)

    assert client.get(evaluation_url(internship, "host_rating")).status_code == 404


@pytest.mark.parametrize("reader", ["host_tutor", "student", "staff"])
def test_a_draft_evaluation_is_not_printed_even_for_its_author(
    client, internship, host_tutor, reader, request
):
    evaluation(internship, "final", host_tutor, status="draft")
    client.force_login(request.getfixturevalue(reader))

    assert client.get(evaluation_url(internship, "final")).status_code == 404


def test_an_evaluation_not_written_is_not_found(client, student, internship):
    client.force_login(student)

    assert client.get(evaluation_url(internship, "final")).status_code == 404


def test_an_unknown_kind_is_not_found(client, student, internship, midterm):
    client.force_login(student)

    assert client.get(evaluation_url(internship, "weekly")).status_code == 404


@pytest.mark.parametrize("outsider", ["other_student", "other_company_admin"])
def test_outsiders_get_404(client, internship, midterm, outsider, request):
    client.force_login(request.getfixturevalue(outsider))

    assert client.get(evaluation_url(internship, "midterm")).status_code == 404


def test_a_mentor_guessing_another_interns_evaluation_gets_404(
    client, host_tutor, other_internship
):
    evaluation(other_internship, "midterm", other_internship.host_tutor)
    client.force_login(host_tutor)

    assert client.get(evaluation_url(other_internship, "midterm")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, internship, midterm):
    response = client.get(evaluation_url(internship, "midterm"))

    assert response.url.startswith(reverse("account_login"))


# The academic result --------------------------------------------------------------------


def test_the_result_prints_grade_outcome_credits_comment_and_who_recorded_it(
    client, student, internship, result
):
    LogbookEntryFactory(internship=internship, status="approved", hours=8)
    LogbookEntryFactory(internship=internship, status="submitted", hours=4)

    text = pdf_text(client, student, result_url(internship))

    assert "Academic result" in text
    assert "Grade 9 out of 10" in text
    assert "Outcome Passed" in text
    assert "Credits 5" in text
    assert "Approved hours 8 of 120 required" in text
    assert "Thorough work; a good report." in text
    assert "Recorded by Horațiu Crișan" in text
    recorded_on = date_format(timezone.localdate(), "j F Y")
    assert f"Recorded on {recorded_on}" in text
    signatures = text[text.index("Thorough work") :]
    assert (
        f"Academic supervisor Student Horațiu Crișan Ioana Bălan Date: {recorded_on} Date: "
        "Signature Signature"
    ) in signatures


def test_a_failed_result_says_so(client, supervisor, internship, result):
    result.passed = False
    result.grade = 4
    result.credits = 0
    result.save()

    text = pdf_text(client, supervisor, result_url(internship))

    assert "Outcome Failed" in text
    assert "Grade 4 out of 10" in text
    assert "Credits 0" in text


@pytest.mark.parametrize(
    "reader", ["student", "host_tutor", "supervisor", "company_admin", "staff"]
)
def test_everyone_who_sees_the_result_on_the_page_prints_it(
    client, internship, result, reader, request
):
    client.force_login(request.getfixturevalue(reader))

    response = client.get(result_url(internship))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="academic-result.pdf"'


def test_a_result_not_recorded_is_not_found(client, supervisor, internship):
    client.force_login(supervisor)

    assert client.get(result_url(internship)).status_code == 404


@pytest.mark.parametrize("outsider", ["other_student", "other_company_admin"])
def test_outsiders_do_not_print_the_result(client, internship, result, outsider, request):
    client.force_login(request.getfixturevalue(outsider))

    assert client.get(result_url(internship)).status_code == 404


# The links on the internship page -------------------------------------------------------


def test_the_page_links_each_submitted_evaluation_and_the_result(
    client, student, internship, midterm, result, host_tutor
):
    evaluation(internship, "final", host_tutor, status="draft")
    client.force_login(student)

    page = client.get(internship.get_absolute_url()).content.decode()

    assert evaluation_url(internship, "midterm") in page
    assert evaluation_url(internship, "final") not in page
    assert result_url(internship) in page


def test_the_page_of_an_organisation_member_has_no_evaluation_link(
    client, company_admin, internship, midterm
):
    client.force_login(company_admin)

    page = client.get(internship.get_absolute_url()).content.decode()

    assert evaluation_url(internship, "midterm") not in page
