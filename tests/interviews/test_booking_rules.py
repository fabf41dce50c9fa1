"""The rules a booking keeps: a slot withdrawn while a student books it, the calendar's
organiser kept for the booking's life, one request to reschedule at a time and none once
the interview started, dates in the reader's format, an admin that only shows, and a host
page whose size does not grow with slots × free slots."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.models import OrganisationMembership
from core.services import ServiceError
from interviews import services
from interviews.models import Booking, Slot
from tests import factories

from .conftest import queued_calendars, tomorrow_at


@pytest.fixture
def booking(shortlisted, slots):
    return services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])


def last_calendars(count=2):
    """The last `count` calendar attachments: {recipient: calendar}."""
    return {to: calendar for to, calendar, _text, _type in queued_calendars()[-count:]}


# 3. A slot withdrawn while a student books it ----------------------------------------


def test_a_booking_made_between_the_look_and_the_lock_refuses_the_withdrawal(
    monkeypatch, shortlisted, slots, company_admin
):
    locked_slot = services._locked_slot

    def booked_meanwhile(pk):
        # A student's booking commits after cancel_slot looked for one, before its lock.
        monkeypatch.setattr(services, "_locked_slot", locked_slot)
        services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
        return locked_slot(pk)

    monkeypatch.setattr(services, "_locked_slot", booked_meanwhile)

    with pytest.raises(ServiceError, match="just booked"):
        services.cancel_slot(by=company_admin, slot=slots[0])

    slots[0].refresh_from_db()
    assert not slots[0].is_cancelled


def test_withdrawing_a_booked_slot_cancels_the_booking_first(booking, slots, company_admin):
    services.cancel_slot(by=company_admin, slot=slots[0])

    booking.refresh_from_db()
    slots[0].refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert slots[0].is_cancelled
    assert {str(c["method"]) for c in last_calendars().values()} == {"CANCEL"}


# 4. The organiser ---------------------------------------------------------------------


def test_moving_to_another_members_slot_keeps_the_organiser(
    booking, company_admin, recruiter, placement
):
    (theirs,) = services.publish_slots(
        by=recruiter,
        placement=placement,
        first_start=tomorrow_at(15),
        count=1,
        minutes=30,
        location="Room 5",
    )

    services.move_booking(by=recruiter, booking=booking, slot=theirs)

    booking.refresh_from_db()
    assert booking.organizer == company_admin
    calendars = last_calendars()
    assert set(calendars) == {booking.application.student.email, company_admin.email}
    for calendar in calendars.values():
        organizer = str(calendar.walk("VEVENT")[0]["organizer"])
        assert organizer == f"mailto:{company_admin.email}"


def test_a_deactivated_organiser_is_stood_in_for_by_an_active_admin(
    booking, company_admin, organisation
):
    stand_in = factories.MembershipFactory(
        organisation=organisation, role=OrganisationMembership.Role.ADMIN
    ).user
    company_admin.is_active = False
    company_admin.save(update_fields=["is_active"])

    services.cancel_booking(by=stand_in, booking=booking)

    calendars = last_calendars()
    assert set(calendars) == {booking.application.student.email, stand_in.email}


def test_a_slot_of_a_member_who_left_is_organised_by_an_admin(
    shortlisted, placement, company_admin, recruiter
):
    (slot,) = services.publish_slots(
        by=recruiter,
        placement=placement,
        first_start=tomorrow_at(9),
        count=1,
        minutes=30,
        location="Online",
    )
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])

    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slot)

    assert booking.organizer == company_admin
    assert company_admin.email in last_calendars()


# 7. Requests to reschedule ------------------------------------------------------------


def test_a_second_request_waits_for_the_answer_to_the_first(booking):
    student = booking.application.student
    services.ask_to_reschedule(by=student, booking=booking, message="Exam at 10.")

    with pytest.raises(ServiceError, match="already asked"):
        services.ask_to_reschedule(by=student, booking=booking, message="Please!")

    booking.refresh_from_db()
    assert booking.reschedule_request == "Exam at 10."


def test_after_the_answer_the_student_may_ask_again(booking, company_admin):
    student = booking.application.student
    services.ask_to_reschedule(by=student, booking=booking, message="Exam at 10.")
    services.decline_reschedule(by=company_admin, booking=booking)

    services.ask_to_reschedule(by=student, booking=booking, message="A later one?")

    booking.refresh_from_db()
    assert booking.reschedule_request == "A later one?"


def test_an_interview_started_cannot_be_asked_to_move(client, booking):
    Slot.objects.filter(pk=booking.slot_id).update(starts_at=timezone.now() - timedelta(minutes=5))

    with pytest.raises(ServiceError, match="already started"):
        services.ask_to_reschedule(by=booking.application.student, booking=booking, message="Hi")

    client.force_login(booking.application.student)
    page = client.get(reverse("interview_booking", args=[booking.application_id]))
    assert "it can no longer be moved" in page.content.decode()
    assert reverse("interview_reschedule_ask", args=[booking.pk]) not in page.content.decode()


# 8. The admin shows, never changes ---------------------------------------------------


@pytest.mark.parametrize("model", [Slot, Booking])
def test_the_admin_never_adds_changes_or_deletes(model, booking):
    request = RequestFactory().get("/")
    request.user = factories.StaffFactory(is_superuser=True)
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, booking)
    assert not model_admin.has_delete_permission(request, booking)


# 9. Dates in the reader's format ------------------------------------------------------


def test_the_overlap_is_told_in_the_readers_format(placement, slots, company_admin):
    with translation.override("ro"), pytest.raises(ServiceError) as refusal:
        services.publish_slots(
            by=company_admin,
            placement=placement,
            first_start=tomorrow_at(10, 15),
            count=1,
            minutes=30,
            location="Online",
        )
    with translation.override("ro"):
        shown = formats.date_format(timezone.localtime(slots[0].starts_at), "DATETIME_FORMAT")
    assert shown in refusal.value.text
    assert timezone.localtime(slots[0].starts_at).strftime("%Y-%m-%d") not in refusal.value.text


# 10. The host's page and the move page -----------------------------------------------


def _fill(placement, admin, count):
    services.publish_slots(
        by=admin,
        placement=placement,
        first_start=timezone.now() + timedelta(days=2),
        count=count,
        minutes=15,
        location="Hall",
    )
    applications = factories.ApplicationFactory.create_batch(
        count // 3, placement=placement, status="shortlisted"
    )
    slots = list(Slot.objects.filter(placement=placement).order_by("starts_at"))
    return [
        services.book_slot(by=application.student, application=application, slot=slot)
        for application, slot in zip(applications, slots, strict=False)
    ]


@pytest.mark.parametrize("count", [3, 30])
def test_the_host_page_lists_each_free_slot_once_at_most(
    client, company_admin, placement, count, django_assert_max_num_queries
):
    bookings = _fill(placement, company_admin, count)
    client.force_login(company_admin)

    with django_assert_max_num_queries(10):
        page = client.get(reverse("interview_slots", args=[placement.pk])).content.decode()

    assert page.count("<option") == 0
    assert page.count('id="slot-') == count
    for booking in bookings:
        assert reverse("interview_booking_move", args=[booking.pk]) in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_move_page_lists_the_free_slots_once(
    client, company_admin, placement, count, django_assert_max_num_queries
):
    booking, *_others = _fill(placement, company_admin, count)
    client.force_login(company_admin)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("interview_booking_move", args=[booking.pk]))

    assert response.status_code == 200
    assert response.content.decode().count("<option") == count - count // 3


def test_the_move_page_of_someone_elses_booking_is_404(client, booking, other_company_admin):
    client.force_login(other_company_admin)

    assert client.get(reverse("interview_booking_move", args=[booking.pk])).status_code == 404


def test_the_move_page_moves_the_booking(client, booking, slots, company_admin):
    client.force_login(company_admin)
    url = reverse("interview_booking_move", args=[booking.pk])
    page = client.get(url).content.decode()
    assert f'value="{slots[1].pk}"' in page

    response = client.post(url, {"slot": slots[1].pk}, follow=True)

    assert "The interview is moved to" in response.content.decode()
    booking.refresh_from_db()
    assert booking.slot == slots[1]


def test_a_refused_move_comes_back_to_the_move_page(
    client, booking, slots, company_admin, other_shortlisted
):
    services.book_slot(by=other_shortlisted.student, application=other_shortlisted, slot=slots[1])
    client.force_login(company_admin)
    url = reverse("interview_booking_move", args=[booking.pk])

    response = client.post(url, {"slot": slots[1].pk})

    assert response.status_code == 302
    assert response.url == url
    booking.refresh_from_db()
    assert booking.slot == slots[0]
