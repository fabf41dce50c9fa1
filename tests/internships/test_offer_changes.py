"""The host changes an open offer: more time to answer, or the offer withdrawn (rescinded)."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships import services
from internships.models import Application, Internship
from notifications.models import Event, Notification
from tests.factories import MembershipFactory, PlacementFactory
from tests.races import at_once

from .test_accept_offer_service import offered

ROUNDS = 5


def extend_url(application):
    return reverse("offer_extend", args=[application.pk])


def rescind_url(application):
    return reverse("offer_rescind", args=[application.pk])


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def offer(placement):
    return offered(placement)


# Who may -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, offer):
    for url in (extend_url(offer), rescind_url(offer)):
        response = client.post(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "staff"])
def test_other_roles_are_refused(client, request, offer, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(rescind_url(offer), {"reason": "x"}).status_code == 403
    assert client.post(extend_url(offer)).status_code == 403
    assert Application.objects.get(pk=offer.pk).status == "offered"


def test_another_organisation_gets_404(client, other_company_admin, offer):
    client.force_login(other_company_admin)

    assert client.post(rescind_url(offer), {"reason": "x"}).status_code == 404
    assert client.post(extend_url(offer)).status_code == 404
    assert Application.objects.get(pk=offer.pk).status == "offered"


def test_get_is_not_allowed(client, recruiter, offer):
    client.force_login(recruiter)

    assert client.get(rescind_url(offer)).status_code == 405
    assert client.get(extend_url(offer)).status_code == 405


def test_the_applicant_page_offers_both_only_while_the_offer_is_open(
    client, recruiter, offer, application
):
    client.force_login(recruiter)

    open_page = client.get(reverse("company_application", args=[offer.pk])).content.decode()
    other_page = client.get(reverse("company_application", args=[application.pk])).content.decode()

    assert extend_url(offer) in open_page and rescind_url(offer) in open_page
    assert extend_url(application) not in other_page


# More time ----------------------------------------------------------------------------


def test_extending_moves_the_deadline_and_tells_the_student(client, recruiter, offer):
    later = offer.offer_deadline + timedelta(days=2)
    client.force_login(recruiter)

    response = client.post(extend_url(offer), {"deadline": local(later)}, follow=True)

    offer.refresh_from_db()
    assert local(offer.offer_deadline) == local(later)
    assert offer.status == "offered"
    assert "The student has more time to answer" in response.content.decode()
    notice = Notification.objects.get(kind="offer_extended")
    assert notice.recipient == offer.student
    assert Event.objects.filter(action="offer_extended", object_id=offer.pk).exists()


def test_the_new_deadline_must_be_later(client, recruiter, offer):
    before = offer.offer_deadline
    client.force_login(recruiter)

    response = client.post(
        extend_url(offer), {"deadline": local(before - timedelta(hours=5))}, follow=True
    )

    offer.refresh_from_db()
    assert "must be later than the current one" in response.content.decode()
    assert offer.offer_deadline == before
    assert not Notification.objects.filter(kind="offer_extended").exists()


def test_the_new_deadline_cannot_pass_the_placement_start(client, recruiter, placement, offer):
    before = offer.offer_deadline
    client.force_login(recruiter)
    after_start = timezone.make_aware(
        datetime.combine(placement.starts_on + timedelta(days=1), time(9))
    )

    response = client.post(extend_url(offer), {"deadline": local(after_start)}, follow=True)

    offer.refresh_from_db()
    assert "cannot be after the placement starts" in response.content.decode()
    assert offer.offer_deadline == before


def test_a_missing_deadline_is_shown_beside_the_field(client, recruiter, offer):
    client.force_login(recruiter)

    response = client.post(extend_url(offer), {"deadline": "soon"})

    assert response.status_code == 400
    assert "Enter a valid date/time." in response.content.decode()


def test_an_expired_offer_cannot_be_extended(recruiter, placement):
    lapsed = offered(placement, offer_deadline=timezone.now() - timedelta(hours=1))

    with pytest.raises(ServiceError, match="expired"):
        services.extend_offer(
            application=lapsed, by=recruiter, deadline=timezone.now() + timedelta(days=1)
        )


# Withdrawn ----------------------------------------------------------------------------


def test_rescinding_ends_the_application_and_tells_the_student(client, recruiter, offer):
    client.force_login(recruiter)

    response = client.post(rescind_url(offer), {"reason": "Bugetul a fost tăiat."}, follow=True)

    offer.refresh_from_db()
    assert offer.status == "rescinded"
    assert offer.get_status_display() == "Offer withdrawn by the host"
    assert offer.message_to_student == "Bugetul a fost tăiat."
    assert "The offer is withdrawn" in response.content.decode()
    notice = Notification.objects.get(kind="offer_rescinded")
    assert notice.recipient == offer.student
    assert notice.params["reason"] == "Bugetul a fost tăiat."
    client.force_login(offer.student)
    student_page = client.get(reverse("student_application", args=[offer.pk])).content.decode()
    assert "Bugetul a fost tăiat." in student_page


def test_a_reason_is_required(client, recruiter, offer):
    client.force_login(recruiter)

    response = client.post(rescind_url(offer), {"reason": "  "})

    assert response.status_code == 400
    assert Application.objects.get(pk=offer.pk).status == "offered"
    assert not Notification.objects.filter(kind="offer_rescinded").exists()


def test_only_an_open_offer_can_be_rescinded(client, recruiter, application):
    client.force_login(recruiter)

    response = client.post(rescind_url(application), {"reason": "x"}, follow=True)

    assert "There is no open offer on this application" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_an_accepted_offer_cannot_be_rescinded(recruiter, offer):
    services.accept_offer(application=offer, by=offer.student)

    with pytest.raises(ServiceError, match="already accepted"):
        services.rescind_offer(application=offer, by=recruiter, reason="Prea târziu")

    assert Application.objects.get(pk=offer.pk).status == "accepted"


def test_a_rescinded_offer_cannot_be_accepted(recruiter, offer):
    services.rescind_offer(application=offer, by=recruiter, reason="Bugetul a fost tăiat.")

    with pytest.raises(ServiceError, match="withdrawn this offer"):
        services.accept_offer(application=offer, by=offer.student)

    assert not Internship.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_rescinding_while_the_student_accepts_ends_one_way(postgresql, round_number):  # noqa: F811
    placement = PlacementFactory(positions=1)
    host = MembershipFactory(organisation=placement.organisation).user
    offer = offered(placement)

    outcomes = at_once(
        lambda: services.accept_offer(application=offer, by=offer.student),
        lambda: services.rescind_offer(application=offer, by=host, reason="Bugetul s-a tăiat."),
    )

    assert sorted(o.split(":")[0] for o in outcomes) == ["done", "refused"], outcomes
    status = Application.objects.get(pk=offer.pk).status
    assert status in {"accepted", "rescinded"}
    assert Internship.objects.filter(application=offer).exists() == (status == "accepted")
    refusal = next(o for o in outcomes if o.startswith("refused"))
    if status == "accepted":
        assert refusal == "refused: The student has already accepted this offer."
        assert not Notification.objects.filter(kind="offer_rescinded").exists()
    else:
        assert refusal == "refused: The organisation has withdrawn this offer."
        assert not Notification.objects.filter(kind="offer_accepted").exists()


def test_the_form_proposes_more_time_but_not_past_the_start(client, recruiter, placement):
    near_start = timezone.make_aware(datetime.combine(placement.starts_on, time(12)))
    offer = offered(placement, offer_deadline=near_start - timedelta(days=1))
    client.force_login(recruiter)

    response = client.get(reverse("company_application", args=[offer.pk]))

    proposed = response.context["extend_form"]["deadline"].value()
    assert proposed.date() == placement.starts_on  # shown in local time
