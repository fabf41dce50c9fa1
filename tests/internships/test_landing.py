"""The landing page (issue #16): a search box, the newest open placements with their hosts'
logos, the programme's public figures, and a way in for students and hosts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from internships import figures as stats
from tests.factories import OrganisationFactory, PlacementFactory

URL = reverse("landing")


@pytest.fixture(autouse=True)
def memory_cache(settings):
    """Redis in production: a cache hit costs no SQL query (the database cache would)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "landing-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


def published(title, hours_ago, **kwargs):
    return PlacementFactory(
        title=title, published_at=timezone.now() - timedelta(hours=hours_ago), **kwargs
    )


def test_the_search_box_asks_the_public_search(client, db):
    page = client.get(URL).content.decode()

    assert f'action="{reverse("placement_search")}"' in page
    assert 'role="search"' in page
    assert '<label for="landing-q">Search the placements</label>' in page
    assert 'name="q"' in page


def test_the_six_newest_open_placements_are_shown(client, db):
    for n in range(7):
        published(f"Newest {n}", hours_ago=n)
    published("Closed one", hours_ago=0, status="closed")
    published("Past its deadline", hours_ago=0, deadline=timezone.localdate() - timedelta(days=1))
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    published("Of an unverified host", hours_ago=0, organisation=pending)

    response = client.get(URL)

    titles = [placement.title for placement in response.context["placements"]]
    assert titles == [f"Newest {n}" for n in range(6)]
    page = response.content.decode()
    assert "Newest 6" not in page
    assert "Closed one" not in page and "Of an unverified host" not in page
    assert "Past its deadline" not in page


def test_a_card_shows_the_hosts_logo_or_its_first_letter(client, db):
    plain = published("Plain", hours_ago=1)
    with_logo = published("With a logo", hours_ago=2)
    Organisation.objects.filter(pk=with_logo.organisation_id).update(
        logo="public/organisations/1/logo-abc.png",
        logo_small="public/organisations/1/logo-abc-small.png",
    )
    name = with_logo.organisation.legal_name

    page = client.get(URL).content.decode()

    # The name is written on the card: the logo is not read out as the name a second time.
    assert 'src="/media/public/organisations/1/logo-abc-small.png" alt=""' in page
    assert f'alt="{name}"' not in page
    assert 'aria-hidden="true">O</span>' in page
    assert f'aria-label="{plain.organisation.legal_name}"' not in page


def test_no_open_placement_says_so(client, db):
    page = client.get(URL).content.decode()

    assert "No placement is open for applications right now." in page


def test_the_public_figures_are_shown_and_link_to_their_page(client, db):
    PlacementFactory.create_batch(2)

    page = client.get(URL).content.decode()

    figures = page[page.index('id="landing-figures"') :]
    assert '<span class="stat-number">2</span> placements published' in figures
    assert '<span class="stat-number">2</span> verified host organisations' in figures
    assert reverse("public_figures") in page


def test_students_and_hosts_are_shown_the_way_in(client, db):
    page = client.get(URL).content.decode()

    assert reverse("signup_student") in page
    assert reverse("signup_organisation") in page
    assert reverse("placement_search") in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_landing_page_costs_one_query_once_the_figures_are_counted(
    client, db, rows, django_assert_max_num_queries
):
    for n in range(rows):
        organisation = OrganisationFactory()
        Organisation.objects.filter(pk=organisation.pk).update(
            logo=f"public/organisations/{n}/logo.png",
            logo_small=f"public/organisations/{n}/logo-small.png",
        )
        published(f"Placement {n}", hours_ago=n, organisation=organisation)
    stats.public_figures()  # counted once, then read from the cache

    with django_assert_max_num_queries(1):
        response = client.get(URL)

    assert len(response.context["placements"]) == min(rows, 6)


def test_the_figures_are_counted_once_for_many_visits(client, db, monkeypatch):
    counted = []
    count = stats._public_figures
    monkeypatch.setattr(stats, "_public_figures", lambda: counted.append(1) or count())

    for _visit in range(3):
        client.get(URL)

    assert counted == [1]


def test_the_landing_page_works_while_the_cache_does_not_answer(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"RETRY_SECONDS": 60},
        }
    }
    published("Still shown", hours_ago=1)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Still shown" in response.content.decode()
    assert '<span class="stat-number">1</span> placements published' in response.content.decode()
