from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from documents.models import Certificate
from internships import figures as stats
from tests.factories import (
    ApplicationFactory,
    InternshipFactory,
    MentorFactory,
    OrganisationFactory,
    PeriodFactory,
    PlacementFactory,
    StudentFactory,
)

URL = reverse("public_figures")
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def memory_cache(settings):
    """Redis in production: a cache hit costs no SQL query (the database cache would)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-figures-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


def placed(student, placement, **kwargs):
    application = ApplicationFactory(placement=placement, student=student, status="accepted")
    return InternshipFactory(application=application, **kwargs)


@pytest.fixture
def history(programme, organisation, staff, host_tutor, supervisor):
    """An older period with two interns (one terminated), a running one with one intern and
    three more students, a draft placement and a pending organisation, a certificate."""
    older = PeriodFactory(
        name="Spring 2026",
        applications_open_on=TODAY - timedelta(days=500),
        applications_close_on=TODAY - timedelta(days=460),
        starts_on=TODAY - timedelta(days=450),
        ends_on=TODAY - timedelta(days=380),
    )
    current = PeriodFactory(
        name="Spring 2027",
        applications_open_on=TODAY - timedelta(days=120),
        applications_close_on=TODAY - timedelta(days=61),
        starts_on=TODAY - timedelta(days=60),
        ends_on=TODAY + timedelta(days=30),
    )

    def placement_of(period, **kwargs):
        return PlacementFactory(
            period=period, programmes=[programme], organisation=organisation, **kwargs
        )

    old_placement = placement_of(older, status="closed")
    placement = placement_of(current)
    placement_of(current, status="draft", published_at=None)
    students = [
        StudentFactory(programme=programme, user__first_name="Bogdana", user__last_name="Vlase")
        for _ in range(4)
    ]
    completed = placed(students[0].user, old_placement, status="completed")
    placed(students[1].user, old_placement, status="terminated")
    placed(students[0].user, placement)
    Certificate.objects.create(
        internship=completed,
        serial="2026-000001",
        code="A" * 24,
        pdf_ro="ro.pdf",
        pdf_en="en.pdf",
        sha256_ro="0" * 64,
        sha256_en="0" * 64,
        issued_by=staff,
    )
    OrganisationFactory(status=Organisation.Status.PENDING)
    OrganisationFactory(status=Organisation.Status.SUSPENDED)
    OrganisationFactory(status=Organisation.Status.VERIFIED)
    return {"students": students, "current": current}


def test_the_page_is_public(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Updated every few minutes" in response.content.decode()


def test_the_figures_are_counted_in_aggregate(client, history, organisation):
    figures = client.get(URL).context["figures"]

    assert figures["placed_ever"] == 1
    assert figures["organisations"] == 2
    assert (figures["mentors"], figures["host_tutors"], figures["supervisors"]) == (2, 1, 1)
    assert figures["placements_published"] == 2
    assert figures["certificates"] == 1
    assert figures["period"]["name"] == "Spring 2027"
    assert figures["latest"] == {"students": 4, "applied": 1, "placed": 1, "placement_rate": 25.0}


def test_the_page_shows_no_personal_data(client, history, host_tutor, supervisor):
    body = client.get(URL).content.decode()

    assert "25 %" in body
    for person in [s.user for s in history["students"]] + [host_tutor, supervisor]:
        assert person.email not in body
        assert person.last_name not in body
    assert "@" not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_second_request_is_served_from_the_cache(client, history, django_assert_num_queries):
    first = client.get(URL)

    with django_assert_num_queries(0):
        second = client.get(URL)

    assert second.status_code == 200
    assert second.context["figures"] == first.context["figures"]


def test_figures_are_up_to_ten_minutes_old(client, history, programme):
    client.get(URL)
    MentorFactory()

    assert client.get(URL).context["figures"]["mentors"] == 2
    cache.clear()
    assert client.get(URL).context["figures"]["mentors"] == 3


def test_the_cache_lasts_ten_minutes(monkeypatch, db):
    kept = {}

    class Cache:
        def get_many(self, keys):
            return {}

        def set(self, key, value, timeout):
            kept.update(key=key, timeout=timeout)

    monkeypatch.setattr("core.cache.cache", Cache())

    stats.public_figures()

    assert kept["timeout"] == 600
    assert kept["key"].startswith("public_figures:")


def test_without_any_period_the_all_time_figures_still_show(client, db):
    response = client.get(URL)

    assert response.context["figures"]["period"] is None
    assert response.context["figures"]["placed_ever"] == 0
