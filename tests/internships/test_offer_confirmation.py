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


def confirm_accept(application):
    return reverse("confirm_accept_offer", args=[application.pk])


def confirm_decline(application):
    return reverse("confirm_decline_offer", args=[application.pk])


@pytest.mark.parametrize("view", [confirm_accept, confirm_decline])
def test_anonymous_is_sent_to_login(client, offer, view):
    response = client.get(view(offer))

    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("view", [confirm_accept, confirm_decline])
def test_company_member_is_forbidden(client, company_admin, offer, view):
    client.force_login(company_admin)

    assert client.get(view(offer)).status_code == 403


@pytest.mark.parametrize("view", [confirm_accept, confirm_decline])
def test_another_student_gets_404(client, other_student, offer, view):
    client.force_login(other_student)

    assert client.get(view(offer)).status_code == 404


def test_accepting_asks_first_and_lists_the_applications_it_withdraws(
    client, student, offer, other_placement
):
    other = ApplicationFactory(placement=other_placement, student=student)
    client.force_login(student)

    response = client.get(confirm_accept(offer))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reverse("accept_offer", args=[offer.pk])}"' in page
    assert "Your other open application in this period is withdrawn" in page
    assert other_placement.title in page
    assert Internship.objects.count() == 0
    other.refresh_from_db()
    assert other.status == "submitted"


def test_accepting_without_other_applications_says_so(client, student, offer):
    client.force_login(student)

    page = client.get(confirm_accept(offer)).content.decode()

    assert "You have no other open applications in this period." in page


def test_declining_asks_first_and_says_the_organisation_is_told(client, student, offer):
    client.force_login(student)

    response = client.get(confirm_decline(offer))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reverse("decline_offer", args=[offer.pk])}"' in page
    assert "The organisation is told" in page
    offer.refresh_from_db()
    assert offer.status == "offered"


@pytest.mark.parametrize("view", [confirm_accept, confirm_decline])
def test_without_an_open_offer_the_student_goes_back_to_the_application(
    client, student, application, view
):
    client.force_login(student)

    response = client.get(view(application), follow=True)

    assert response.redirect_chain[-1][0] == reverse("student_application", args=[application.pk])
    assert "There is no open offer on this application." in response.content.decode()


def test_confirming_on_the_page_accepts_the_offer(client, student, offer):
    client.force_login(student)
    client.get(confirm_accept(offer))

    response = client.post(reverse("accept_offer", args=[offer.pk]), follow=True)

    assert "Offer accepted" in response.content.decode()
    assert Internship.objects.filter(application=offer).exists()
