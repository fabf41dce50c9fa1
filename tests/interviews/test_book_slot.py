import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar

from core.services import ServiceError
from internships.models import Application
from internships.services import withdraw_application
from interviews import services
from interviews.models import Booking
from interviews.queries import free_slots
from notifications.models import Event
from tests import factories

from .conftest import queued_calendars, tomorrow_at


def calendars_in(mailoutbox):
    """Each e-mail's recipient and its calendar attachment, parsed."""
    found = []
    for message in mailoutbox:
        for _name, content, mimetype in message.attachments:
            if mimetype == "text/calendar; method=REQUEST":
                text = content if isinstance(content, str) else content.decode()
                found.append((message.to[0], Calendar.from_ical(text), text))
    return found


def test_booking_moves_the_application_to_interview_with_the_slot(shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[1])

    shortlisted.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert shortlisted.status == Application.Status.INTERVIEW
    assert shortlisted.interview_at == slots[1].starts_at
    assert shortlisted.interview_location == "Str. Memorandumului 28, room 204"
    event = Event.objects.filter(action="interview_booked").get()
    assert (event.from_status, event.to_status) == ("shortlisted", "interview")
    assert event.note_text.startswith("Interview booked for ")
    assert timezone.localtime(slots[1].starts_at).strftime("%H:%M") in event.note_text


def test_both_sides_get_a_calendar_request_in_their_language(
    shortlisted, slots, company_admin, mailoutbox, django_capture_on_commit_callbacks
):
    shortlisted.student.language = "ro"
    shortlisted.student.save()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])

    found = {to: (calendar, text) for to, calendar, text in calendars_in(mailoutbox)}
    assert set(found) == {shortlisted.student.email, company_admin.email}
    for calendar, text in found.values():
        assert calendar["method"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["uid"]).startswith(f"interview-booking-{booking.pk}@")
        assert event["sequence"] == 0
        assert event.decoded("dtstart") == slots[0].starts_at
        assert "BEGIN:VTIMEZONE" in text
        assert "TZID=Europe/Bucharest" in text
        assert f"mailto:{shortlisted.student.email}" in text
    assert str(found[shortlisted.student.email][0].walk("VEVENT")[0]["summary"]).startswith(
        "Interviu: "
    )
    assert str(found[company_admin.email][0].walk("VEVENT")[0]["summary"]).startswith("Interview: ")


def test_a_taken_slot_is_refused_and_nothing_changes(shortlisted, other_shortlisted, slots):
    services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])

    with pytest.raises(ServiceError) as refusal:
        services.book_slot(
            by=other_shortlisted.student, application=other_shortlisted, slot=slots[0]
        )

    assert "just booked by someone else" in refusal.value.text
    other_shortlisted.refresh_from_db()
    assert other_shortlisted.status == "shortlisted"
    assert other_shortlisted.interview_at is None
    assert Booking.objects.count() == 1


def test_a_student_books_one_slot_only(shortlisted, slots):
    services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])

    with pytest.raises(ServiceError, match="already booked"):
        services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[1])


def test_an_application_not_shortlisted_cannot_book(application, slots):
    with pytest.raises(ServiceError, match="shortlisted"):
        services.book_slot(by=application.student, application=application, slot=slots[0])
    assert not Booking.objects.exists()


def test_a_slot_of_another_placement_is_refused(shortlisted, other_placement):
    admin = factories.MembershipFactory(organisation=other_placement.organisation).user
    (foreign,) = services.publish_slots(
        by=admin,
        placement=other_placement,
        first_start=tomorrow_at(9),
        count=1,
        minutes=30,
        location="Online",
    )

    with pytest.raises(ServiceError, match="another placement"):
        services.book_slot(by=shortlisted.student, application=shortlisted, slot=foreign)


def test_someone_else_cannot_book_for_the_applicant(shortlisted, other_student, slots):
    with pytest.raises(PermissionDenied):
        services.book_slot(by=other_student, application=shortlisted, slot=slots[0])


def test_a_cancelled_slot_cannot_be_booked(shortlisted, slots, company_admin):
    services.cancel_slot(by=company_admin, slot=slots[0])

    with pytest.raises(ServiceError, match="cancelled"):
        services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])


def test_the_slot_of_a_withdrawn_application_is_free_again(shortlisted, other_shortlisted, slots):
    held = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    withdraw_application(application=shortlisted, by=shortlisted.student)
    assert slots[0] in free_slots(shortlisted.placement)

    services.book_slot(by=other_shortlisted.student, application=other_shortlisted, slot=slots[0])

    held.refresh_from_db()
    assert held.status == Booking.Status.CANCELLED
    methods = [str(calendar["method"]) for _to, calendar, *_rest in queued_calendars()[-4:]]
    assert methods == ["CANCEL", "CANCEL", "REQUEST", "REQUEST"]
    assert Booking.objects.get(status="booked").application == other_shortlisted
