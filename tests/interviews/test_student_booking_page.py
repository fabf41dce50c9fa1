import pytest
from django.urls import reverse

from interviews import services
from interviews.models import Booking

from .conftest import tomorrow_at


def page_of(application):
    return reverse("interview_booking", args=[application.pk])


def test_the_student_sees_the_free_slots_and_books_one(client, shortlisted, slots):
    client.force_login(shortlisted.student)
    page = client.get(page_of(shortlisted)).content.decode()
    assert page.count('name="slot"') == 3

    response = client.post(page_of(shortlisted), {"slot": slots[1].pk}, follow=True)

    text = response.content.decode()
    assert "Your interview is booked for" in text
    assert "Str. Memorandumului 28, room 204" in text
    assert Booking.objects.get().slot == slots[1]


def test_a_slot_taken_meanwhile_is_told_clearly_and_nothing_changes(
    client, shortlisted, other_shortlisted, slots
):
    services.book_slot(by=other_shortlisted.student, application=other_shortlisted, slot=slots[0])
    client.force_login(shortlisted.student)

    response = client.post(page_of(shortlisted), {"slot": slots[0].pk}, follow=True)

    assert "This slot was just booked by someone else. Choose another one." in (
        response.content.decode()
    )
    shortlisted.refresh_from_db()
    assert shortlisted.status == "shortlisted"
    assert Booking.objects.count() == 1


def test_the_application_page_links_to_the_booking(client, shortlisted, slots):
    client.force_login(shortlisted.student)

    response = client.get(reverse("student_application", args=[shortlisted.pk]))

    assert page_of(shortlisted) in response.content.decode()


def test_the_host_application_page_links_to_the_slots(client, company_admin, shortlisted):
    client.force_login(company_admin)

    response = client.get(reverse("company_application", args=[shortlisted.pk]))

    assert reverse("interview_slots", args=[shortlisted.placement_id]) in (
        response.content.decode()
    )


def test_a_submitted_application_has_no_booking_link(client, application):
    client.force_login(application.student)

    response = client.get(reverse("student_application", args=[application.pk]))

    assert page_of(application) not in response.content.decode()


def test_a_student_not_shortlisted_is_told_and_cannot_book(client, application, slots):
    client.force_login(application.student)
    assert "once the organisation shortlists" in client.get(page_of(application)).content.decode()

    response = client.post(page_of(application), {"slot": slots[0].pk}, follow=True)

    assert "Only a shortlisted application can book" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize("who", ["other_student", "company_admin", "host_tutor", "staff"])
def test_someone_elses_booking_page_is_404(client, shortlisted, slots, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page_of(shortlisted)).status_code == 404
    assert client.post(page_of(shortlisted), {"slot": slots[0].pk}).status_code == 404
    assert not Booking.objects.exists()


@pytest.mark.parametrize("slot", ["", "abc", "99999999", "1\x00", "9" * 40])
def test_a_bad_slot_number_is_404(client, shortlisted, slots, slot):
    client.force_login(shortlisted.student)

    assert client.post(page_of(shortlisted), {"slot": slot}).status_code == 404


def test_the_student_asks_to_reschedule(client, shortlisted, slots, company_admin):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    client.force_login(shortlisted.student)
    url = reverse("interview_reschedule_ask", args=[booking.pk])

    empty = client.post(url, {"message": "   "}, follow=True)
    asked = client.post(url, {"message": "I have an exam then."}, follow=True)

    assert "This field is required." in empty.content.decode()
    assert "Your request is sent to the organisation." in asked.content.decode()
    assert "I have an exam then." in asked.content.decode()
    booking.refresh_from_db()
    assert booking.reschedule_request == "I have an exam then."


def test_another_student_cannot_ask_to_reschedule(client, shortlisted, slots, other_student):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    client.force_login(other_student)

    response = client.post(
        reverse("interview_reschedule_ask", args=[booking.pk]), {"message": "Mine"}
    )

    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.reschedule_request == ""


def test_the_request_form_refuses_a_nul_byte(client, shortlisted, slots):
    booking = services.book_slot(by=shortlisted.student, application=shortlisted, slot=slots[0])
    client.force_login(shortlisted.student)

    response = client.post(
        reverse("interview_reschedule_ask", args=[booking.pk]), {"message": "a\x00b"}, follow=True
    )

    assert "Null characters are not allowed." in response.content.decode()
    booking.refresh_from_db()
    assert booking.reschedule_request == ""


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_however_many_slots(
    client, shortlisted, company_admin, count, django_assert_max_num_queries
):
    services.publish_slots(
        by=company_admin,
        placement=shortlisted.placement,
        first_start=tomorrow_at(8),
        count=count,
        minutes=10,
        location="Hall",
    )
    client.force_login(shortlisted.student)

    with django_assert_max_num_queries(7):
        response = client.get(page_of(shortlisted))

    assert response.content.decode().count('name="slot"') == count
