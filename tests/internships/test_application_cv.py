from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services as account_services
from internships.models import Application
from tests.factories import PDF_BYTES, MentorFactory, newest_cv, pdf_bytes, pdf_upload


def url(application):
    return reverse("application_cv", args=[application.pk])


def content_of(response):
    return b"".join(response.streaming_content)


def test_anonymous_is_sent_to_login(client, application):
    response = client.get(url(application))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_applicant_downloads_the_cv_as_an_attachment(client, student, application):
    client.force_login(student)

    response = client.get(url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert content_of(response) == PDF_BYTES


def test_members_of_the_placements_organisation_download_it(
    client, company_admin, recruiter, application
):
    for member in (company_admin, recruiter):
        client.force_login(member)
        assert content_of(client.get(url(application))) == PDF_BYTES


def test_staff_download_it(client, staff, application):
    client.force_login(staff)

    assert content_of(client.get(url(application))) == PDF_BYTES


def test_another_student_gets_404(client, other_student, application):
    client.force_login(other_student)

    assert client.get(url(application)).status_code == 404


def test_a_member_of_another_organisation_gets_404(client, other_company_admin, application):
    client.force_login(other_company_admin)

    assert client.get(url(application)).status_code == 404


def test_a_host_tutor_of_the_organisation_gets_404(client, organisation, application):
    client.force_login(MentorFactory(organisation=organisation).user)

    assert client.get(url(application)).status_code == 404


def test_a_newer_profile_cv_does_not_change_the_applications_copy(client, student, placement):
    client.force_login(student)
    profile = student.student_profile
    account_services.update_student_profile(
        profile=profile, by=student, data={}, cv=SimpleUploadedFile("old.pdf", PDF_BYTES)
    )
    client.post(
        reverse("apply", args=[placement.pk]),
        {"cover_letter": "Vreau acest stagiu.", "cv_source": newest_cv(student)},
    )
    application = Application.objects.get(student=student)

    account_services.update_student_profile(
        profile=profile,
        by=student,
        data={},
        cv=pdf_upload(content=pdf_bytes("A brand new CV")),
        cv_label="New",
    )

    assert content_of(client.get(reverse("student_cv"))) == pdf_bytes("A brand new CV")
    assert content_of(client.get(url(application))) == PDF_BYTES
