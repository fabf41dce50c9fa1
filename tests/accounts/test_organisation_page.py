"""An organisation's public page (issue #16): who it is, its open placements, its rating."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from mentors.models import Evaluation
from tests.factories import InternshipFactory, PlacementFactory


def url(organisation):
    return reverse("organisation_page", args=[organisation.pk])


def rate(organisation, *pairs, status=Evaluation.Status.SUBMITTED):
    for task_relevance, mentoring_quality in pairs:
        internship = InternshipFactory(
            application__placement=PlacementFactory(organisation=organisation)
        )
        Evaluation.objects.create(
            internship=internship,
            kind=Evaluation.Kind.HOST_RATING,
            author=internship.student,
            status=status,
            task_relevance=task_relevance,
            mentoring_quality=mentoring_quality,
        )


@pytest.fixture
def organisation(organisation):
    organisation.description = "We build hospital software."
    organisation.website = "https://example.org"
    organisation.save()
    return organisation


def test_anyone_sees_a_verified_organisation_and_its_open_placements(client, organisation):
    open_one = PlacementFactory(organisation=organisation, title="Open placement")
    PlacementFactory(
        organisation=organisation,
        title="Past deadline",
        deadline=timezone.localdate() - timedelta(days=1),
    )
    PlacementFactory(organisation=organisation, title="Draft one", status="draft")
    PlacementFactory(title="Someone else's")
    response = client.get(url(organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert organisation.legal_name in page
    assert "We build hospital software." in page
    assert organisation.sector.display_name in page
    assert organisation.city in page and str(organisation.county) in page
    assert 'href="https://example.org" rel="noopener nofollow"' in page
    assert open_one.get_absolute_url() in page
    assert "Past deadline" not in page and "Draft one" not in page
    assert "Someone else" not in page
    assert 'id="not-public"' not in page


def test_a_website_that_is_not_https_is_not_linked(client, organisation):
    organisation.website = "http://example.org"
    organisation.save()
    assert "http://example.org" not in client.get(url(organisation)).content.decode()


@pytest.mark.parametrize("status", [Organisation.Status.PENDING, Organisation.Status.SUSPENDED])
def test_an_organisation_not_verified_is_not_public(
    client, organisation, status, student, other_company_admin
):
    organisation.status = status
    organisation.save()
    assert client.get(url(organisation)).status_code == 404
    for outsider in (student, other_company_admin):
        client.force_login(outsider)
        assert client.get(url(organisation)).status_code == 404


@pytest.mark.parametrize("viewer", ["staff", "company_admin", "recruiter"])
def test_staff_and_its_own_people_see_it_with_a_banner(client, organisation, viewer, request):
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    client.force_login(request.getfixturevalue(viewer))
    response = client.get(url(organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="not-public"' in page
    staff_link = reverse("staff_organisation", args=[organisation.pk])
    assert (staff_link in page) == (viewer == "staff")


def test_no_rating_below_three(client, organisation):
    rate(organisation, (5, 5), (4, 4))
    rate(organisation, (1, 1), status=Evaluation.Status.DRAFT)
    assert "Rated" not in client.get(url(organisation)).content.decode()


def test_the_rating_is_averaged_from_three(client, organisation):
    rate(organisation, (5, 4), (4, 4), (5, 3))
    rate(organisation, (1, 1), status=Evaluation.Status.DRAFT)
    page = client.get(url(organisation)).content.decode()
    # (4.5 + 4 + 4) / 3 = 4.17
    assert "Rated 4.2 / 5 by 3 past interns" in page


def test_query_count_does_not_grow_with_placements(
    client, organisation, django_assert_max_num_queries
):
    for _ in range(5):
        PlacementFactory(organisation=organisation)
    rate(organisation, (5, 4), (4, 4), (5, 3))
    # The organisation, its open placements, the rating: nothing per placement.
    with django_assert_max_num_queries(3):
        assert client.get(url(organisation)).status_code == 200


def test_search_cards_and_placement_page_link_to_it(client, placement):
    link = f'href="{url(placement.organisation)}"'
    assert link in client.get(reverse("placement_search")).content.decode()
    assert link in client.get(placement.get_absolute_url()).content.decode()
