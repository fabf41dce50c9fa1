"""The organisation's home: its four tiles count its placements and the applications to review."""

import re

from django.urls import reverse

from tests import factories


def tiles(html: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r"<li>(.*?)</li>", html.split('class="stats"')[1].split("</ul>")[0])
    ]


def test_the_tiles_count_placements_by_state_and_open_applications(
    client, company_admin, organisation, period
):
    published = factories.PlacementFactory(organisation=organisation, period=period)
    factories.PlacementFactory(organisation=organisation, period=period, status="published")
    factories.PlacementFactory(organisation=organisation, period=period, status="draft")
    for status in ("submitted", "in_review", "rejected"):
        factories.ApplicationFactory(placement=published, status=status)
    factories.PlacementFactory(period=period)  # another organisation's: not counted
    client.force_login(company_admin)

    html = client.get(reverse("company_home")).content.decode()

    assert tiles(html) == [
        "2 published",
        "0 awaiting approval",
        "1 draft",
        "2 applications to review",
    ]


def test_the_home_reads_a_fixed_number_of_queries(
    client, company_admin, organisation, period, django_assert_max_num_queries
):
    client.force_login(company_admin)
    # 11: one of them the organisation's open allocation rounds (allocation's home section).
    with django_assert_max_num_queries(11):
        client.get(reverse("company_home"))
    for _ in range(5):
        placement = factories.PlacementFactory(organisation=organisation, period=period)
        factories.ApplicationFactory.create_batch(3, placement=placement)
    with django_assert_max_num_queries(11):
        client.get(reverse("company_home"))
