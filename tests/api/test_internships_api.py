"""GET /api/v1/internships/: status, hours, results and credits (api-data)."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from api.models import Scope
from internships.models import Internship
from mentors.models import AcademicResult, LogbookEntry
from tests.api.data_helpers import (
    QUERY_BUDGET,
    internship_of,
    other_scopes,
    results,
    service_client,
    two_faculties,
)
from tests.factories import LogbookEntryFactory, StaffFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/internships/"


@pytest.fixture
def world():
    a, b, pa, pb = two_faculties()
    ia = internship_of(pa, status="completed", completed_at=timezone.now())
    ib = internship_of(pb)
    LogbookEntryFactory(internship=ia, hours=8, status="approved")
    LogbookEntryFactory(internship=ia, hours=5, status="submitted")
    AcademicResult.objects.create(
        internship=ia, grade=9, passed=True, credits=6, recorded_by=StaffFactory()
    )
    return a, b, ia, ib


def test_an_internship_with_its_hours_result_and_credits(world):
    a, b, ia, ib = world
    client = service_client([Scope.READ_INTERNSHIPS])
    body = client.get(f"{LIST}{ia.pk}/").json()
    assert body["status"] == "completed"
    assert body["student_number"] == ia.student.student_profile.student_number
    assert body["programme"] == "INF-A"
    assert body["host"] == ia.organisation.legal_name
    assert body["placement"] == ia.placement_id and body["period"] == ia.period_id
    assert body["required_hours"] == 120
    assert body["approved_hours"] == "8.00"
    assert body["result"]["grade"] == 9 and body["result"]["passed"] is True
    assert body["credits"] == 6
    assert body["completed_on"] == timezone.localdate().isoformat() or body["completed_on"]
    other = client.get(f"{LIST}{ib.pk}/").json()
    assert (
        other["result"] is None and other["credits"] is None and other["approved_hours"] == "0.00"
    )


@pytest.mark.parametrize("scope", other_scopes(Scope.READ_INTERNSHIPS))
def test_other_scopes_are_refused(world, scope):
    client = service_client([scope])
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{world[2].pk}/").status_code == 403


def test_a_faculty_sees_only_its_internships(world):
    a, b, ia, ib = world
    client = service_client([Scope.READ_INTERNSHIPS], faculties=[a])
    assert [row["id"] for row in results(client.get(LIST))] == [ia.pk]
    assert client.get(f"{LIST}{ib.pk}/").status_code == 404
    assert client.get(LIST, {"programme": "MAT-B"}).status_code == 400


def test_filters_period_programme_status(world):
    a, b, ia, ib = world
    client = service_client([Scope.READ_INTERNSHIPS])
    assert [r["id"] for r in results(client.get(LIST, {"status": "completed"}))] == [ia.pk]
    assert [r["id"] for r in results(client.get(LIST, {"programme": "MAT-B"}))] == [ib.pk]
    assert [r["id"] for r in results(client.get(LIST, {"period": ib.period_id}))] == [ib.pk]
    assert client.get(LIST, {"status": "nonsense"}).status_code == 400


def test_updated_since_catches_results_and_hours(world):
    a, b, ia, ib = world
    client = service_client([Scope.READ_INTERNSHIPS])
    long_ago = timezone.now() - timedelta(days=10)
    Internship.objects.update(updated_at=long_ago)
    LogbookEntry.objects.update(updated_at=long_ago)
    AcademicResult.objects.update(recorded_at=long_ago)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert results(client.get(LIST, {"updated_since": since})) == []
    # A result changed: the internship is listed again.
    result = AcademicResult.objects.get()
    result.grade = 10
    result.save()
    assert [r["id"] for r in results(client.get(LIST, {"updated_since": since}))] == [ia.pk]
    # An entry approved (the approved hours changed).
    AcademicResult.objects.update(recorded_at=long_ago)
    entry = LogbookEntry.objects.get(status="submitted")
    entry.status = "approved"
    entry.save()
    assert [r["id"] for r in results(client.get(LIST, {"updated_since": since}))] == [ia.pk]


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow(django_assert_max_num_queries, rows, memory_cache):
    a, b, pa, pb = two_faculties()
    for _ in range(rows):
        internship = internship_of(pa)
        AcademicResult.objects.create(
            internship=internship, grade=8, passed=True, credits=5, recorded_by=StaffFactory()
        )
    client = service_client([Scope.READ_INTERNSHIPS], faculties=[a])
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert len(results(client.get(LIST, {"page_size": 100}))) == rows


def test_the_completion_date_is_the_universitys_day_not_utcs(settings):
    """Completed at 00:30 in Bucharest (22:30 UTC the day before): the day is the local one,
    as the pages and the certificate print it."""
    from datetime import datetime

    settings.TIME_ZONE = "Europe/Bucharest"
    a, b, pa, pb = two_faculties()
    moment = datetime(2027, 6, 30, 22, 30, tzinfo=UTC)
    internship = internship_of(pa, status="completed", completed_at=moment)
    client = service_client([Scope.READ_INTERNSHIPS])
    assert client.get(f"{LIST}{internship.pk}/").json()["completed_on"] == "2027-07-01"
