"""GET /api/v1/certificates/ and the public check by code (api-data)."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import Scope
from tests.api.data_helpers import (
    QUERY_BUDGET,
    certificate_of,
    other_scopes,
    results,
    service_client,
    two_faculties,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/certificates/"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    a, b, pa, pb = two_faculties()
    return a, b, certificate_of(pa), certificate_of(pb)


def test_a_certificate(world):
    a, b, ca, cb = world
    client = service_client([Scope.READ_CERTIFICATES])
    body = client.get(f"{LIST}{ca.serial}/").json()
    assert body["serial"] == ca.serial
    assert body["student_number"] == ca.internship.student.student_profile.student_number
    assert body["internship"] == ca.internship_id
    assert body["status"] == "valid" and body["revoked"] is False
    assert body["verification_code"] == ca.code
    assert body["verification_url"].endswith(f"/verify/{ca.code}/")


@pytest.mark.parametrize("scope", other_scopes(Scope.READ_CERTIFICATES))
def test_other_scopes_are_refused(world, scope):
    client = service_client([scope])
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{world[2].serial}/").status_code == 403


def test_a_faculty_sees_only_its_certificates(world):
    a, b, ca, cb = world
    client = service_client([Scope.READ_CERTIFICATES], faculties=[a])
    assert [r["serial"] for r in results(client.get(LIST))] == [ca.serial]
    assert client.get(f"{LIST}{cb.serial}/").status_code == 404


def test_status_filter(world):
    a, b, ca, cb = world
    cb.revoked_at = timezone.now()
    cb.revocation_reason = "Issued by mistake."
    cb.save()
    client = service_client([Scope.READ_CERTIFICATES])
    assert [r["serial"] for r in results(client.get(LIST, {"status": "revoked"}))] == [cb.serial]
    assert [r["serial"] for r in results(client.get(LIST, {"status": "valid"}))] == [ca.serial]


def test_the_public_check_shows_what_the_verify_page_shows(world):
    a, b, ca, cb = world
    response = APIClient().get(f"{LIST}verify/{ca.code.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert body["genuine"] is True and body["valid"] is True and body["revoked"] is False
    assert body["student"] == ca.facts["student"]
    assert body["programme"] == ca.facts["programme"]
    assert body["host"] == ca.facts["organisation"]
    assert body["period"] == ca.facts["period"]
    assert body["result"] == {"grade": 9, "passed": True, "credits": 6}
    # Nothing the page does not show: no student number, no e-mail, no internal ids.
    text = response.content.decode()
    assert ca.internship.student.email not in text
    assert ca.internship.student.student_profile.student_number not in text
    assert "internship" not in body and "competencies" not in body


def test_the_public_check_of_a_revoked_and_of_an_unknown_code(world):
    a, b, ca, cb = world
    cb.revoked_at = timezone.now()
    cb.revocation_reason = "Issued by mistake."
    cb.save()
    body = APIClient().get(f"{LIST}verify/{cb.code}/").json()
    assert body["revoked"] is True and body["revocation_reason"] == "Issued by mistake."
    missing = APIClient().get(f"{LIST}verify/{'A' * 24}/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    assert APIClient().get(f"{LIST}verify/not-a-code/").status_code == 404


def test_the_public_check_is_rate_limited_with_the_verify_page(world, settings):
    settings.VERIFY_RATE_LIMIT = "3/m"
    client = APIClient()
    code = world[2].code
    assert [client.get(f"{LIST}verify/{code}/").status_code for _ in range(3)] == [200] * 3
    limited = client.get(f"{LIST}verify/{code}/")
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("application/problem+json")
    # The page and the API count together: the page is refused too.
    assert client.get(f"/verify/{code}/").status_code == 429


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow(django_assert_max_num_queries, rows, memory_cache):
    a, b, pa, pb = two_faculties()
    for _ in range(rows):
        certificate_of(pa)
    client = service_client([Scope.READ_CERTIFICATES], faculties=[a])
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert len(results(client.get(LIST, {"page_size": 100}))) == rows
