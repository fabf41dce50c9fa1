"""Screening questions: the host asks them on the placement form, the student answers them
when applying, the host and the student read the answers."""

import pytest
from django.urls import reverse

from core.services import ServiceError
from internships import services
from internships.models import Application, ScreeningAnswer, ScreeningQuestion
from tests import factories
from tests.internships.test_company_placements import draft, placement_data

LETTER = "Lucrez cu Django de doi ani și vreau să învăț mai mult."


def question_rows(entries, total=5):
    data = {"questions-TOTAL_FORMS": str(total), "questions-INITIAL_FORMS": "0"}
    for n, entry in enumerate(entries):
        data.update({f"questions-{n}-{key}": value for key, value in entry.items()})
    return data


@pytest.fixture
def questions(placement):
    return [
        ScreeningQuestion.objects.create(
            placement=placement, text="Why Django?", required=True, max_length=50, position=0
        ),
        ScreeningQuestion.objects.create(
            placement=placement, text="Anything else?", required=False, max_length=200, position=1
        ),
    ]


# The host writes them --------------------------------------------------------------------


def test_the_host_adds_questions_on_a_new_placement(client, company_admin, period, programme):
    client.force_login(company_admin)
    rows = question_rows(
        [
            {"text": "Why Django?", "required": "on", "max_length": "300"},
            {"text": "Your GitHub?", "max_length": "100"},
            {"text": "", "required": "on", "max_length": "500"},
        ]
    )

    response = client.post(
        reverse("placement_create"), {**placement_data(period, programme), **rows}
    )

    assert response.status_code == 302
    assert list(ScreeningQuestion.objects.values_list("text", "required", "max_length")) == [
        ("Why Django?", True, 300),
        ("Your GitHub?", False, 100),
    ]


def test_the_host_edits_the_questions_of_a_draft(
    client, company_admin, organisation, period, programme
):
    placement = draft(organisation, period, programme)
    ScreeningQuestion.objects.create(placement=placement, text="Old question")
    client.force_login(company_admin)
    data = {
        **placement_data(period, programme),
        **question_rows([{"text": "New", "max_length": "80"}]),
    }

    client.post(reverse("placement_edit", args=[placement.pk]), data)

    assert list(placement.questions.values_list("text", flat=True)) == ["New"]
    page = client.get(reverse("placement_edit", args=[placement.pk])).content.decode()
    assert 'value="New"' in page


def test_an_answer_length_out_of_range_is_refused_and_nothing_is_saved(
    client, company_admin, period, programme
):
    client.force_login(company_admin)
    rows = question_rows([{"text": "Why?", "max_length": "5"}])

    response = client.post(
        reverse("placement_create"), {**placement_data(period, programme), **rows}
    )

    assert response.status_code == 400
    assert "between 20 and 3000" in response.context["questions"].forms[0].errors["max_length"][0]
    assert not ScreeningQuestion.objects.exists()


def test_more_questions_than_allowed_are_refused(
    client, company_admin, period, programme, settings
):
    client.force_login(company_admin)
    count = settings.PLACEMENT_MAX_QUESTIONS + 1
    rows = question_rows(
        [{"text": f"Q{n}", "max_length": "100"} for n in range(count)], total=count
    )

    response = client.post(
        reverse("placement_create"), {**placement_data(period, programme), **rows}
    )

    assert response.status_code == 400
    assert response.context["questions"].non_form_errors()
    assert not ScreeningQuestion.objects.exists()


def test_a_duplicate_keeps_the_questions(company_admin, placement, questions):
    copy = services.duplicate_placement(placement=placement, by=company_admin)

    assert list(copy.questions.values_list("text", flat=True)) == ["Why Django?", "Anything else?"]


def test_another_organisation_cannot_edit_the_questions(
    client, other_company_admin, organisation, period, programme
):
    placement = draft(organisation, period, programme)
    client.force_login(other_company_admin)
    data = {**placement_data(period, programme), **question_rows([{"text": "Mine now"}])}

    assert client.post(reverse("placement_edit", args=[placement.pk]), data).status_code == 404
    assert not ScreeningQuestion.objects.exists()


# The student answers them ----------------------------------------------------------------


def apply(client, placement, questions, first="Because I like it.", second=""):
    return client.post(
        reverse("apply", args=[placement.pk]),
        {
            "cover_letter": LETTER,
            "cv_upload": factories.pdf_upload(),
            f"answer_{questions[0].pk}": first,
            f"answer_{questions[1].pk}": second,
        },
    )


def test_the_student_answers_when_applying(client, student, placement, questions):
    client.force_login(student)
    page = client.get(reverse("apply", args=[placement.pk])).content.decode()
    assert "Why Django?" in page and "At most 50 characters." in page

    response = apply(client, placement, questions, second="I speak German.")

    assert response.status_code == 302
    assert list(ScreeningAnswer.objects.values_list("question_text", "answer")) == [
        ("Why Django?", "Because I like it."),
        ("Anything else?", "I speak German."),
    ]


def test_a_required_answer_missing_is_refused_beside_the_field(
    client, student, placement, questions
):
    client.force_login(student)

    response = apply(client, placement, questions, first="  ")

    errors = response.context["form"].errors[f"answer_{questions[0].pk}"]
    assert "the organisation requires it" in errors[0]
    assert not Application.objects.exists()
    assert not ScreeningAnswer.objects.exists()


def test_an_answer_too_long_is_refused_beside_the_field(client, student, placement, questions):
    client.force_login(student)

    response = apply(client, placement, questions, first="x" * 51)

    errors = response.context["form"].errors[f"answer_{questions[0].pk}"]
    assert "51 characters long; keep it to 50" in errors[0]
    assert not Application.objects.exists()


def test_the_service_holds_the_rules_too(student, placement, questions):
    with pytest.raises(ServiceError, match="requires it"):
        services.apply(
            by=student,
            placement=placement,
            cover_letter=LETTER,
            cv_upload=factories.pdf_upload(),
            answers={},
        )
    with pytest.raises(ServiceError, match="to 50 characters"):
        services.apply(
            by=student,
            placement=placement,
            cover_letter=LETTER,
            cv_upload=factories.pdf_upload(),
            answers={questions[0].pk: "y" * 60},
        )
    assert not Application.objects.exists()


# Who reads the answers ----------------------------------------------------------------------


@pytest.fixture
def answered(client, student, placement, questions):
    client.force_login(student)
    apply(client, placement, questions, second="Nothing more.")
    client.logout()
    return Application.objects.get()


def test_the_host_reads_the_answers_on_the_applicant_page(client, company_admin, answered):
    client.force_login(company_admin)

    page = client.get(reverse("company_application", args=[answered.pk])).content.decode()

    assert "Answers to the screening questions" in page
    assert "Because I like it." in page and "Nothing more." in page


def test_the_student_reads_their_answers(client, student, answered):
    client.force_login(student)

    page = client.get(reverse("student_application", args=[answered.pk])).content.decode()

    assert "Because I like it." in page


def test_another_organisation_does_not_see_the_applicant(client, other_company_admin, answered):
    client.force_login(other_company_admin)

    response = client.get(reverse("company_application", args=[answered.pk]))

    assert response.status_code == 404


def test_another_student_does_not_see_the_answers(client, other_student, answered):
    client.force_login(other_student)

    response = client.get(reverse("student_application", args=[answered.pk]))

    assert response.status_code == 404
