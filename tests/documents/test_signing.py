"""The university's PAdES signature on certificates: pyHanko validates it against the demo
authority, a changed byte breaks it, and a certificate that cannot be signed is not issued."""

import asyncio
import hashlib
import io
import os
import stat

import pytest
from asn1crypto import cms
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import checks, signing
from documents.issuing import render_both
from documents.models import Certificate, IssueJob, SerialCounter
from documents.services import issue_certificate, start_issue_job
from mentors.models import AcademicResult
from tests import factories
from tests.pdfs import first_page_image

from .conftest import PASSWORD
from .test_certificates_verify import pdf_of, upload


@pytest.fixture
def completed(student, placement, host_tutor, supervisor):
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
    return internship


@pytest.fixture
def certificate(completed, staff):
    return issue_certificate(internship=completed, by=staff)


def changed_byte(content: bytes) -> bytes:
    """One byte of the page's content changed, well inside the signed range."""
    changed = bytearray(content)
    changed[len(content) // 3] ^= 0x01
    return bytes(changed)


def files_under(root) -> list[str]:
    return [name for _, _, names in os.walk(root) for name in names]


# The signature itself --------------------------------------------------------------------


def test_pyhanko_validates_an_issued_certificate_against_the_demo_authority(
    certificate, signing_authority
):
    ca, _ = signing_authority
    reader = PdfFileReader(io.BytesIO(pdf_of(certificate, "ro")))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(
        trust_roots=list(signing._trust_roots((str(ca),))), allow_fetching=False
    )

    status = validate_pdf_signature(embedded, context)

    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["common_name"] == "Universitatea din Cluj"


def test_both_languages_are_signed_and_verify_as_genuine(certificate):
    for language in ("ro", "en"):
        result = signing.verify_pdf(pdf_of(certificate, language))

        assert result.genuine
        assert result.signer == "Universitatea din Cluj"
        assert result.signed_at is not None


def test_a_changed_byte_breaks_the_signature(certificate):
    result = signing.verify_pdf(changed_byte(pdf_of(certificate)))

    assert result.signed
    assert not result.intact
    assert not result.genuine


def test_bytes_appended_after_the_signature_do_not_cover_the_whole_file(certificate):
    result = signing.verify_pdf(pdf_of(certificate) + b"\n% added later\n")

    assert result.intact
    assert not result.whole_document
    assert not result.genuine


def test_a_signature_by_another_authority_is_not_trusted(certificate, settings, tmp_path):
    other_ca, _ = signing.make_development_authority(tmp_path / "other", name="Someone else")
    settings.SIGNING_TRUST_ROOTS = [str(other_ca)]

    result = signing.verify_pdf(pdf_of(certificate))

    assert result.intact and result.valid
    assert not result.trusted


def test_an_unsigned_pdf_and_a_broken_file_are_not_signed(settings, completed):
    settings.SIGNING_CERTIFICATE = ""
    pdf = render_both(
        {
            "serial": "PRA-2026-000001",
            "code": "A" * 24,
            "url": "https://example.org/verify/AAAA/",
            "university": "U",
            "student": "S",
            "programme": "P",
            "organisation": "O",
            "period": "Summer",
            "starts_on": timezone.localdate(),
            "ends_on": timezone.localdate(),
            "hours": 1,
            "host_tutor": "T",
            "supervisor": "V",
            "grade": None,
            "passed": None,
            "credits": None,
            "competencies": [],
            "issued_on": timezone.localdate(),
        }
    )["ro"]

    assert signing.verify_pdf(pdf).signed is False
    assert signing.verify_pdf(b"%PDF-1.7 not really").readable is False


def test_the_kept_container_is_what_pyhanko_writes_but_for_the_signature_value():
    """The per-process template (documents.signing) changes nothing but the signature."""
    fast = signing._signer()
    plain = signers.SimpleSigner(
        signing_key=fast.signing_key,
        signing_cert=fast.signing_cert,
        cert_registry=fast.cert_registry,
    )
    digest = hashlib.sha256(b"a document").digest()

    def container(signer):
        return asyncio.run(
            signer.async_sign(
                digest, "sha256", use_pades=True, signed_attr_settings=PdfCMSSignedAttributes()
            )
        )

    ours, theirs = container(fast), container(plain)
    ours_info = ours["content"]["signer_infos"][0]
    theirs = cms.ContentInfo.load(theirs.dump())
    theirs["content"]["signer_infos"][0]["signature"] = ours_info["signature"].native

    assert ours.dump(force=True) == theirs.dump(force=True)
    assert ours_info["signed_attrs"][1]["values"][0].native == digest


def test_a_signed_certificate_still_renders_as_a_page(certificate):
    image = first_page_image(pdf_of(certificate), dpi=50).convert("L")

    assert image.size[0] > 300
    assert image.getextrema()[0] < 100  # there is dark text on the page


# The record keeps the digest of the signed file ------------------------------------------


def test_the_stored_sha256_is_that_of_the_signed_file_served(client, staff, certificate):
    client.force_login(staff)

    for language in ("ro", "en"):
        response = client.get(reverse("certificate_download", args=[certificate.pk, language]))
        served = b"".join(response.streaming_content)

        assert hashlib.sha256(served).hexdigest() == getattr(certificate, f"sha256_{language}")
        assert signing.verify_pdf(served).genuine


def test_without_a_signing_certificate_certificates_go_out_unsigned(settings, completed, staff):
    settings.SIGNING_CERTIFICATE = ""

    certificate = issue_certificate(internship=completed, by=staff)

    assert signing.verify_pdf(pdf_of(certificate)).signed is False
    assert not signing.signing_available()


# A certificate that cannot be signed -------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SIGNING_CERTIFICATE_PASSWORD": "wrong"}, "the password is wrong"),
        ({"SIGNING_CERTIFICATE": "/nonexistent/signing.p12"}, "does not exist"),
    ],
)
def test_issuing_with_an_unusable_certificate_says_why_and_writes_nothing(
    client, settings, staff, completed, change, message
):
    for name, value in change.items():
        setattr(settings, name, value)
    client.force_login(staff)
    client.get(completed.get_absolute_url())  # the page draws its agreement's version once
    files_before = files_under(settings.MEDIA_ROOT)

    response = client.post(reverse("certificate_issue", args=[completed.pk]), follow=True)

    assert message in response.content.decode()
    assert not Certificate.objects.exists()
    assert not SerialCounter.objects.filter(last__gt=0).exists()
    assert files_under(settings.MEDIA_ROOT) == files_before


def test_an_unreadable_certificate_is_reported(settings, tmp_path):
    unreadable = tmp_path / "signing.p12"
    unreadable.write_bytes(b"not a PKCS#12 file")
    settings.SIGNING_CERTIFICATE = str(unreadable)

    (error,) = checks.signing_certificate_loads(None)

    assert error.id == "documents.E001"
    assert "cannot be opened" in error.msg


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SIGNING_CERTIFICATE_PASSWORD": "wrong"}, "the password is wrong"),
        ({"SIGNING_CERTIFICATE": "/nonexistent/signing.p12"}, "does not exist"),
    ],
)
def test_the_system_check_reports_an_unusable_certificate(settings, change, message):
    for name, value in change.items():
        setattr(settings, name, value)

    (error,) = checks.signing_certificate_loads(None)

    assert error.id == "documents.E001"
    assert message in error.msg


def test_the_system_check_is_quiet_with_a_good_certificate_and_warns_of_a_bad_root(
    settings, tmp_path
):
    assert checks.signing_certificate_loads(None) == []

    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "missing.pem")]

    (warning,) = checks.signing_certificate_loads(None)
    assert warning.id == "documents.W002"


def test_the_deploy_check_warns_when_nothing_is_signed(settings):
    assert checks.pdfs_are_signed(None) == []

    settings.SIGNING_CERTIFICATE = ""

    (warning,) = checks.pdfs_are_signed(None)
    assert warning.id == "documents.W001"


def test_a_batch_with_an_unusable_certificate_fails_with_the_reason(
    django_capture_on_commit_callbacks, settings, staff, completed
):
    settings.SIGNING_CERTIFICATE_PASSWORD = "wrong"

    with django_capture_on_commit_callbacks(execute=True):
        job = start_issue_job(period=completed.period, by=staff)

    job.refresh_from_db()
    assert job.status == IssueJob.Status.FAILED
    assert "the password is wrong" in job.error
    assert not job.error.startswith("[")
    assert not Certificate.objects.exists()


# The development authority ---------------------------------------------------------------


def test_the_command_makes_a_private_authority_and_keeps_it(tmp_path, capsys):
    folder = tmp_path / "signing"

    call_command("make_signing_certificate", "--dir", str(folder), "--password", PASSWORD)
    first = (folder / "signing.p12").read_bytes()
    call_command("make_signing_certificate", "--dir", str(folder), "--if-missing")

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("ca.pem", "signing.p12"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert (folder / "signing.p12").read_bytes() == first
    assert f"SIGNING_CERTIFICATE={folder / 'signing.p12'}" in capsys.readouterr().out


def test_the_development_certificate_says_what_it_may_do(signing_authority):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    _, p12 = signing_authority
    _, certificate, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSWORD.encode())
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value

    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    assert "Universitatea din Cluj" in certificate.subject.rfc4514_string()


# /verify/ with a signed PDF -------------------------------------------------------------------


def test_verify_shows_who_signed_a_certificate_and_that_it_is_intact(client, certificate):
    response = upload(client, pdf_of(certificate))

    content = response.content.decode()
    assert response.status_code == 200
    assert "This file is exactly certificate" in content
    assert "Signed by" in content
    assert "Universitatea din Cluj" in content
    assert "The file is exactly as it was signed" in content


def test_verify_says_a_changed_file_was_changed_after_signing(client, certificate):
    response = upload(client, changed_byte(pdf_of(certificate)))

    content = response.content.decode()
    assert response.status_code == 200
    assert "The signature does not match the file: it was changed after signing." in content
    assert "This file is not a certificate we issued" in content


def test_verify_says_an_unsigned_pdf_carries_no_signature(client, settings, completed, staff):
    settings.SIGNING_CERTIFICATE = ""
    unsigned = issue_certificate(internship=completed, by=staff)

    response = upload(client, pdf_of(unsigned))

    content = response.content.decode()
    assert "This file is exactly certificate" in content
    assert "This PDF carries no digital signature." in content


def test_verify_refuses_a_file_that_is_not_a_pdf(client, db):
    response = upload(client, b"GIF89a not a pdf", name="picture.pdf")

    assert response.status_code == 400
    assert "This file is not a PDF." in response.content.decode()


def test_verify_of_a_broken_pdf_says_it_carries_no_signature(client, db):
    response = upload(client, b"%PDF-1.7\n%%EOF\n")

    content = response.content.decode()
    assert response.status_code == 200
    assert "This PDF carries no digital signature." in content
