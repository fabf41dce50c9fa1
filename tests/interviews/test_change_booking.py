import pytest
from django.core.exceptions import PermissionDenied

from core.services import ServiceError
from interviews import services
from interviews.models import Booking
from notifications.models import Event, Notification

from .conftest import queued_calendars


@pytest.fixture
def booking(shortlisted, slots):
    return services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])


def last_calendars(mailoutbox=None, count=2):
    return [calendar for _to, calendar, _text, _type in queued_calendars()[-count:]]


def test_moving_sends_an_updated_request_with_the_same_uid(
    booking, slots, company_admin, mailoutbox
):
    first_uid = str(last_calendars(mailoutbox)[0].walk("VEVENT")[0]["uid"])

    services.move_booking(by=company_admin, booking=booking, slot=slots[2])

    booking.refresh_from_db()
    booking.application.refresh_from_db()
    assert booking.slot == slots[2]
    assert booking.sequence == 1
    assert booking.application.interview_at == slots[2].starts_at
    for calendar in last_calendars(mailoutbox):
        event = calendar.walk("VEVENT")[0]
        assert calendar["method"] == "REQUEST"
        assert str(event["uid"]) == first_uid
        assert event["sequence"] == 1
        assert event.decoded("dtstart") == slots[2].starts_at


def test_cancelling_sends_a_cancel_and_frees_the_slot(booking, slots, company_admin, mailoutbox):
    services.cancel_booking(by=company_admin, booking=booking)

    booking.refresh_from_db()
    booking.application.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.application.interview_at is None
    assert booking.application.status == "interview"
    assert [kind for *_rest, kind in queued_calendars()[-2:]] == [
        "text/calendar; method=CANCEL"
    ] * 2
    for calendar in last_calendars(mailoutbox):
        assert calendar["method"] == "CANCEL"
        assert calendar.walk("VEVENT")[0]["sequence"] == 1
    again = services.book_slot(
        by=booking.application.student, application=booking.application, slot=slots[0]
    )
    assert again.pk != booking.pk


def test_cancelling_a_booked_slot_cancels_its_booking(booking, slots, company_admin, mailoutbox):
    services.cancel_slot(by=company_admin, slot=slots[0])

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert last_calendars(mailoutbox)[0]["method"] == "CANCEL"


def test_moving_to_a_taken_slot_is_refused(booking, slots, company_admin, other_shortlisted):
    services.book_slot(by=other_shortlisted.student, application=other_shortlisted, slot=slots[1])

    with pytest.raises(ServiceError, match="just booked"):
        services.move_booking(by=company_admin, booking=booking, slot=slots[1])

    booking.refresh_from_db()
    assert (booking.slot, booking.sequence) == (slots[0], 0)


def test_the_student_asks_to_reschedule_and_the_host_is_told(booking, company_admin):
    services.ask_to_reschedule(
        by=booking.application.student, booking=booking, message="I have an exam at 10."
    )

    booking.refresh_from_db()
    assert booking.reschedule_request == "I have an exam at 10."
    assert Notification.objects.filter(
        recipient=company_admin, kind="interview_reschedule_asked"
    ).exists()
    assert Event.objects.filter(action="reschedule_asked", note="I have an exam at 10.").exists()


def test_moving_answers_the_request(booking, slots, company_admin):
    services.ask_to_reschedule(by=booking.application.student, booking=booking, message="Later?")

    services.move_booking(by=company_admin, booking=booking, slot=slots[1])

    booking.refresh_from_db()
    assert booking.reschedule_request == ""


def test_the_host_declines_and_the_student_is_told(booking, company_admin):
    services.ask_to_reschedule(by=booking.application.student, booking=booking, message="Later?")

    services.decline_reschedule(by=company_admin, booking=booking)

    booking.refresh_from_db()
    assert booking.reschedule_request == ""
    assert Notification.objects.filter(
        recipient=booking.application.student, kind="interview_reschedule_declined"
    ).exists()


def test_an_empty_request_is_refused(booking):
    with pytest.raises(ServiceError, match="few words"):
        services.ask_to_reschedule(by=booking.application.student, booking=booking, message=" ")


def test_declining_without_a_request_is_refused(booking, company_admin):
    with pytest.raises(ServiceError, match="no request"):
        services.decline_reschedule(by=company_admin, booking=booking)


def test_others_cannot_touch_the_booking(booking, slots, other_company_admin, other_student):
    with pytest.raises(PermissionDenied):
        services.move_booking(by=other_company_admin, booking=booking, slot=slots[1])
    with pytest.raises(PermissionDenied):
        services.cancel_booking(by=other_company_admin, booking=booking)
    with pytest.raises(PermissionDenied):
        services.ask_to_reschedule(by=other_student, booking=booking, message="Mine now")
