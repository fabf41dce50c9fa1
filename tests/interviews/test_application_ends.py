"""A booking follows its application: ending the application (rejected, withdrawn, its
placement closed, an offer accepted elsewhere, rescinded, expired) cancels the booking and
tells both calendars; a student shortlisted after the slots were published is invited to
book; the host cannot set the interview's time by hand while a booked slot holds it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships import services as internships
from internships.models import Application
from interviews import services
from interviews.models import Booking
from interviews.queries import free_slots
from notifications.models import Event, Notification
from tests import factories

from .conftest import queued_calendars, tomorrow_at


@pytest.fixture
def booking(shortlisted, slots):
    return services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])


def cancels_sent():
    return sorted(
        to for to, calendar, *_rest in queued_calendars() if calendar["method"] == "CANCEL"
    )


def assert_cancelled_and_told(booking, company_admin):
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.sequence == 1
    assert booking.slot in free_slots(booking.slot.placement)
    assert cancels_sent() == sorted([booking.application.student.email, company_admin.email])


def reject(application, admin):
    internships.reject_application(application=application, by=admin, message="Sorry.")


def withdraw(application, admin):
    internships.withdraw_application(application=application, by=application.student)


def close(application, admin):
    internships.close_placement(placement=application.placement, by=admin, note="Filled.")


@pytest.mark.parametrize("end", [reject, withdraw, close])
def test_ending_the_application_cancels_its_booking(booking, company_admin, end):
    end(booking.application, company_admin)

    assert_cancelled_and_told(booking, company_admin)
    booking.application.refresh_from_db()
    assert booking.application.interview_at is None


def test_accepting_an_offer_elsewhere_cancels_the_booking(
    booking, company_admin, other_placement, student
):
    elsewhere = factories.ApplicationFactory(
        placement=other_placement,
        student=student,
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=3),
    )

    internships.accept_offer(application=elsewhere, by=student)

    booking.application.refresh_from_db()
    assert booking.application.status == Application.Status.WITHDRAWN
    assert_cancelled_and_told(booking, company_admin)


def offer(booking, admin):
    internships.make_offer(
        application=booking.application, by=admin, deadline=timezone.now() + timedelta(days=3)
    )


def test_rescinding_the_offer_cancels_the_interview_still_to_come(booking, company_admin):
    offer(booking, company_admin)
    booking.refresh_from_db()
    assert booking.is_booked  # an offer keeps the application open

    internships.rescind_offer(application=booking.application, by=company_admin, reason="Budget.")

    assert_cancelled_and_told(booking, company_admin)


def test_an_expired_offer_cancels_the_interview_still_to_come(booking, company_admin):
    offer(booking, company_admin)

    internships.expire_offers(now=timezone.now() + timedelta(days=4))

    assert_cancelled_and_told(booking, company_admin)


def test_an_interview_held_already_is_left_as_it_was(booking, company_admin):
    Booking.objects.filter(pk=booking.pk).update(sequence=0)
    booking.slot.starts_at = timezone.now() - timedelta(hours=1)
    booking.slot.save(update_fields=["starts_at"])

    reject(booking.application, company_admin)

    booking.refresh_from_db()
    assert booking.is_booked
    assert cancels_sent() == []


def test_a_refused_end_changes_nothing(booking, other_company_admin):
    with pytest.raises(PermissionDenied):
        reject(booking.application, other_company_admin)

    booking.refresh_from_db()
    assert booking.is_booked
    assert cancels_sent() == []


# An ended application's booking left from before: released by the platform -----------


def test_releasing_an_old_booking_names_nobody_on_the_ended_application(
    client, booking, other_shortlisted, slots
):
    ended = booking.application
    # Ended before bookings followed their application: the hook did not run.
    Application.objects.filter(pk=ended.pk).update(status=Application.Status.WITHDRAWN)

    services.book_slot(by=other_shortlisted.student, application=other_shortlisted, slot=slots[0])

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    (released,) = Event.objects.filter(object_id=ended.pk, action="interview_cancelled")
    assert released.actor is None
    assert (released.from_status, released.to_status) == ("withdrawn", "withdrawn")
    client.force_login(ended.student)
    page = client.get(reverse("student_application", args=[ended.pk])).content.decode()
    assert other_shortlisted.student.display_name not in page
    assert "interview_released" not in page
    assert "Interview of " in page


# Shortlisted after the slots were published -------------------------------------------


def test_shortlisting_invites_to_book_when_slots_are_free(application, slots, company_admin):
    internships.move_application(application=application, by=company_admin, to="shortlisted")

    notice = Notification.objects.get(recipient=application.student, kind="interview_slots_open")
    assert notice.url == reverse("interview_booking", args=[application.pk])


def test_shortlisting_without_free_slots_invites_nobody(application, company_admin):
    internships.move_application(application=application, by=company_admin, to="shortlisted")

    assert not Notification.objects.filter(kind="interview_slots_open").exists()


def test_slots_all_taken_invite_nobody(application, other_shortlisted, company_admin, placement):
    (only,) = services.publish_slots(
        by=company_admin,
        placement=placement,
        first_start=tomorrow_at(9),
        count=1,
        minutes=30,
        location="Online",
    )
    services.book_slot(by=other_shortlisted.student, application=other_shortlisted, slot=only)
    Notification.objects.all().delete()

    internships.move_application(application=application, by=company_admin, to="shortlisted")

    assert not Notification.objects.filter(kind="interview_slots_open").exists()


# The host's manual invitation while a slot is booked -----------------------------------


def test_a_manual_invitation_is_refused_while_a_slot_is_booked(booking, company_admin):
    with pytest.raises(ServiceError, match="interview slots page"):
        internships.invite_to_interview(
            application=booking.application,
            by=company_admin,
            when=tomorrow_at(16),
            location="Elsewhere",
        )

    booking.application.refresh_from_db()
    assert booking.application.interview_at == booking.slot.starts_at
    assert booking.application.interview_location == booking.slot.location


def test_a_manual_invitation_is_allowed_once_the_booking_is_cancelled(booking, company_admin):
    services.cancel_booking(by=company_admin, booking=booking)

    internships.invite_to_interview(
        application=booking.application, by=company_admin, when=tomorrow_at(16), location="Hall"
    )

    booking.application.refresh_from_db()
    assert booking.application.interview_location == "Hall"


def test_the_application_page_hides_the_manual_form_while_booked(client, booking, company_admin):
    client.force_login(company_admin)
    url = reverse("company_application", args=[booking.application_id])

    page = client.get(url).content.decode()

    assert reverse("application_interview", args=[booking.application_id]) not in page
    assert "Move or cancel that interview on the interview slots page." in page
    services.cancel_booking(by=company_admin, booking=booking)
    page = client.get(url).content.decode()
    assert reverse("application_interview", args=[booking.application_id]) in page
