import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import County
from internships.models import Application, Placement
from notifications.models import Notification
from tests.factories import PDF_BYTES, ApplicationFactory, PlacementFactory, StudentFactory

from .conftest import assert_accessible, log_in, log_out


def test_student_finds_a_placement_through_the_filters_and_applies_with_a_pdf(
    site, page, student, programme, organisation, period, tmp_path
):
    PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Backend developer intern",
        county=County.objects.get(code="CJ"),
        work_mode="remote",
    )
    PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Quality engineer intern",
        county=County.objects.get(code="BH"),
    )
    cv = tmp_path / "cv-ioana.pdf"
    cv.write_bytes(PDF_BYTES)

    log_in(page, site, student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placements").click()
    expect(page.get_by_role("heading", name="Placements", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("County").select_option(label="Cluj (1)")
    page.get_by_label("Work mode").select_option(label="Remote (1)")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("link", name="Backend developer intern")).to_be_visible()
    expect(page.get_by_role("link", name="Quality engineer intern")).to_have_count(0)
    assert "county=" in page.url
    assert_accessible(page)
    page.get_by_role("link", name="Backend developer intern").click()

    expect(page.get_by_role("heading", name="Backend developer intern")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Apply").click()

    assert_accessible(page)
    page.get_by_label("Cover letter").fill("Lucrez cu Django de doi ani și îmi place testarea.")
    page.get_by_label("CV to upload (PDF)").set_input_files(str(cv))
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_text("Submitted").first).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get(student=student)
    assert application.placement.title == "Backend developer intern"
    with application.cv.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_company_offers_the_last_seat_the_student_accepts_and_the_others_are_told(
    site, page, student, company_admin, organisation, period, programme
):
    placement = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Data analyst intern",
        positions=1,
    )
    chosen = ApplicationFactory(placement=placement, student=student)
    waiting = ApplicationFactory(
        placement=placement,
        student=StudentFactory(
            programme=programme, user__first_name="Tudor", user__last_name="Lazăr"
        ).user,
    )

    log_in(page, site, company_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placements").click()
    assert_accessible(page)
    page.goto(site.url + f"/company/placements/{placement.pk}/applicants/")
    expect(page.get_by_role("heading", name="Data analyst intern")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ioana Bălan").click()
    assert_accessible(page)

    page.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_text("Shortlisted").first).to_be_visible()
    interview = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    when = timezone.localtime() + timedelta(days=3)
    interview.get_by_label("Date and time").fill(when.strftime("%Y-%m-%dT10:00"))
    interview.get_by_label("Place or link").fill("Str. Memorandumului 28, Cluj-Napoca")
    interview.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Interview").first).to_be_visible()
    assert_accessible(page)
    offer = page.locator("form", has=page.get_by_role("button", name="Make the offer"))
    offer.get_by_role("button", name="Make the offer").click()
    expect(page.get_by_text("Offer made").first).to_be_visible()
    log_out(page)

    log_in(page, site, student)
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("link", name=re.compile("You have an offer for"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    assert_accessible(page)
    page.get_by_role("link", name="Data analyst intern").click()
    expect(page.get_by_role("link", name="Add to my calendar (.ics file)")).to_have_count(0)
    page.get_by_role("link", name="Accept the offer").click()
    expect(
        page.get_by_role("heading", name="Accept the offer: Data analyst intern")
    ).to_be_visible()
    expect(page.get_by_text("You have no other open applications in this period.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, accept the offer").click()

    expect(page.get_by_text("Accepted").first).to_be_visible()
    assert_accessible(page)
    chosen.refresh_from_db()
    assert chosen.status == "accepted"
    assert Placement.objects.get(pk=placement.pk).status == "closed"
    waiting.refresh_from_db()
    assert waiting.status == "closed"
    assert Notification.objects.filter(
        recipient=waiting.student, kind="application_closed"
    ).exists()
    log_out(page)

    log_in(page, site, company_admin)
    page.goto(site.url + f"/company/placements/{placement.pk}/applicants/")
    expect(page.get_by_text("Placement closed").first).to_be_visible()
    assert_accessible(page)


def test_company_closes_a_placement_after_confirming_and_the_applicant_is_told(
    site, page, student, company_admin, organisation, period, programme
):
    placement = PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], title="QA intern"
    )
    application = ApplicationFactory(placement=placement, student=student)

    log_in(page, site, company_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placements").click()
    page.get_by_role("link", name="Close QA intern").click()
    expect(page.get_by_role("heading", name="Close the placement: QA intern")).to_be_visible()
    expect(page.get_by_text("1 open application ends")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is it closed?").fill("The project was cancelled.")
    page.get_by_role("button", name="Yes, close the placement").click()
    expect(page.get_by_text("is closed: it takes no more applications")).to_be_visible()
    log_out(page)

    log_in(page, site, student)
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("link", name=re.compile("The project was cancelled."))).to_be_visible()
    page.get_by_role("link", name=re.compile("The project was cancelled.")).click()
    expect(page.get_by_text("Placement closed").first).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "closed"
