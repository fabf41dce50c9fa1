import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from documents import services
from documents.models import Certificate
from tests.factories import (
    ApplicationFactory,
    InternshipFactory,
    LogbookEntryFactory,
    PeriodFactory,
    PlacementFactory,
    StudentFactory,
)
from tests.pdfs import text_of

from .conftest import assert_accessible, log_in, log_out


def completed_internship(placement, student=None, **kwargs):
    """Finished, with 120 approved hours: ready for its certificate."""
    application = ApplicationFactory(
        placement=placement, status="accepted", **({"student": student} if student else {})
    )
    internship = InternshipFactory(
        application=application, status="completed", completed_at=timezone.now(), **kwargs
    )
    for _ in range(15):
        LogbookEntryFactory(internship=internship, status="approved", hours=8)
    return internship


def download_certificate(page, internship, tmp_path) -> Path:
    """The student opens their internship and saves the Romanian certificate."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My internship").click()
    expect(page.get_by_role("heading", name="Certificate", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the certificate in Romanian (PDF)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return saved


def test_staff_issue_a_periods_missing_certificates_and_watch_the_job(
    site, page, staff, student, period, placement, host_tutor, supervisor
):
    PeriodFactory(
        name="Spring 2028",
        starts_on=timezone.localdate() + timedelta(days=400),
        ends_on=timezone.localdate() + timedelta(days=460),
    )
    completed_internship(placement, student, host_tutor=host_tutor, academic_supervisor=supervisor)
    completed_internship(placement, StudentFactory(user__first_name="Tudor").user)
    completed_internship(
        PlacementFactory(period=period), StudentFactory(user__first_name="Ana").user
    )

    log_in(page, site, staff)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Certificates").click()
    expect(page.get_by_role("heading", name="Certificates", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Period", exact=True).select_option(label="Summer 2027")
    page.get_by_role("button", name="Filter", exact=True).click()

    expect(page.get_by_role("heading", name="Summer 2027")).to_be_visible()
    expect(page.get_by_text("completed internships")).to_be_visible()
    expect(page.get_by_text("No certificates match.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Issue the missing certificates").click()

    expect(
        page.get_by_role("heading", name="Issuing the certificates of Summer 2027")
    ).to_be_visible()
    expect(page.get_by_text("Done.")).to_be_visible()
    expect(page.get_by_text("3 of 3 certificates issued")).to_be_visible()
    expect(page.get_by_label("Progress", exact=True)).to_have_attribute("value", "100")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the certificates of this period").click()

    expect(
        page.get_by_text("Every completed internship of this period has a valid certificate.")
    ).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile(r"^PRA-\d{4}-\d{6}$"))).to_have_count(3)
    expect(page.get_by_role("link", name="Ioana Bălan")).to_be_visible()
    assert_accessible(page)
    assert Certificate.objects.filter(revoked_at=None).count() == 3
    log_out(page)


def test_the_student_downloads_their_certificate(
    site, page, staff, student, placement, host_tutor, supervisor, tmp_path
):
    internship = completed_internship(
        placement, student, host_tutor=host_tutor, academic_supervisor=supervisor
    )
    certificate = services.issue_certificate(internship=internship, by=staff)

    log_in(page, site, student)
    assert_accessible(page)
    saved = download_certificate(page, internship, tmp_path)

    section = page.get_by_role("region", name="Certificate", exact=True)
    expect(section.get_by_text(certificate.serial)).to_be_visible()
    expect(section.get_by_text("Valid", exact=True)).to_be_visible()
    expect(
        section.get_by_role("link", name="Download the certificate in English (PDF)")
    ).to_be_visible()
    assert saved.name == f"{certificate.serial}-ro.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    with certificate.pdf_ro.open("rb") as issued:
        assert saved.read_bytes() == issued.read()


def test_a_visitor_verifies_the_certificate_by_code_and_by_its_file(
    site, page, staff, student, placement, host_tutor, supervisor, tmp_path
):
    internship = completed_internship(
        placement, student, host_tutor=host_tutor, academic_supervisor=supervisor
    )
    certificate = services.issue_certificate(internship=internship, by=staff)
    log_in(page, site, student)
    saved = download_certificate(page, internship, tmp_path)
    log_out(page)

    page.goto(site.url + "/verify/")
    expect(page.get_by_role("heading", name="Verify a certificate")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Verification code").fill(certificate.code.lower())
    page.get_by_role("button", name="Check the code").click()

    expect(page.get_by_role("heading", name=f"Certificate {certificate.serial}")).to_be_visible()
    expect(page.get_by_text("This certificate was issued by")).to_be_visible()
    expect(page.get_by_text("Ioana Bălan")).to_be_visible()
    expect(page.get_by_text("Codează Someș SRL")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Verify another certificate").click()

    page.get_by_label("Certificate file (PDF)").set_input_files(str(saved))
    page.get_by_role("button", name="Check the file").click()

    expect(
        page.get_by_text(f"This file is exactly certificate {certificate.serial} (Romanian)")
    ).to_be_visible()
    expect(page.get_by_text("it is valid")).to_be_visible()
    assert_accessible(page)


def test_staff_issue_a_revoked_certificate_again_with_a_reason_and_a_confirmation(
    site, page, staff, student, placement, host_tutor, supervisor, tmp_path
):
    internship = completed_internship(
        placement, student, host_tutor=host_tutor, academic_supervisor=supervisor
    )
    old = services.issue_certificate(internship=internship, by=staff)
    services.revoke_certificate(certificate=old, by=staff, reason="Notă greșită.")

    log_in(page, site, staff)
    page.goto(site.url + internship.get_absolute_url())
    section = page.get_by_role("region", name="Certificate", exact=True)
    expect(section.get_by_text("its certificate was revoked")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        section.get_by_role("link", name=re.compile(r"^Romanian")).click()
    saved = tmp_path / "revoked.pdf"
    info.value.save_as(saved)
    assert "REVOKED" in text_of(saved.read_bytes()) or "REVOCAT" in text_of(saved.read_bytes())

    section.get_by_label("Why issue it again (a new serial replaces the revoked one)").fill(
        "Nota a fost corectată."
    )
    section.get_by_label(
        "I confirm that a new certificate with a new serial number is to be issued."
    ).check()
    section.get_by_role("button", name="Issue the certificate again").click()

    new = Certificate.objects.get(revoked_at=None)
    expect(page.get_by_text(f"{new.serial} is issued in its place")).to_be_visible()
    expect(section.get_by_text("Valid", exact=True)).to_be_visible()
    assert_accessible(page)
