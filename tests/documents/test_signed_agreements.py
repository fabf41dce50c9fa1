"""An agreement version, or an amendment, confirmed by the three parties is signed by the
university in the background: the exact PDF they confirmed, once, never losing the
confirmation when signing fails."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django_tasks_db.models import DBTaskResult
from reportlab.pdfgen.canvas import Canvas

from documents import signed_agreements, signing
from documents.tasks import sign_agreement_version
from internships.models import AgreementVersion, Amendment, Confirmation
from internships.signals import agreement_confirmed_by_all, amendment_confirmed_by_all
from tests import factories

from .test_certificates_verify import upload

PARTIES = [party for party, _ in Confirmation.Party.choices]


def a_pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def internship(student, placement):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(application=application)


def make_version(internship, *, confirmed_by=PARTIES, number=1) -> AgreementVersion:
    content = a_pdf(f"Convenție-cadru, versiunea {number}")
    version = AgreementVersion(
        agreement=internship.agreement,
        number=number,
        language="ro",
        facts={"starts_on": "2026-07-01"},
        facts_digest="0" * 64,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    version.pdf.save(f"v{number}.pdf", ContentFile(content), save=False)
    version.save()
    for party in confirmed_by:
        Confirmation.objects.create(
            version=version, party=party, by=internship.student, sha256=version.sha256
        )
    return version


def make_amendment(internship, *, status=Amendment.Status.CONFIRMED) -> Amendment:
    content = a_pdf("Act adițional nr. 1")
    amendment = Amendment(
        agreement=internship.agreement,
        number=1,
        status=status,
        changes={"ends_on": ["2026-08-28", "2026-09-15"]},
        reason="Prelungire",
        sha256=hashlib.sha256(content).hexdigest(),
        proposed_by=internship.student,
    )
    amendment.pdf.save("amendment-1.pdf", ContentFile(content), save=False)
    amendment.save()
    return amendment


def signed_bytes(document) -> bytes:
    with document.signed_pdf.open("rb") as file:
        return file.read()


def test_a_version_confirmed_by_all_three_is_signed_in_the_background(internship):
    version = make_version(internship)
    original = version.pdf.read()

    agreement_confirmed_by_all.send(sender=AgreementVersion, version=version)

    version.refresh_from_db()
    signed = signed_bytes(version)
    assert version.signed_at is not None
    assert version.signed_sha256 == hashlib.sha256(signed).hexdigest()
    assert signing.verify_pdf(signed).genuine
    assert signed.startswith(original)  # the confirmed bytes, with the signature appended
    assert version.sha256 == hashlib.sha256(original).hexdigest()


def test_signing_twice_signs_once(internship):
    version = make_version(internship)
    agreement_confirmed_by_all.send(sender=AgreementVersion, version=version)
    version.refresh_from_db()
    first = (version.signed_sha256, version.signed_at)

    agreement_confirmed_by_all.send(sender=AgreementVersion, version=version)

    version.refresh_from_db()
    assert (version.signed_sha256, version.signed_at) == first
    assert signed_agreements.sign_version(version.pk) is False


def test_a_version_not_confirmed_by_all_three_is_not_signed(internship):
    version = make_version(internship, confirmed_by=PARTIES[:2])

    assert signed_agreements.sign_version(version.pk) is False

    version.refresh_from_db()
    assert version.signed_sha256 == ""
    assert not version.signed_pdf


def test_a_stored_pdf_that_is_not_the_one_confirmed_is_not_signed(internship):
    version = make_version(internship)
    AgreementVersion.objects.filter(pk=version.pk).update(sha256="f" * 64)

    assert signed_agreements.sign_version(version.pk) is False
    assert AgreementVersion.objects.get(pk=version.pk).signed_sha256 == ""


def test_nothing_is_signed_when_signing_is_not_set(settings, internship):
    settings.SIGNING_CERTIFICATE = ""
    version = make_version(internship)

    agreement_confirmed_by_all.send(sender=AgreementVersion, version=version)

    version.refresh_from_db()
    assert version.signed_sha256 == ""


def test_a_failed_signature_is_tried_again_later_and_the_confirmation_stays(settings, internship):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SIGNING_CERTIFICATE_PASSWORD = "wrong"
    version = make_version(internship)

    sign_agreement_version.call(version.pk)

    retry = DBTaskResult.objects.get(task_path="documents.tasks.sign_agreement_version")
    assert retry.args_kwargs["args"] == [version.pk, 2]
    assert retry.run_after is not None
    assert Confirmation.objects.filter(version=version).count() == 3
    assert AgreementVersion.objects.get(pk=version.pk).signed_sha256 == ""


def test_the_last_try_fails_the_task_and_the_hourly_catch_up_signs_it(settings, internship):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SIGNING_CERTIFICATE_PASSWORD = "wrong"
    version = make_version(internship)

    with pytest.raises(signing.SigningError):
        sign_agreement_version.call(version.pk, settings.JOB_MAX_ATTEMPTS)

    settings.SIGNING_CERTIFICATE_PASSWORD = "test-signing-password"
    assert signed_agreements.sign_pending() == 1
    assert AgreementVersion.objects.get(pk=version.pk).signed_sha256 != ""


def test_an_amendment_in_force_is_signed(internship):
    amendment = make_amendment(internship)

    amendment_confirmed_by_all.send(sender=Amendment, amendment=amendment)

    amendment.refresh_from_db()
    signed = signed_bytes(amendment)
    assert amendment.signed_sha256 == hashlib.sha256(signed).hexdigest()
    assert signing.verify_pdf(signed).genuine


def test_a_pending_amendment_is_not_signed(internship):
    amendment = make_amendment(internship, status=Amendment.Status.PENDING)

    assert signed_agreements.sign_amendment(amendment.pk) is False


def test_verify_recognises_a_signed_version_without_naming_the_parties(client, internship, student):
    version = make_version(internship)
    signed_agreements.sign_version(version.pk)
    version.refresh_from_db()

    response = upload(client, signed_bytes(version), name="agreement.pdf")

    content = response.content.decode()
    assert "This file is exactly version 1 of an internship agreement" in content
    assert "The file is exactly as it was signed" in content
    assert student.last_name not in content
    assert internship.organisation.legal_name not in content


def test_verify_recognises_a_signed_amendment(client, internship):
    amendment = make_amendment(internship)
    signed_agreements.sign_amendment(amendment.pk)
    amendment.refresh_from_db()

    response = upload(client, signed_bytes(amendment), name="amendment.pdf")

    assert "This file is exactly amendment 1 to an internship agreement" in (
        response.content.decode()
    )
