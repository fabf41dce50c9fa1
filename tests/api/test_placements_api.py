"""GET /api/v1/placements/ and /api/v1/applications/ (api-data)."""

import pytest

from api.models import Scope
from tests.api.data_helpers import (
    QUERY_BUDGET,
    application_of,
    other_scopes,
    placement_of,
    results,
    service_client,
    two_faculties,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a, b, pa, pb = two_faculties()
    return a, b, application_of(pa), application_of(pb)


def test_placements_and_applications(world):
    a, b, app_a, app_b = world
    client = service_client([Scope.READ_PLACEMENTS])
    placement = client.get(f"/api/v1/placements/{app_a.placement_id}/").json()
    assert placement["title"] == app_a.placement.title
    assert placement["programmes"] == ["INF-A"]
    assert placement["organisation"] == app_a.placement.organisation.legal_name
    application = client.get(f"/api/v1/applications/{app_a.pk}/").json()
    assert application["student_number"] == app_a.student.student_profile.student_number
    assert application["placement"] == app_a.placement_id
    assert application["status"] == "submitted"


@pytest.mark.parametrize("scope", other_scopes(Scope.READ_PLACEMENTS))
def test_other_scopes_are_refused(world, scope):
    client = service_client([scope])
    for url in (
        "/api/v1/placements/",
        "/api/v1/applications/",
        f"/api/v1/applications/{world[2].pk}/",
    ):
        assert client.get(url).status_code == 403


def test_applications_are_scoped_to_faculties_placements_are_shared(world):
    a, b, app_a, app_b = world
    client = service_client([Scope.READ_PLACEMENTS], faculties=[a])
    assert [r["id"] for r in results(client.get("/api/v1/applications/"))] == [app_a.pk]
    assert client.get(f"/api/v1/applications/{app_b.pk}/").status_code == 404
    # Placements are shared between faculties, as on the staff pages.
    assert len(results(client.get("/api/v1/placements/"))) == 2


def test_filters(world):
    a, b, app_a, app_b = world
    client = service_client([Scope.READ_PLACEMENTS])
    both = placement_of(app_a.student.student_profile.programme)
    both.programmes.add(app_b.student.student_profile.programme)
    ids = [r["id"] for r in results(client.get("/api/v1/placements/", {"programme": "MAT-B"}))]
    assert sorted(ids) == sorted([app_b.placement_id, both.pk])
    apps = results(client.get("/api/v1/applications/", {"programme": "MAT-B"}))
    assert [r["id"] for r in apps] == [app_b.pk]
    assert client.get("/api/v1/applications/", {"status": "bogus"}).status_code == 400


@pytest.mark.parametrize("rows", [3, 30])
def test_query_counts_do_not_grow(django_assert_max_num_queries, rows, memory_cache):
    a, b, pa, pb = two_faculties()
    for _ in range(rows):
        application_of(pa)
    client = service_client([Scope.READ_PLACEMENTS], faculties=[a])
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert len(results(client.get("/api/v1/applications/", {"page_size": 100}))) == rows
    # One more for the placements: their programmes, prefetched for the whole page.
    with django_assert_max_num_queries(QUERY_BUDGET + 1):
        assert len(results(client.get("/api/v1/placements/", {"page_size": 100}))) == rows
