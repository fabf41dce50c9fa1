from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from internships.models import Placement
from notifications.models import Event, Notification
from tests.factories import OrganisationFactory, PlacementFactory

LIST_URL = reverse("staff_placement_reviews")


@pytest.fixture
def submitted(organisation, period, programme):
    return PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Frontend intern (Vue)",
        status="submitted",
        published_at=None,
        positions=3,
    )


def approve_url(placement):
    return reverse("placement_approve", args=[placement.pk])


def return_url(placement):
    return reverse("placement_return", args=[placement.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, submitted):
    responses = [
        client.get(LIST_URL),
        client.post(approve_url(submitted)),
        client.post(return_url(submitted), {"note": "Shorter"}),
    ]

    assert all(r.status_code == 302 for r in responses)
    assert all(r.url.startswith(reverse("account_login")) for r in responses)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_other_roles_are_forbidden(client, request, role, submitted):
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(approve_url(submitted)).status_code == 403
    assert client.post(return_url(submitted), {"note": "Shorter"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_actions_answer_only_to_post(client, staff, submitted):
    client.force_login(staff)

    assert client.get(approve_url(submitted)).status_code == 405
    assert client.get(return_url(submitted)).status_code == 405


def test_acting_on_an_unknown_placement_is_not_found(client, staff):
    client.force_login(staff)

    assert client.post(reverse("placement_approve", args=[999])).status_code == 404


def test_the_list_shows_submitted_placements_oldest_first(client, staff, submitted, placement):
    older = PlacementFactory(title="Older QA intern", status="submitted", published_at=None)
    Placement.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=3))
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert [p.pk for p in response.context["page"]] == [older.pk, submitted.pk]
    assert placement.title not in page
    assert f'href="{submitted.get_absolute_url()}"' in page
    for shown in ("Codează Someș SRL", "Verified", "Summer 2027", "3\xa0days"):
        assert shown in page


def test_the_list_warns_when_the_organisation_is_not_verified(client, staff):
    PlacementFactory(
        organisation=OrganisationFactory(status="pending"), status="submitted", published_at=None
    )
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert "verify the organisation before approving" in page


def test_staff_approve_a_submitted_placement(client, staff, submitted, company_admin):
    client.force_login(staff)

    response = client.post(approve_url(submitted), {"note": "Looks good."}, follow=True)

    submitted.refresh_from_db()
    assert submitted.status == "published"
    assert submitted.published_at is not None
    assert Event.objects.filter(object_id=submitted.pk, action="approved", actor=staff).exists()
    assert Notification.objects.filter(recipient=company_admin, kind="placement_published").exists()
    assert "“Frontend intern (Vue)” is published." in response.content.decode()


def test_approving_a_placement_of_a_pending_organisation_is_refused(
    client, staff, submitted, organisation
):
    Organisation.objects.filter(pk=organisation.pk).update(status="pending")
    client.force_login(staff)

    response = client.post(approve_url(submitted), follow=True)

    assert "Only a verified organisation can publish placements." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert not Event.objects.exists()


def test_approving_a_placement_not_awaiting_approval_is_refused(client, staff, placement):
    client.force_login(staff)

    response = client.post(approve_url(placement), follow=True)

    assert "Only a placement awaiting approval can be approved." in response.content.decode()


def test_returning_needs_a_comment(client, staff, submitted):
    client.force_login(staff)

    response = client.post(return_url(submitted), {"note": ""}, follow=True)

    assert "Say what should change" in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == ("submitted", "")


def test_staff_return_a_placement_to_its_draft_with_a_comment(
    client, staff, submitted, company_admin
):
    client.force_login(staff)

    response = client.post(return_url(submitted), {"note": "Add the stipend."}, follow=True)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == ("draft", "Add the stipend.")
    assert Notification.objects.filter(recipient=company_admin, kind="placement_returned").exists()
    assert "was returned to its organisation" in response.content.decode()


def test_with_htmx_the_row_is_replaced_by_the_outcome(client, staff, submitted):
    client.force_login(staff)

    response = client.post(return_url(submitted), {"note": ""}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "internships/vetting/_outcome.html"
    assert "Say what should change" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_needs_the_same_queries_for_3_or_30_placements(
    client, staff, rows, django_assert_max_num_queries
):
    PlacementFactory.create_batch(rows, status="submitted", published_at=None)
    client.force_login(staff)

    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL)

    assert len(response.context["page"]) == min(rows, 20)


def test_with_htmx_a_refused_action_shows_its_reason_beside_the_placement(client, staff, submitted):
    client.force_login(staff)

    response = client.post(return_url(submitted), {"note": ""}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert f'id="placement-{submitted.pk}"' in body and "item--error" in body
    assert "Say what should change" in body
    assert f'href="{submitted.get_absolute_url()}"' in body
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_each_placement_opens_to_its_description(client, staff, submitted):
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert '<details class="item__more">' in page
    assert submitted.description in page


def test_the_return_button_reads_as_one_phrase_with_the_title_at_the_end(client, staff, submitted):
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert f'Return for changes<span class="visually-hidden">: {submitted.title}</span>' in page
