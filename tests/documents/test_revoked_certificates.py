"""A revoked certificate is not missing: the period's batch leaves it out, issuing it again
is an explicit act with a reason, and its PDF always carries a visible REVOKED mark."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from documents import issuing, queries, services
from documents.models import Certificate, IssueJob
from notifications.models import Event
from tests import factories
from tests.pdfs import text_of


def completed_internship(period):
    placement = factories.PlacementFactory(period=period, positions=1)
    return factories.InternshipFactory(
        application=factories.ApplicationFactory(placement=placement, status="accepted"),
        status="completed",
        completed_at=timezone.now(),
    )


@pytest.fixture
def revoked(staff, period):
    internship = completed_internship(period)
    certificate = services.issue_certificate(internship=internship, by=staff)
    return services.revoke_certificate(certificate=certificate, by=staff, reason="Notă greșită.")


def download(client, certificate, language):
    response = client.get(reverse("certificate_download", args=[certificate.pk, language]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


# The period's batch ----------------------------------------------------------------------


def test_the_batch_leaves_out_an_internship_whose_certificate_was_revoked(staff, period, revoked):
    missing = completed_internship(period)

    job = issuing.run_issue_job(IssueJob.objects.create(period=period, started_by=staff).pk)

    assert (job.done, job.total, job.revoked) == (1, 1, 1)
    assert Certificate.objects.filter(internship=missing, revoked_at=None).count() == 1
    assert not Certificate.objects.filter(internship=revoked.internship, revoked_at=None).exists()


def test_the_summary_counts_revoked_apart_from_missing(staff, period, revoked):
    completed_internship(period)

    summary = queries.period_certificate_summary(period, viewer=None)

    assert summary == {"completed": 2, "certified": 0, "missing": 1, "revoked": 1}


def test_staff_are_told_how_many_revoked_were_left_out(client, staff, period, revoked):
    job = issuing.run_issue_job(IssueJob.objects.create(period=period, started_by=staff).pk)
    client.force_login(staff)

    job_page = client.get(reverse("issue_job", args=[job.pk])).content.decode()
    period_page = client.get(reverse("staff_certificates"), {"period": period.pk}).content.decode()

    assert "1 internship whose certificate was revoked was left out" in job_page
    assert "1 internship has only a revoked certificate" in period_page
    assert "Issue the missing certificates" not in period_page


def test_issuing_one_revoked_as_if_missing_is_refused(staff, revoked):
    with pytest.raises(ServiceError, match="was revoked. Issue it again explicitly"):
        services.issue_certificate(internship=revoked.internship, by=staff)

    assert Certificate.objects.count() == 1


# Issuing it again, explicitly ------------------------------------------------------------


def issue_again_url(certificate):
    return reverse("certificate_issue_again", args=[certificate.pk])


def test_staff_issue_a_revoked_certificate_again_with_a_reason(client, staff, revoked):
    client.force_login(staff)

    response = client.post(
        issue_again_url(revoked), {"reason": "Notă corectată.", "confirm": "on"}, follow=True
    )

    new = Certificate.objects.get(revoked_at=None)
    revoked.refresh_from_db()
    assert revoked.replaced_by == new
    assert f"{new.serial} is issued in its place" in response.content.decode()
    event = Event.objects.get(action="certificate_issued_again")
    assert event.actor == staff
    assert event.note == f"{revoked.serial} → {new.serial}: Notă corectată."


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": "", "confirm": "on"}, "Give the reason for issuing the certificate again."),
        ({"reason": "Notă."}, "Confirm that a new certificate is to be issued."),
    ],
)
def test_issuing_again_needs_a_reason_and_a_confirmation(client, staff, revoked, data, message):
    client.force_login(staff)

    response = client.post(issue_again_url(revoked), data, follow=True)

    assert message in response.content.decode()
    assert Certificate.objects.count() == 1


def test_only_staff_issue_again(client, revoked):
    client.force_login(revoked.internship.student)

    response = client.post(issue_again_url(revoked), {"reason": "x", "confirm": "on"})

    assert response.status_code == 403
    assert Certificate.objects.count() == 1


def test_a_valid_certificate_is_not_issued_again(staff, period):
    certificate = services.issue_certificate(internship=completed_internship(period), by=staff)

    with pytest.raises(ServiceError, match="This certificate is valid"):
        services.issue_again(certificate=certificate, by=staff, reason="x")


def test_a_replaced_certificate_is_not_issued_again(staff, revoked):
    services.issue_again(certificate=revoked, by=staff, reason="Prima dată.")

    with pytest.raises(ServiceError):
        services.issue_again(certificate=revoked, by=staff, reason="A doua oară.")

    assert Certificate.objects.count() == 2


def test_the_internship_page_offers_issuing_again_to_staff_only(client, staff, revoked):
    client.force_login(staff)
    staff_page = client.get(revoked.internship.get_absolute_url()).content.decode()
    client.force_login(revoked.internship.student)
    student_page = client.get(revoked.internship.get_absolute_url()).content.decode()

    assert issue_again_url(revoked) in staff_page
    assert "Issue the certificate again" in staff_page
    assert issue_again_url(revoked) not in student_page
    assert "its certificate was revoked" in student_page


# The REVOKED mark ------------------------------------------------------------------------


@pytest.mark.parametrize("language, word", [("ro", "REVOCAT"), ("en", "REVOKED")])
def test_a_revoked_pdf_carries_the_mark_in_its_language_wherever_downloaded(
    client, staff, revoked, language, word
):
    for user in (staff, revoked.internship.student):
        client.force_login(user)

        content = download(client, revoked, language)

        assert hashlib.sha256(content).hexdigest() != getattr(revoked, f"sha256_{language}")
        pages = text_of(content).split("\f")
        assert all(word in page for page in pages)
        assert revoked.serial in pages[0]  # the certificate itself is still there


def test_a_valid_pdf_has_no_mark_and_is_the_stored_file(client, staff, period):
    certificate = services.issue_certificate(internship=completed_internship(period), by=staff)
    client.force_login(staff)

    content = download(client, certificate, "en")

    assert hashlib.sha256(content).hexdigest() == certificate.sha256_en
    assert "REVOKED" not in text_of(content)


def test_a_revoked_pdf_is_not_served_from_a_cached_copy(client, staff, revoked):
    client.force_login(staff)

    response = client.get(reverse("certificate_download", args=[revoked.pk, "ro"]))

    assert "no-cache" in response["Cache-Control"]


def test_counts_read_in_the_singular_for_one(client, staff, period):
    completed_internship(period)
    job = issuing.run_issue_job(IssueJob.objects.create(period=period, started_by=staff).pk)
    client.force_login(staff)

    job_page = client.get(reverse("issue_job", args=[job.pk])).content.decode()
    period_page = client.get(reverse("staff_certificates"), {"period": period.pk}).content.decode()

    assert "1 of 1 certificate issued" in job_page
    assert '<span class="stat-number">1</span> completed internship<' in period_page
