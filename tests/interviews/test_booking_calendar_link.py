"""The application page's calendar link: a booked slot's is the event the e-mails carry."""

from django.urls import reverse
from icalendar import Calendar

from interviews import services
from interviews.calendar import uid_of
from tests import factories

from .conftest import queued_calendars, tomorrow_at


def application_page(client, application):
    client.force_login(application.student)
    return client.get(reverse("student_application", args=[application.pk])).content.decode()


def test_a_booked_interview_links_to_the_bookings_calendar(client, shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])

    page = application_page(client, shortlisted)

    assert reverse("interview_booking_ics", args=[booking.pk]) in page
    assert reverse("interview_ics", args=[shortlisted.pk]) not in page


def test_the_file_has_the_uid_and_sequence_of_the_emails(client, company_admin, shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    booking = services.move_booking(by=company_admin, booking=booking, slot=slots[2])
    client.force_login(shortlisted.student)

    response = client.get(reverse("interview_booking_ics", args=[booking.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    _, emailed, _, _ = queued_calendars()[-1]
    sent = emailed.walk("VEVENT")[0]
    assert str(event["UID"]) == str(sent["UID"]) == uid_of(booking)
    assert int(event["SEQUENCE"]) == int(sent["SEQUENCE"]) == booking.sequence > 0
    assert event.decoded("DTSTART") == tomorrow_at(11)


def test_an_interview_set_without_slots_keeps_its_own_file(client, placement, student):
    application = factories.ApplicationFactory(
        placement=placement,
        student=student,
        status="interview",
        interview_at=tomorrow_at(9),
        interview_location="Online",
    )

    page = application_page(client, application)

    assert reverse("interview_ics", args=[application.pk]) in page


def test_another_students_booking_file_is_not_found(client, shortlisted, other_student, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    client.force_login(other_student)

    assert client.get(reverse("interview_booking_ics", args=[booking.pk])).status_code == 404


def test_a_host_gets_no_student_file(client, company_admin, shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    client.force_login(company_admin)

    assert client.get(reverse("interview_booking_ics", args=[booking.pk])).status_code in (403, 404)
