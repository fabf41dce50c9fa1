"""GET /api/v1/students/ and /api/v1/students/<student_number>/ (api-data)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import StudentProfile
from api.models import Scope
from tests.api.data_helpers import (
    QUERY_BUDGET,
    other_scopes,
    results,
    service_client,
    two_faculties,
)
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/students/"


@pytest.fixture
def world():
    a, b, pa, pb = two_faculties()
    sa = StudentFactory(programme=pa, student_number="A-1", year_of_study=3)
    sb = StudentFactory(programme=pb, student_number="B-1")
    return a, b, pa, pb, sa, sb


def test_a_student_as_the_university_knows_them(world):
    a, b, pa, pb, sa, sb = world
    client = service_client([Scope.READ_STUDENTS])
    response = client.get(f"{LIST}A-1/")
    assert response.status_code == 200
    body = response.json()
    assert body["student_number"] == "A-1"
    assert body["email"] == sa.user.email
    assert body["programme"] == "INF-A"
    assert body["year_of_study"] == 3
    assert body["status"] == "active"
    assert {row["student_number"] for row in results(client.get(LIST))} == {"A-1", "B-1"}


@pytest.mark.parametrize("scope", other_scopes(Scope.READ_STUDENTS))
def test_other_scopes_are_refused(world, scope):
    client = service_client([scope])
    for url in (LIST, f"{LIST}A-1/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "students:read" in str(response.json())


def test_no_token_is_refused(world):
    from rest_framework.test import APIClient

    assert APIClient().get(LIST).status_code in (401, 403)


def test_a_faculty_sees_only_its_students(world):
    a, b, pa, pb, sa, sb = world
    client_a = service_client([Scope.READ_STUDENTS], faculties=[a])
    client_b = service_client([Scope.READ_STUDENTS], faculties=[b])
    assert [row["student_number"] for row in results(client_a.get(LIST))] == ["A-1"]
    assert [row["student_number"] for row in results(client_b.get(LIST))] == ["B-1"]
    assert client_a.get(f"{LIST}B-1/").status_code == 404
    assert client_b.get(f"{LIST}A-1/").status_code == 404
    # A filter naming the other faculty's programme is refused, not answered.
    assert client_a.get(LIST, {"programme": "MAT-B"}).status_code == 400


def test_filters(world):
    a, b, pa, pb, sa, sb = world
    client = service_client([Scope.READ_STUDENTS])
    assert [r["student_number"] for r in results(client.get(LIST, {"programme": "MAT-B"}))] == [
        "B-1"
    ]
    past = timezone.now() - timedelta(days=3)
    StudentProfile.objects.filter(pk=sb.pk).update(updated_at=past)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert [r["student_number"] for r in results(client.get(LIST, {"updated_since": since}))] == [
        "A-1"
    ]
    response = client.get(LIST, {"updated_since": "yesterday"})
    assert response.status_code == 400


def test_cursor_pages(world):
    client = service_client([Scope.READ_STUDENTS])
    first = client.get(LIST, {"page_size": 1}).json()
    assert len(first["results"]) == 1 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["results"][0] != first["results"][0]


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow(django_assert_max_num_queries, rows, memory_cache):
    a, b, pa, pb = two_faculties()
    for _ in range(rows):
        StudentFactory(programme=pa)
    client = service_client([Scope.READ_STUDENTS], faculties=[a])
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert len(results(client.get(LIST, {"page_size": 100}))) == rows
