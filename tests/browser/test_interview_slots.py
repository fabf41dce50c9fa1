from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from interviews.models import Booking
from tests import factories

from .conftest import assert_accessible, log_in, log_out


def fits_the_phone(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    fits = page.evaluate("document.documentElement.scrollWidth <= 390")
    page.set_viewport_size({"width": 1280, "height": 800})
    return fits


def calendar_invitations(mailoutbox) -> dict:
    """The last calendar attachment e-mailed to each address: (its type, the calendar)."""
    invitations = {}
    for message in mailoutbox:
        for _name, content, mimetype in message.attachments:
            if mimetype.startswith("text/calendar"):
                invitations[message.to[0]] = (mimetype, Calendar.from_ical(content))
    return invitations


def test_the_host_shortlists_three_publishes_slots_and_the_student_books_one(
    site, page, placement, company_admin, student, mailoutbox
):
    """The issue's journey: the host moves three applicants on the board at once, publishes
    slots; the student books one and both get the calendar file."""
    application = factories.ApplicationFactory(placement=placement, student=student)
    others = [
        factories.ApplicationFactory(
            placement=placement,
            student=factories.StudentFactory(
                programme=placement.programmes.first(),
                user__first_name=first,
                user__last_name="Zăgrean",
            ).user,
        )
        for first in ("Ana", "Radu")
    ]
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d")

    log_in(page, site, company_admin)
    page.goto(f"{site.url}/company/placements/{placement.pk}/applicants/")
    for one in [application, *others]:
        page.get_by_label(f"Select {one.student.display_name}").check()
    page.get_by_label("Move to").select_option(label="Shortlisted")
    page.get_by_role("button", name="Move selected").click()
    expect(page.get_by_text("3 applicants moved to “Shortlisted”.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{site.url}/company/applications/{application.pk}/")
    page.get_by_role("link", name="Publish and manage the interview slots").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Interview slots: Backend intern (Django)"
    )
    page.get_by_label("First slot starts").fill(f"{tomorrow}T10:00")
    page.get_by_label("Number of slots").fill("4")
    page.get_by_label("Minutes each").fill("30")
    page.get_by_label("Place or video link").fill("https://meet.example.org/practica")
    page.get_by_role("button", name="Publish the slots").click()
    expect(page.get_by_text("4 slots published.")).to_be_visible()
    expect(page.locator("[id^=slot-]")).to_have_count(4)
    assert_accessible(page)
    assert fits_the_phone(page)
    log_out(page)

    log_in(page, site, student)
    page.goto(f"{site.url}/student/applications/{application.pk}/")
    page.get_by_role("link", name="Choose or change your interview time").click()
    page.get_by_role("radio").nth(1).check()
    assert_accessible(page)
    assert fits_the_phone(page)
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_text("Your interview is booked for")).to_be_visible()
    expect(page.get_by_role("region", name="Your interview")).to_contain_text("10:30")
    assert_accessible(page)
    assert fits_the_phone(page)

    booking = Booking.objects.get()
    invitations = calendar_invitations(mailoutbox)
    assert set(invitations) == {student.email, company_admin.email}
    for mimetype, calendar in invitations.values():
        assert mimetype.startswith("text/calendar")
        assert calendar["method"] == "REQUEST"
        event = calendar.walk("VEVENT")[0]
        assert str(event["uid"]).startswith(f"interview-booking-{booking.pk}@")
        assert event["sequence"] == 0

    page.get_by_label("Why, and which times suit you").fill("I have an exam that morning.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is sent to the organisation.")).to_be_visible()
    log_out(page)

    log_in(page, site, company_admin)
    page.goto(f"{site.url}/company/placements/{placement.pk}/interview-slots/")
    booked = page.locator(f"#slot-{booking.slot_id}")
    expect(booked).to_contain_text("I have an exam that morning.")
    assert_accessible(page)
    booked.get_by_role("link", name="Move the interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(student.display_name)
    assert_accessible(page)
    assert fits_the_phone(page)
    page.get_by_label("Free slot").select_option(index=2)
    page.get_by_role("button", name="Move the interview").click()
    expect(page.get_by_text("The interview is moved to")).to_be_visible()
    expect(page.locator("[id^=slot-]").nth(3)).to_contain_text(student.display_name)

    for mimetype, calendar in calendar_invitations(mailoutbox).values():
        assert mimetype == "text/calendar; method=REQUEST"
        event = calendar.walk("VEVENT")[0]
        assert event["sequence"] == 1
        assert event.decoded("dtstart").strftime("%H:%M") == "11:30"
