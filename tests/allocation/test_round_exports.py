"""Staff export a run's instance (pseudonymous) and result as CSV, and the export is audited."""

import csv
import io

import pytest
from django.urls import reverse

from allocation.exports import pseudonym
from allocation.models import Pin, Quota, Run
from notifications.models import Access
from tests import factories
from tests.allocation.staff_world import engine, make_round, rank  # noqa: F401

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def done_run(staff, period, programme, organisation, engine, django_capture_on_commit_callbacks):  # noqa: F811
    from allocation.services import runs

    placement = factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], positions=2
    )
    round = make_round(staff=staff, programmes=[programme], period=period)
    ana, bogdan = (factories.StudentFactory(programme=programme).user for _ in range(2))
    rank(round, ana, [placement])
    rank(round, bogdan, [placement])
    Quota.objects.create(round=round, placement=placement, programme=programme, seats=2)
    Pin.objects.create(round=round, student=bogdan, placement=placement, created_by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.start_run(round=round, by=staff)
    run.refresh_from_db()
    assert run.status == Run.Status.DONE
    return run, (ana, bogdan), placement


def test_the_instance_names_no_one(client, staff, done_run):
    run, (ana, bogdan), placement = done_run
    client.force_login(staff)
    response = client.get(reverse("staff_round_run_instance", args=[run.pk]))
    assert response.status_code == 200
    rows = _rows(response)
    assert rows[0] == ["Record", "Student", "Placement", "Programme", "Rank", "Value"]
    records = {row[0] for row in rows[1:]}
    assert {"seed", "digest", "capacity", "quota", "choice", "host", "pin"} <= records
    assert ["seed", "", "", "", "", str(run.seed)] in rows
    text = str(rows)
    assert ana.email not in text and ana.last_name not in text
    assert ["choice", pseudonym(run, ana.pk), str(placement.pk), "", "1", ""] in rows
    assert ["pin", pseudonym(run, bogdan.pk), str(placement.pk), "", "", ""] in rows
    assert Access.objects.filter(user=staff, kind="export").exists()


def test_the_result_joins_the_instance_by_pseudonym(client, staff, done_run):
    run, (ana, bogdan), placement = done_run
    client.force_login(staff)
    rows = _rows(client.get(reverse("staff_round_run_result", args=[run.pk])))
    assert rows[0][:2] == ["Pseudonym", "Student"]
    by_alias = {row[0]: row for row in rows[1:]}
    assert by_alias[pseudonym(run, bogdan.pk)][-1] == "Yes"  # pinned
    assert by_alias[pseudonym(run, ana.pk)][4] == str(placement.pk)


def test_exports_are_for_staff_of_the_round(client, staff, done_run, student):
    run, _students, _placement = done_run
    client.force_login(student)
    assert client.get(reverse("staff_round_run_result", args=[run.pk])).status_code == 403
    other = factories.FacultyFactory(code="FSEGA", name="Economics", name_ro="Economie")
    client.force_login(factories.StaffFactory(faculties=[other]))
    for name in ("staff_round_run_result", "staff_round_run_instance"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404


def test_no_result_file_before_the_run_is_done(client, staff, period, programme):
    round = make_round(staff=staff, programmes=[programme], period=period)
    run = Run.objects.create(round=round, seed=1, started_by=staff)
    client.force_login(staff)
    assert client.get(reverse("staff_round_run_result", args=[run.pk])).status_code == 404
