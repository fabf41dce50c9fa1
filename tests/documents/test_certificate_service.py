import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from core.services import ServiceError
from documents import issuing, services
from documents.models import Certificate, IssueJob
from tests.factories import InternshipFactory


@pytest.fixture
def completed(internship):
    internship.status = "completed"
    internship.save()
    return internship


def test_a_certificate_keeps_the_hash_of_each_pdf_and_an_unguessable_code(completed, staff):
    certificate = services.issue_certificate(internship=completed, by=staff)

    assert certificate.serial.startswith("PRA-")
    assert len(certificate.code) == 24  # 120 bits in base32
    for language in ("ro", "en"):
        with getattr(certificate, f"pdf_{language}").open("rb") as pdf:
            content = pdf.read()
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == getattr(certificate, f"sha256_{language}")
        assert services.find_by_pdf(content) == (certificate, language)


def test_serials_follow_each_other(completed, other_internship, staff):
    other_internship.status = "completed"
    other_internship.save()

    first = services.issue_certificate(internship=completed, by=staff)
    second = services.issue_certificate(internship=other_internship, by=staff)

    assert int(second.serial[-6:]) == int(first.serial[-6:]) + 1


def test_only_a_completed_internship_gets_a_certificate(internship, staff):
    with pytest.raises(ServiceError, match="completed internship"):
        services.issue_certificate(internship=internship, by=staff)


def test_never_two_valid_certificates(completed, staff):
    services.issue_certificate(internship=completed, by=staff)

    with pytest.raises(ServiceError, match="already has a valid certificate"):
        services.issue_certificate(internship=completed, by=staff)
    assert Certificate.objects.count() == 1


def test_only_staff_issue(completed, supervisor):
    with pytest.raises(PermissionDenied):
        services.issue_certificate(internship=completed, by=supervisor)


def test_a_reissue_revokes_the_old_one_with_the_reason(completed, staff):
    old = services.issue_certificate(internship=completed, by=staff)

    new = services.reissue_certificate(certificate=old, by=staff, reason="Nume greșit.")

    old.refresh_from_db()
    assert (old.revocation_reason, old.replaced_by) == ("Nume greșit.", new)
    assert new.is_valid and new.serial != old.serial


def test_a_changed_byte_is_not_our_certificate(completed, staff):
    certificate = services.issue_certificate(internship=completed, by=staff)
    with certificate.pdf_ro.open("rb") as pdf:
        content = bytearray(pdf.read())
    content[len(content) // 2] ^= 1

    assert services.find_by_pdf(bytes(content)) == (None, None)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_periods_job_issues_one_certificate_per_completed_internship(
    completed, staff, settings, workers
):
    settings.CERTIFICATE_WORKERS = workers
    for _ in range(3):
        InternshipFactory(status="completed", period=completed.period)
    InternshipFactory(status="active", period=completed.period)
    job = IssueJob.objects.create(period=completed.period, started_by=staff)

    first = issuing.run_issue_job(job.pk)
    twice_delivered = issuing.run_issue_job(job.pk)
    again = issuing.run_issue_job(
        IssueJob.objects.create(period=completed.period, started_by=staff).pk
    )

    assert Certificate.objects.count() == 4
    assert Certificate.objects.values("internship").distinct().count() == 4
    assert (first.status, first.total, first.done) == ("done", 4, 4)
    assert (twice_delivered.done, twice_delivered.total) == (4, 4)
    assert (again.status, again.total, again.done) == ("done", 0, 0)


def test_the_public_page_shows_what_was_printed_not_todays_data(client, completed, staff):
    certificate = services.issue_certificate(internship=completed, by=staff)
    completed.student.first_name = "Altcineva"
    completed.student.save()

    page = client.get(certificate.get_absolute_url()).content.decode()

    assert "Ioana Bălan" in page
    assert "Altcineva" not in page


def test_behind_a_proxy_the_rate_limit_keys_on_the_forwarded_address(rf, settings):
    from core.requestid import client_address as _client

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/verify/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2"
    )

    assert _client(request) == "203.0.113.7"  # the forged first hop is ignored
    settings.TRUSTED_PROXY_COUNT = 0
    assert _client(request) == "10.0.0.2"


def test_revoking_tells_the_student(completed, staff):
    from notifications.models import Notification

    certificate = services.issue_certificate(internship=completed, by=staff)
    services.revoke_certificate(certificate=certificate, by=staff, reason="Eroare.")

    assert Notification.objects.filter(
        recipient=completed.student, kind="certificate_revoked"
    ).exists()
