from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Application, Internship
from tests.factories import ApplicationFactory


@pytest.fixture
def offer(application):
    Application.objects.filter(pk=application.pk).update(
        status="offered", offer_deadline=timezone.now() + timedelta(days=3)
    )
    application.refresh_from_db()
    return application


def accept(application):
    return reverse("accept_offer", args=[application.pk])


def decline(application):
    return reverse("decline_offer", args=[application.pk])


def status_of(application):
    application.refresh_from_db()
    return application.status


@pytest.mark.parametrize("view", [accept, decline])
def test_answers_are_post_only(client, student, offer, view):
    client.force_login(student)

    assert client.get(view(offer)).status_code == 405


@pytest.mark.parametrize("view", [accept, decline])
def test_anonymous_is_sent_to_login(client, offer, view):
    response = client.post(view(offer))

    assert response.url.startswith(reverse("account_login"))
    assert status_of(offer) == "offered"


@pytest.mark.parametrize("view", [accept, decline])
def test_company_member_is_forbidden(client, company_admin, offer, view):
    client.force_login(company_admin)

    assert client.post(view(offer)).status_code == 403
    assert status_of(offer) == "offered"


@pytest.mark.parametrize("view", [accept, decline])
def test_another_student_gets_404(client, other_student, offer, view):
    client.force_login(other_student)

    assert client.post(view(offer)).status_code == 404
    assert status_of(offer) == "offered"
    assert Internship.objects.count() == 0


def test_student_accepts_the_offer(client, student, offer, other_placement):
    other = ApplicationFactory(placement=other_placement, student=student)
    client.force_login(student)

    response = client.post(accept(offer), follow=True)

    assert response.redirect_chain[-1][0] == reverse("student_application", args=[offer.pk])
    assert "Offer accepted. Welcome aboard!" in response.content.decode()
    assert status_of(offer) == "accepted"
    assert Internship.objects.get().application == offer
    assert status_of(other) == "withdrawn"


def test_student_declines_the_offer(client, student, offer, company_admin):
    client.force_login(student)

    response = client.post(decline(offer), follow=True)

    assert "You declined the offer." in response.content.decode()
    assert status_of(offer) == "declined"
    assert company_admin.notifications.filter(kind="offer_declined").exists()


def test_accepting_the_last_seat_held_by_another_student_shows_the_message(
    client, student, other_student, offer
):
    offer.placement.positions = 1
    offer.placement.save()
    ApplicationFactory(placement=offer.placement, student=other_student, status="accepted")
    client.force_login(student)

    response = client.post(accept(offer), follow=True)

    assert response.status_code == 200
    assert "All positions of this placement have been filled." in response.content.decode()
    assert status_of(offer) == "offered"
    assert Internship.objects.count() == 0


def test_accepting_without_an_offer_shows_a_message(client, student, application):
    client.force_login(student)

    response = client.post(accept(application), follow=True)

    assert "There is no open offer to accept" in response.content.decode()
    assert status_of(application) == "submitted"


def test_declining_without_an_offer_shows_a_message(client, student, application):
    client.force_login(student)

    response = client.post(decline(application), follow=True)

    assert "There is no open offer to decline" in response.content.decode()
    assert status_of(application) == "submitted"


def test_accepting_an_expired_offer_shows_a_message(client, student, offer):
    Application.objects.filter(pk=offer.pk).update(
        offer_deadline=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(student)

    response = client.post(accept(offer), follow=True)

    assert "This offer has expired." in response.content.decode()
    assert status_of(offer) == "offered"
