import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import services
from tests import factories
from tests.pdfs import text_of


@pytest.fixture
def certificate(staff, student, placement, host_tutor, supervisor):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    internship = factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        status="completed",
        completed_at=timezone.now(),
    )
    return services.issue_certificate(internship=internship, by=staff)


def download_url(certificate, language="ro"):
    return reverse("certificate_download", args=[certificate.pk, language])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_anonymous_is_sent_to_log_in(client, certificate):
    response = client.get(download_url(certificate))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("language", ["ro", "en"])
def test_the_student_downloads_their_certificate_byte_for_byte(
    client, student, certificate, language
):
    client.force_login(student)

    response = client.get(download_url(certificate, language))

    content = body(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{certificate.serial}-{language}.pdf"'
    )
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == getattr(certificate, f"sha256_{language}")


@pytest.mark.parametrize(
    "role", ["company_admin", "recruiter", "host_tutor", "supervisor", "staff"]
)
def test_the_organisation_the_mentors_and_staff_download_it(client, request, certificate, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(download_url(certificate))

    assert response.status_code == 200
    assert hashlib.sha256(body(response)).hexdigest() == certificate.sha256_ro


@pytest.mark.parametrize("role", ["other_student", "other_company_admin"])
def test_another_student_or_organisation_gets_404(client, request, certificate, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(download_url(certificate)).status_code == 404


def test_a_mentor_of_another_internship_gets_404(client, certificate, other_internship):
    client.force_login(other_internship.host_tutor)

    assert client.get(download_url(certificate)).status_code == 404


def test_an_unknown_language_is_404(client, student, certificate):
    client.force_login(student)

    assert client.get(f"/certificates/{certificate.pk}/de.pdf").status_code == 404


def test_an_unknown_certificate_is_404(client, staff, certificate):
    client.force_login(staff)

    assert client.get(f"/certificates/{certificate.pk + 999}/ro.pdf").status_code == 404


def test_a_revoked_certificate_still_downloads_with_its_mark(client, staff, student, certificate):
    services.revoke_certificate(certificate=certificate, by=staff, reason="Greșeală")
    client.force_login(student)

    response = client.get(download_url(certificate, "en"))

    assert response.status_code == 200
    assert "REVOKED" in text_of(response.content)
    assert hashlib.sha256(response.content).hexdigest() != certificate.sha256_en


@pytest.mark.parametrize("revoked", [False, True])
def test_a_certificate_file_gone_from_the_storage_is_a_page_not_a_server_error(
    client, staff, student, certificate, revoked
):
    if revoked:
        services.revoke_certificate(certificate=certificate, by=staff, reason="Wrong dates.")
    certificate.pdf_ro.storage.delete(certificate.pdf_ro.name)
    client.force_login(student)

    response = client.get(download_url(certificate))

    assert response.status_code == 404
    assert "File not found" in response.content.decode()
    assert "issue the certificate again" in response.content.decode()
