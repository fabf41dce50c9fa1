import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents import services
from mentors.models import AcademicResult
from tests import factories

VERIFY = reverse("verify")


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
    for _ in range(10):
        factories.LogbookEntryFactory(internship=internship, status="approved", hours=12)
    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=5, recorded_by=supervisor
    )
    return services.issue_certificate(internship=internship, by=staff)


def pdf_of(certificate, language="ro") -> bytes:
    field = certificate.pdf_ro if language == "ro" else certificate.pdf_en
    with field.open("rb") as pdf:
        return pdf.read()


def upload(client, content: bytes, name="certificate.pdf"):
    return client.post(
        VERIFY, {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")}
    )


# By code -------------------------------------------------------------------------------


def test_the_verification_page_is_public(client, db):
    response = client.get(VERIFY)

    assert response.status_code == 200
    assert "Verify a certificate" in response.content.decode()


def test_the_code_form_leads_to_the_certificate_with_the_code_tidied(client, certificate):
    typed = " ".join(certificate.code.lower()[i : i + 4] for i in range(0, 24, 4))

    response = client.get(VERIFY, {"code": f"  {typed} "})

    assert response.status_code == 302
    assert response.url == certificate.get_absolute_url()


def test_an_empty_code_is_asked_again(client, db):
    response = client.get(VERIFY, {"code": "  "})

    assert response.status_code == 400
    assert "Type the code printed on the certificate." in response.content.decode()


def test_a_valid_certificate_shows_what_it_states(client, certificate, student):
    response = client.get(certificate.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in content
    for fact in (
        "Ioana Bălan",
        "Computer Science",
        "Codează Someș SRL",
        "Summer 2027",
        "120",
        "Ștefan Mureșan",
        "Horațiu Crișan",
        "grade 9 of 10, passed, 5 credits",
        certificate.serial,
    ):
        assert fact in content
    assert student.email not in content
    assert "@" not in content.split('<main id="main"')[1]


def test_a_revoked_certificate_says_when_and_why_and_what_replaced_it(client, staff, certificate):
    new = services.reissue_certificate(
        certificate=certificate, by=staff, reason="Numele era scris greșit."
    )

    response = client.get(certificate.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Revoked" in content
    assert "This certificate was revoked on" in content
    assert "Numele era scris greșit." in content
    assert f"It was replaced by certificate {new.serial}." in content


def test_an_unknown_code_is_404_with_a_clear_page(client, certificate):
    other = "A" * 24 if certificate.code != "A" * 24 else "B" * 24

    response = client.get(reverse("verify_certificate", args=[other]))

    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()


@pytest.mark.parametrize("code", ["short", "1" * 24, "A" * 25, "<script>", "ABCD-EFGH"])
def test_a_malformed_code_is_unknown_never_an_error(client, db, code):
    response = client.get(reverse("verify_certificate", args=[code]))

    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
    assert "<script>" not in response.content.decode().split('<main id="main"')[1]


def test_a_code_in_lower_case_still_finds_the_certificate(client, certificate):
    response = client.get(reverse("verify_certificate", args=[certificate.code.lower()]))

    assert response.status_code == 200
    assert certificate.serial in response.content.decode()


# By upload -----------------------------------------------------------------------------


@pytest.mark.parametrize("language,name", [("ro", "Romanian"), ("en", "English")])
def test_the_exact_file_is_recognised(client, certificate, language, name):
    response = upload(client, pdf_of(certificate, language))

    content = response.content.decode()
    assert response.status_code == 200
    assert f"This file is exactly certificate {certificate.serial} ({name}), issued by" in content
    assert "; it is valid." in content


def test_a_file_changed_by_one_byte_is_not_recognised(client, certificate):
    content = bytearray(pdf_of(certificate))
    content[len(content) // 2] ^= 0x01

    response = upload(client, bytes(content))

    assert response.status_code == 200
    assert (
        "This file is not a certificate we issued, or it was changed after it was issued."
        in response.content.decode()
    )
    assert "This file is exactly" not in response.content.decode()


def test_an_uploaded_revoked_certificate_says_so(client, staff, certificate):
    services.revoke_certificate(certificate=certificate, by=staff, reason="Ore greșite.")

    response = upload(client, pdf_of(certificate))

    content = response.content.decode()
    assert f"This file is exactly certificate {certificate.serial} (Romanian)" in content
    assert "it was revoked on" in content
    assert "Ore greșite." in content
    assert "it is valid" not in content


def test_a_file_that_is_not_a_pdf_gets_a_clear_message(client, db):
    response = upload(client, b"GIF89a not a certificate", name="certificate.pdf")

    assert response.status_code == 400
    assert "This file is not a PDF." in response.content.decode()


def test_an_upload_without_a_file_asks_for_one(client, db):
    response = client.post(VERIFY, {})

    assert response.status_code == 400
    assert "Choose the certificate&#x27;s PDF file." in response.content.decode()


def test_a_file_over_5_mb_is_refused(client, db):
    response = upload(client, b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))

    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


# Rate limit ----------------------------------------------------------------------------


def test_code_lookups_past_the_limit_get_429(client, settings, certificate, one_rate_window):
    settings.VERIFY_RATE_LIMIT = "3/m"
    url = certificate.get_absolute_url()
    for _ in range(3):
        assert client.get(url).status_code == 200

    response = client.get(url)

    assert response.status_code == 429
    assert "Too many checks; try again in a minute." in response.content.decode()
    assert client.get(VERIFY, {"code": certificate.code}).status_code == 429


def test_uploads_past_the_limit_get_429(client, settings, certificate, one_rate_window):
    settings.VERIFY_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert upload(client, pdf_of(certificate)).status_code == 200

    response = upload(client, pdf_of(certificate))

    assert response.status_code == 429
    assert "Too many checks; try again in a minute." in response.content.decode()


def test_the_limit_is_per_client_address(client, settings, certificate, one_rate_window):
    settings.VERIFY_RATE_LIMIT = "3/m"
    url = certificate.get_absolute_url()
    for _ in range(4):
        client.get(url, REMOTE_ADDR="10.0.0.1")

    assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.parametrize("typed", ["abc/def", "x" * 500, "<b>ABC</b>"])
def test_a_malformed_code_typed_in_the_form_is_unknown(client, db, typed):
    response = client.get(VERIFY, {"code": typed}, follow=True)

    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
