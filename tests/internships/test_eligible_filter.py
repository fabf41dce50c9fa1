"""The "eligible for me" filter of the public search: a signed-in student sees, unless they
turn it off, only the placements they may apply to."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

URL = reverse("placement_search")


def titles(response):
    assert response.status_code == 200
    return sorted(placement.title for placement in response.context["page_obj"].object_list)


@pytest.fixture
def mixed(organisation, period, programme):
    """One placement the student may apply to, and one of each reason they may not."""
    other_programme = factories.ProgrammeFactory(name="Law", code="LAW")
    later = factories.PeriodFactory(
        applications_open_on=timezone.localdate() + timedelta(days=5),
        applications_close_on=timezone.localdate() + timedelta(days=30),
    )
    make = factories.PlacementFactory
    make(title="Eligible", organisation=organisation, period=period, programmes=[programme])
    make(title="Other programme", organisation=organisation, period=period,
         programmes=[other_programme])  # fmt: skip
    make(title="Not open yet", organisation=organisation, period=later, programmes=[programme])
    make(title="Deadline passed", organisation=organisation, period=period,
         programmes=[programme], deadline=timezone.localdate() - timedelta(days=1))  # fmt: skip


def test_a_student_sees_only_what_they_may_apply_to_by_default(client, student, mixed):
    client.force_login(student)

    response = client.get(URL)

    assert titles(response) == ["Eligible"]
    assert re.search(r'<input[^>]*name="eligible" value="yes"[^>]*checked', response.text)


def test_a_student_may_turn_it_off_in_the_url(client, student, mixed):
    client.force_login(student)

    assert titles(client.get(URL, {"eligible": "no"})) == [
        "Deadline passed", "Eligible", "Not open yet", "Other programme",
    ]  # fmt: skip
    assert titles(client.get(URL, {"eligible": "yes"})) == ["Eligible"]


def test_a_period_where_the_student_holds_an_internship_is_not_open_to_them(
    client, student, internship, mixed
):
    client.force_login(student)

    assert titles(client.get(URL)) == []


def test_anonymous_and_companies_have_no_such_filter(client, company_admin, mixed):
    assert "eligible" not in client.get(URL).content.decode()
    assert len(titles(client.get(URL, {"eligible": "yes"}))) == 4

    client.force_login(company_admin)
    assert len(titles(client.get(URL, {"eligible": "yes"}))) == 4


def test_an_unknown_value_is_left_out_with_a_warning(client, student, mixed):
    client.force_login(student)

    response = client.get(URL, {"eligible": "maybe"})

    assert len(titles(response)) == 4
    assert "Some filters were not understood" in response.content.decode()


def test_the_search_of_a_student_needs_the_same_queries_for_3_or_30_rows(
    client, student, organisation, period, programme, django_assert_max_num_queries
):
    client.force_login(student)
    for count in (3, 30):
        factories.PlacementFactory.create_batch(
            count, organisation=organisation, period=period, programmes=[programme]
        )
        client.get(URL)  # the facets counted and cached
        with django_assert_max_num_queries(14):
            assert client.get(URL).status_code == 200
