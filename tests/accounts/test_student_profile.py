import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services
from core.services import ServiceError
from tests.factories import ProgrammeFactory, SkillFactory, pdf_bytes

URL = reverse("student_profile")
PDF = pdf_bytes()


@pytest.fixture
def data(programme):
    return {
        "programme": programme.pk,
        "year_of_study": "3",
        "student_number": "S999",
        "phone": "0722 000 000",
        "bio": "Îmi place să construiesc lucruri.",
    }


def test_student_updates_profile_and_skills(client, student, data):
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    client.force_login(student)

    response = client.post(URL, {**data, "skills": [python.pk, sql.pk]}, follow=True)

    assert "Your profile was saved." in response.content.decode()
    profile = student.student_profile
    profile.refresh_from_db()
    assert (profile.year_of_study, profile.student_number, profile.bio) == (
        3,
        "S999",
        "Îmi place să construiesc lucruri.",
    )
    assert set(profile.skills.all()) == {python, sql}


def test_student_uploads_a_pdf_cv_and_downloads_it(client, student, data):
    client.force_login(student)

    client.post(URL, {**data, "cv_upload": SimpleUploadedFile("cv.pdf", PDF)})
    response = client.get(reverse("student_cv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(client, student, data):
    client.force_login(student)

    response = client.post(
        URL,
        {**data, "cv_upload": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 this is an executable")},
    )

    assert response.status_code == 200
    assert "must be a PDF" in response.context["form"].errors["cv_upload"][0]
    student.student_profile.refresh_from_db()
    assert not student.student_profile.cvs.exists()
    assert student.student_profile.student_number != "S999"


def test_a_cv_over_the_size_limit_is_refused(client, student, data, settings):
    settings.CV_MAX_BYTES = 1024
    client.force_login(student)

    response = client.post(
        URL, {**data, "cv_upload": SimpleUploadedFile("cv.pdf", PDF + b"0" * 2048)}
    )

    assert "larger than" in response.context["form"].errors["cv_upload"][0]


def test_student_number_of_another_student_is_refused(client, student, other_student, data):
    data["student_number"] = other_student.student_profile.student_number
    client.force_login(student)

    response = client.post(URL, data)

    assert response.context["form"].errors
    student.student_profile.refresh_from_db()
    assert student.student_profile.student_number != data["student_number"]


def test_year_outside_1_to_6_is_refused(client, student, data):
    data["year_of_study"] = "9"
    client.force_login(student)

    response = client.post(URL, data)

    assert response.context["form"].errors["year_of_study"]


def test_no_cv_is_404(client, student):
    client.force_login(student)

    assert client.get(reverse("student_cv")).status_code == 404


@pytest.mark.parametrize("who", ["company_admin", "host_tutor", "staff"])
def test_other_roles_cannot_open_the_student_profile_or_cv(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403
    assert client.get(reverse("student_cv")).status_code == 403


def test_uploaded_cv_is_not_served_from_a_public_url(client, student, data):
    client.force_login(student)
    client.post(URL, {**data, "cv_upload": SimpleUploadedFile("cv.pdf", PDF)})
    path = student.student_profile.cvs.get().file.name
    client.logout()

    for prefix in ("/media/", "/", "/static/"):
        assert client.get(prefix + path).status_code in (302, 404)


def test_the_programme_is_shown_but_not_offered(client, student):
    client.force_login(student)

    page = client.get(URL).content.decode()

    assert 'name="programme"' not in page
    assert student.student_profile.programme.name in page


def test_a_student_cannot_change_their_programme(client, student, data):
    law = ProgrammeFactory(name="Law", code="DREPT")
    client.force_login(student)

    client.post(URL, {**data, "programme": law.pk})

    profile = student.student_profile
    profile.refresh_from_db()
    assert profile.programme != law
    assert profile.student_number == "S999"


def test_the_service_leaves_the_programme_alone(student):
    profile = student.student_profile
    before = profile.programme

    services.update_student_profile(
        profile=profile, by=student, data={"programme": ProgrammeFactory(name="Law", code="DREPT")}
    )

    profile.refresh_from_db()
    assert profile.programme == before


def test_the_service_refuses_a_cv_that_is_not_a_pdf(student):
    profile = student.student_profile

    with pytest.raises(ServiceError, match="must be a PDF"):
        services.update_student_profile(
            profile=profile,
            by=student,
            data={},
            cv=SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable"),
        )

    assert not profile.cvs.exists()
