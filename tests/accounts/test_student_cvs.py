"""A student keeps several labelled CVs: adds them on the profile, opens and removes them."""

from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import StudentCV
from tests.factories import PDF_BYTES, ApplicationFactory, give_cv, pdf_bytes, pdf_upload

URL = reverse("student_profile")
BASICS = {"year_of_study": "3", "student_number": "", "phone": "", "bio": ""}


def add(client, label, content=None):
    upload = pdf_upload(content=content or pdf_bytes(label))
    return client.post(URL, {**BASICS, "cv_label": label, "cv_upload": upload}, follow=True)


def test_a_student_adds_a_second_cv_with_its_label(client, student):
    give_cv(student, label="Backend")
    client.force_login(student)

    response = add(client, "Data")

    assert "Your profile was saved." in response.content.decode()
    assert [cv.label for cv in student.student_profile.cvs.all()] == ["Data", "Backend"]
    page = client.get(URL).content.decode()
    assert "Backend" in page and "Data" in page


def test_the_newest_cv_is_the_one_the_old_address_serves(client, student):
    give_cv(student, label="Old", content=pdf_bytes("Old"))
    client.force_login(student)
    add(client, "New")

    response = client.get(reverse("student_cv"))

    assert b"".join(response.streaming_content) == pdf_bytes("New")


def test_a_sixth_cv_is_refused_beside_the_field(client, student, settings):
    for n in range(settings.STUDENT_MAX_CVS):
        give_cv(student, label=f"CV {n}")
    client.force_login(student)

    response = add(client, "One more")

    assert "the most allowed" in response.context["form"].errors["cv_upload"][0]
    assert StudentCV.objects.filter(profile__user=student).count() == settings.STUDENT_MAX_CVS


def test_a_label_already_used_is_refused(client, student):
    give_cv(student, label="Backend")
    client.force_login(student)

    response = add(client, "backend")

    assert "already have a CV labelled" in response.context["form"].errors["cv_label"][0]
    assert student.student_profile.cvs.count() == 1


def test_a_file_that_is_not_a_pdf_is_refused(client, student):
    client.force_login(student)

    response = add(client, "Fake", content=b"MZ\x90\x00 an executable")

    assert "must be a PDF" in response.context["form"].errors["cv_upload"][0]
    assert not student.student_profile.cvs.exists()


def test_a_student_opens_one_of_their_cvs(client, student):
    cv = give_cv(student, label="Data", content=pdf_bytes("Data"))
    client.force_login(student)

    response = client.get(reverse("student_cv_file", args=[cv.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes("Data")


def test_another_students_cv_is_not_found(client, student, other_student):
    cv = give_cv(other_student)
    client.force_login(student)

    assert client.get(reverse("student_cv_file", args=[cv.pk])).status_code == 404
    assert client.post(reverse("remove_student_cv", args=[cv.pk])).status_code == 404
    assert StudentCV.objects.filter(pk=cv.pk).exists()


def test_a_student_removes_a_cv_and_its_file(client, student, django_capture_on_commit_callbacks):
    cv = give_cv(student, label="Old")
    storage, name = cv.file.storage, cv.file.name
    client.force_login(student)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("remove_student_cv", args=[cv.pk]), follow=True)

    assert "was removed" in response.content.decode()
    assert not StudentCV.objects.filter(pk=cv.pk).exists()
    assert not storage.exists(name)


def test_removing_needs_a_post(client, student):
    cv = give_cv(student)
    client.force_login(student)

    assert client.get(reverse("remove_student_cv", args=[cv.pk])).status_code == 405


@pytest.mark.parametrize("who", ["company_admin", "staff"])
def test_other_roles_are_refused(client, request, student, who):
    cv = give_cv(student)
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("student_cv_file", args=[cv.pk])).status_code == 403
    assert client.post(reverse("remove_student_cv", args=[cv.pk])).status_code == 403
    assert StudentCV.objects.filter(pk=cv.pk).exists()


def test_anonymous_is_sent_to_login(client, student):
    cv = give_cv(student)

    response = client.post(reverse("remove_student_cv", args=[cv.pk]))

    assert response.status_code == 302
    assert StudentCV.objects.filter(pk=cv.pk).exists()


def test_a_cv_file_an_application_still_uses_is_kept(
    client, student, recruiter, placement, django_capture_on_commit_callbacks
):
    """Seeded data points a profile's CV and the student's applications at one file."""
    cv = give_cv(student, label="Shared")
    application = ApplicationFactory(placement=placement, student=student, cv=cv.file.name)
    client.force_login(student)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("remove_student_cv", args=[cv.pk]))

    assert not StudentCV.objects.filter(pk=cv.pk).exists()
    assert cv.file.storage.exists(cv.file.name)
    client.force_login(recruiter)
    response = client.get(reverse("application_cv", args=[application.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_cv_file_another_cv_row_uses_is_kept(client, student, django_capture_on_commit_callbacks):
    first = give_cv(student, label="First")
    second = give_cv(student, label="Second")
    StudentCV.objects.filter(pk=second.pk).update(file=first.file.name)
    client.force_login(student)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("remove_student_cv", args=[first.pk]))

    assert first.file.storage.exists(first.file.name)
    response = client.get(reverse("student_cv_file", args=[second.pk]))
    assert response.status_code == 200


def test_a_file_that_cannot_be_deleted_leaves_the_removal_done(
    client, student, django_capture_on_commit_callbacks, caplog
):
    cv = give_cv(student, label="Old")
    client.force_login(student)

    with (
        mock.patch.object(
            type(cv.file.storage._wrapped), "delete", side_effect=PermissionError("read-only")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("remove_student_cv", args=[cv.pk]), follow=True)

    assert "was removed" in response.content.decode()
    assert not StudentCV.objects.filter(pk=cv.pk).exists()
    assert "could not be deleted" in caplog.text


def test_a_cv_file_gone_from_the_storage_is_a_page_not_a_server_error(client, student):
    cv = give_cv(student, label="Gone")
    cv.file.storage.delete(cv.file.name)
    client.force_login(student)

    for url in (reverse("student_cv_file", args=[cv.pk]), reverse("student_cv")):
        response = client.get(url)
        assert response.status_code == 404
        assert "File not found" in response.content.decode()
        assert "Upload your CV again" in response.content.decode()


def test_an_application_cv_gone_from_the_storage_is_a_page_not_a_server_error(
    client, student, recruiter, placement
):
    application = ApplicationFactory(placement=placement, student=student)
    application.cv.storage.delete(application.cv.name)
    client.force_login(recruiter)

    response = client.get(reverse("application_cv", args=[application.pk]))

    assert response.status_code == 404
    assert "File not found" in response.content.decode()
