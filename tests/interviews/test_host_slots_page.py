from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import Booking, Slot
from tests import factories

from .conftest import tomorrow_at


def page_of(placement):
    return reverse("interview_slots", args=[placement.pk])


def form_data(**overrides):
    data = {
        "first_start": tomorrow_at(14).strftime("%Y-%m-%dT%H:%M"),
        "count": "3",
        "minutes": "20",
        "gap": "5",
        "location": "Online: https://meet.example.org/xyz",
    }
    return {**data, **overrides}


def test_the_host_publishes_a_series_of_slots(client, company_admin, placement):
    client.force_login(company_admin)

    response = client.post(page_of(placement), form_data(), follow=True)

    assert response.status_code == 200
    assert "3 slots published." in response.content.decode()
    assert Slot.objects.filter(placement=placement).count() == 3
    assert "14:25" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_start": "9999-12-31T10:00"}, "Choose a date between the years"),
        ({"first_start": "2001-01-01T10:00"}, "The first slot must start in the future."),
        ({"location": "Room\x004"}, "Null characters are not allowed."),
        ({"count": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"minutes": "abc"}, "Enter a whole number."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, company_admin, placement, data, message):
    client.force_login(company_admin)

    response = client.post(page_of(placement), form_data(**data))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Slot.objects.exists()


def test_overlapping_slots_are_refused_on_the_page(client, company_admin, placement, slots):
    client.force_login(company_admin)

    response = client.post(
        page_of(placement),
        form_data(first_start=tomorrow_at(10, 15).strftime("%Y-%m-%dT%H:%M")),
    )

    assert response.status_code == 400
    assert "These slots overlap one already published" in response.content.decode()
    assert Slot.objects.count() == 3


def test_anonymous_is_sent_to_log_in(client, placement):
    response = client.get(page_of(placement))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize("who", ["student", "host_tutor", "staff", "other_company_admin"])
def test_other_roles_and_organisations_get_404(client, placement, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page_of(placement)).status_code == 404
    assert client.post(page_of(placement), form_data()).status_code == 404
    assert not Slot.objects.exists()


def test_someone_elses_slot_and_booking_are_404(client, other_company_admin, shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    client.force_login(other_company_admin)

    for name, pk in [
        ("interview_slot_cancel", slots[1].pk),
        ("interview_booking_cancel", booking.pk),
        ("interview_booking_move", booking.pk),
        ("interview_reschedule_decline", booking.pk),
    ]:
        assert client.post(reverse(name, args=[pk]), {"slot": slots[2].pk}).status_code == 404
    booking.refresh_from_db()
    assert booking.is_booked and booking.slot == slots[0]


def test_actions_answer_post_only(client, company_admin, slots):
    client.force_login(company_admin)

    response = client.get(reverse("interview_slot_cancel", args=[slots[0].pk]))

    assert response.status_code == 405


def test_the_host_moves_a_booking_the_student_asked_to_move(
    client, company_admin, shortlisted, slots
):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    services.ask_to_reschedule(by=shortlisted.student, booking=booking, message="Exam at 10")
    client.force_login(company_admin)
    page = client.get(page_of(shortlisted.placement)).content.decode()
    assert "Exam at 10" in page

    response = client.post(
        reverse("interview_booking_move", args=[booking.pk]), {"slot": slots[2].pk}, follow=True
    )

    assert "The interview is moved to" in response.content.decode()
    booking.refresh_from_db()
    assert booking.slot == slots[2]


def test_the_host_keeps_the_time_and_cancels(client, company_admin, shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    services.ask_to_reschedule(by=shortlisted.student, booking=booking, message="Exam at 10")
    client.force_login(company_admin)

    kept = client.post(reverse("interview_reschedule_decline", args=[booking.pk]), follow=True)
    cancelled = client.post(reverse("interview_booking_cancel", args=[booking.pk]), follow=True)

    assert "The interview stays as it is" in kept.content.decode()
    assert "The interview is cancelled" in cancelled.content.decode()
    assert Booking.objects.get().status == "cancelled"


def test_moving_to_a_slot_of_another_placement_is_404(
    client, company_admin, shortlisted, slots, other_placement
):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    other_admin = factories.MembershipFactory(organisation=other_placement.organisation).user
    (foreign,) = services.publish_slots(
        by=other_admin,
        placement=other_placement,
        first_start=tomorrow_at(9),
        count=1,
        minutes=30,
        location="Online",
    )
    client.force_login(company_admin)

    response = client.post(
        reverse("interview_booking_move", args=[booking.pk]), {"slot": foreign.pk}
    )

    assert response.status_code == 404


def _fill(placement, admin, count):
    start = timezone.now() + timedelta(days=2)
    services.publish_slots(
        by=admin, placement=placement, first_start=start, count=count, minutes=15, location="Hall"
    )
    applications = factories.ApplicationFactory.create_batch(
        count // 3, placement=placement, status="shortlisted"
    )
    slots = list(Slot.objects.filter(placement=placement).order_by("starts_at"))
    for application, slot in zip(applications, slots, strict=False):
        booking = services.book_slot(by=application.student, application=application, slot=slot)
        services.ask_to_reschedule(by=application.student, booking=booking, message="Later?")


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_however_many_slots(
    client, company_admin, placement, count, django_assert_max_num_queries
):
    _fill(placement, company_admin, count)
    client.force_login(company_admin)

    with django_assert_max_num_queries(10):
        response = client.get(page_of(placement))

    assert response.status_code == 200
    assert response.content.decode().count('id="slot-') == count
