import io

import pytest
import zxingcpp
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import services
from documents.models import Certificate
from mentors.models import AcademicResult, Competency, Evaluation, Score
from tests import factories
from tests.pdfs import first_page_image


@pytest.fixture
def completed(student, placement, host_tutor, supervisor):
    """Ioana Bălan's internship at Codează Someș SRL: 120 approved hours, evaluated, passed."""
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
    for _ in range(15):
        factories.LogbookEntryFactory(internship=internship, status="approved", hours=8)
    final = Evaluation.objects.create(
        internship=internship, kind="final", author=host_tutor, status="submitted"
    )
    for competency in Competency.objects.filter(is_active=True)[:3]:
        Score.objects.create(evaluation=final, competency=competency, score=4)
    AcademicResult.objects.create(
        internship=internship, grade=10, passed=True, credits=5, recorded_by=supervisor
    )
    return internship


def issue_url(internship):
    return reverse("certificate_issue", args=[internship.pk])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def stored(certificate, language="ro") -> bytes:
    field = certificate.pdf_ro if language == "ro" else certificate.pdf_en
    with field.open("rb") as pdf:
        return pdf.read()


# Issuing one ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, completed):
    response = client.post(issue_url(completed))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_only_staff_issue_certificates(client, request, completed, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(issue_url(completed)).status_code == 403
    assert not Certificate.objects.exists()


def test_issuing_is_a_post(client, staff, completed):
    client.force_login(staff)

    assert client.get(issue_url(completed)).status_code == 405
    assert not Certificate.objects.exists()


def test_an_unknown_internship_is_404(client, staff, completed):
    client.force_login(staff)

    assert client.post(reverse("certificate_issue", args=[completed.pk + 999])).status_code == 404


def test_staff_issue_the_certificate_of_a_completed_internship(client, staff, completed):
    client.force_login(staff)

    response = client.post(issue_url(completed), follow=True)

    certificate = Certificate.objects.get(internship=completed)
    assert response.redirect_chain[-1][0] == completed.get_absolute_url()
    assert f"Certificate {certificate.serial} is issued." in response.content.decode()
    assert certificate.is_valid
    assert certificate.issued_by == staff


def test_an_internship_that_is_not_completed_gets_no_certificate(client, staff, internship):
    client.force_login(staff)

    response = client.post(issue_url(internship), follow=True)

    assert "A certificate is issued for a completed internship only." in (response.content.decode())
    assert not Certificate.objects.exists()


def test_a_second_certificate_is_refused(client, staff, completed):
    client.force_login(staff)
    client.post(issue_url(completed))

    response = client.post(issue_url(completed), follow=True)

    assert "already has a valid certificate" in response.content.decode()
    assert Certificate.objects.filter(internship=completed).count() == 1


# The PDF -------------------------------------------------------------------------------


def test_the_pdf_states_the_name_serial_hours_and_verification_url(staff, completed):
    certificate = services.issue_certificate(internship=completed, by=staff)
    url = settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()

    for language in ("ro", "en"):
        text = pdf_text(stored(certificate, language))

        assert "Ioana Bălan" in text
        assert "Codează Someș SRL" in text
        assert "Ștefan Mureșan" in text
        assert "Horațiu Crișan" in text
        assert certificate.serial in text
        assert "120" in text
        assert url in text


def test_the_stored_files_match_their_recorded_hashes(staff, completed):
    import hashlib

    certificate = services.issue_certificate(internship=completed, by=staff)

    assert hashlib.sha256(stored(certificate, "ro")).hexdigest() == certificate.sha256_ro
    assert hashlib.sha256(stored(certificate, "en")).hexdigest() == certificate.sha256_en


def test_the_qr_code_leads_to_the_verification_page(staff, completed):
    certificate = services.issue_certificate(internship=completed, by=staff)

    codes = zxingcpp.read_barcodes(first_page_image(stored(certificate)))

    assert [code.text for code in codes] == [
        settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()
    ]


# Revoking and reissuing ----------------------------------------------------------------


@pytest.fixture
def certificate(staff, completed):
    return services.issue_certificate(internship=completed, by=staff)


@pytest.mark.parametrize("action", ["certificate_revoke", "certificate_reissue"])
def test_revoking_and_reissuing_need_staff(client, student, certificate, action):
    client.force_login(student)

    response = client.post(reverse(action, args=[certificate.pk]), {"reason": "Greșeală"})

    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.is_valid


@pytest.mark.parametrize("action", ["certificate_revoke", "certificate_reissue"])
def test_revoking_and_reissuing_are_posts(client, staff, certificate, action):
    client.force_login(staff)

    assert client.get(reverse(action, args=[certificate.pk])).status_code == 405


@pytest.mark.parametrize("action", ["certificate_revoke", "certificate_reissue"])
def test_revoking_and_reissuing_need_a_reason(client, staff, certificate, action):
    client.force_login(staff)

    response = client.post(reverse(action, args=[certificate.pk]), {"reason": "  "}, follow=True)

    assert response.redirect_chain[-1][0] == certificate.internship.get_absolute_url()
    assert "Give the reason: it is shown on the public page." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert Certificate.objects.count() == 1


def test_staff_revoke_a_certificate_with_a_reason(client, staff, certificate):
    client.force_login(staff)

    response = client.post(
        reverse("certificate_revoke", args=[certificate.pk]),
        {"reason": "Orele au fost raportate greșit."},
        follow=True,
    )

    assert f"Certificate {certificate.serial} is revoked." in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.revocation_reason == "Orele au fost raportate greșit."
    assert certificate.revoked_by == staff


def test_a_revoked_certificate_cannot_be_revoked_again(client, staff, certificate):
    services.revoke_certificate(certificate=certificate, by=staff, reason="Greșeală")
    client.force_login(staff)

    response = client.post(
        reverse("certificate_revoke", args=[certificate.pk]), {"reason": "Again"}, follow=True
    )

    assert "This certificate is already revoked." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Greșeală"


def test_staff_reissue_a_certificate_under_a_new_serial(client, staff, certificate):
    client.force_login(staff)

    response = client.post(
        reverse("certificate_reissue", args=[certificate.pk]),
        {"reason": "Numele studentei era scris greșit."},
        follow=True,
    )

    certificate.refresh_from_db()
    new = certificate.replaced_by
    assert new is not None and new.is_valid and new.serial != certificate.serial
    assert not certificate.is_valid
    assert f"Certificate {certificate.serial} is revoked and replaced by {new.serial}." in (
        response.content.decode()
    )


# The part of the internship page -------------------------------------------------------


def fragment(user, internship):
    request = RequestFactory().get(internship.get_absolute_url())
    request.user = user
    certificates = internship.certificates.select_related("replaced_by")
    return render_to_string(
        "documents/_certificate.html",
        {"internship": internship, "certificates": certificates},
        request=request,
    )


def test_staff_see_the_issue_button_of_a_completed_internship(staff, completed):
    html = fragment(staff, completed)

    assert "Issue the certificate" in html
    assert issue_url(completed) in html


def test_no_issue_button_before_the_internship_is_completed(staff, internship):
    html = fragment(staff, internship)

    assert "Issue the certificate" not in html
    assert "The certificate is issued once the internship is completed." in html


def test_the_student_sees_the_certificate_and_both_downloads(student, certificate):
    html = fragment(student, certificate.internship)

    assert certificate.serial in html
    assert reverse("certificate_download", args=[certificate.pk, "ro"]) in html
    assert reverse("certificate_download", args=[certificate.pk, "en"]) in html
    assert "the original" in html
    assert certificate.get_absolute_url() in html
    assert "Revoke the certificate" not in html
    assert "Issue the certificate" not in html


def test_staff_see_the_revoke_and_reissue_forms(staff, certificate):
    html = fragment(staff, certificate.internship)

    assert reverse("certificate_revoke", args=[certificate.pk]) in html
    assert reverse("certificate_reissue", args=[certificate.pk]) in html
    assert 'name="reason"' in html
    assert "Issue the certificate" not in html


def test_the_history_shows_the_revoked_certificate_and_its_replacement(staff, certificate):
    new = services.reissue_certificate(certificate=certificate, by=staff, reason="Nume greșit")

    html = fragment(staff, certificate.internship)

    assert "Revoked certificates" in html
    assert certificate.serial in html
    assert "Nume greșit" in html
    assert f"Replaced by {new.serial}." in html
    assert reverse("certificate_revoke", args=[new.pk]) in html


def test_after_a_plain_revocation_staff_may_issue_again(staff, certificate):
    services.revoke_certificate(certificate=certificate, by=staff, reason="Greșeală")

    html = fragment(staff, certificate.internship)

    assert "Revoked certificates" in html
    assert "Issue the certificate" in html
