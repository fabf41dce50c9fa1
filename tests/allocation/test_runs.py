"""Staff run a round's allocation in the background and preview the result."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from allocation import running, tasks
from allocation.models import Match, Round, Run
from allocation.services import runs as services
from core.services import ServiceError
from tests import factories
from tests.allocation.staff_world import engine, make_round, rank  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff, period, programme, organisation):
    """A closed round: three students, two placements of one seat each; two want the same
    first choice."""
    first, second = (
        factories.PlacementFactory(
            organisation=organisation, period=period, programmes=[programme], positions=1
        )
        for _ in range(2)
    )
    round = make_round(staff=staff, programmes=[programme], period=period)
    students = [factories.StudentFactory(programme=programme).user for _ in range(3)]
    rank(round, students[0], [first, second])
    rank(round, students[1], [first, second])
    rank(round, students[2], [first])
    return round, students, (first, second)


def test_a_run_places_the_students_and_shows_the_preview(
    client,
    staff,
    world,
    engine,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    round, students, (first, second) = world
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_round_start_run", args=[round.pk]))
    run = Run.objects.get()
    assert response.url == reverse("staff_round_run", args=[run.pk])
    assert run.status == Run.Status.DONE
    assert 0 <= run.seed < 2**63
    assert run.inputs_digest
    assert Match.objects.filter(run=run).count() == 3
    placed = Match.objects.filter(run=run, placement__isnull=False)
    assert {m.placement_id for m in placed} == {first.pk, second.pk}
    assert run.figures["students"] == 3
    assert run.figures["placed"] == 2
    assert run.figures["unmatched"] == 1
    assert run.figures["first_choice"] == 1
    assert run.figures["by_programme"][0]["students"] == 3
    page = client.get(reverse("staff_round_run", args=[run.pk]))
    text = page.content.decode()
    assert "2</span> of 3 students placed" in text
    assert "Unmatched students" in text
    unmatched = Match.objects.get(run=run, placement__isnull=True).student
    assert unmatched.display_name in text
    filtered = client.get(reverse("staff_round_run", args=[run.pk]), {"matched": "no"})
    assert [m.student_id for m in filtered.context["page"]] == [unmatched.pk]


def test_a_task_delivered_twice_runs_once(staff, world, engine):  # noqa: F811
    round, _students, _placements = world
    run = Run.objects.create(round=round, seed=7, started_by=staff)
    assert tasks.run_allocation.call(run.pk) == "done"
    first = list(Match.objects.filter(run=run).values_list("pk", flat=True))
    assert tasks.run_allocation.call(run.pk) == "skipped"
    assert list(Match.objects.filter(run=run).values_list("pk", flat=True)) == first


def test_a_run_that_fails_leaves_a_failed_run_and_no_matches(client, staff, world, monkeypatch):
    round, _students, _placements = world

    def broken(round, *, seed):
        raise RuntimeError("the hosts' lists could not be read")

    from allocation.matching import allocate

    monkeypatch.setattr(running, "_engine", lambda: (broken, allocate))
    run = Run.objects.create(round=round, seed=7, started_by=staff)
    tasks.run_allocation.call(run.pk)
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED
    assert "the hosts' lists could not be read" in run.error
    assert not Match.objects.filter(run=run).exists()
    client.force_login(staff)
    page = client.get(reverse("staff_round_run", args=[run.pk])).content.decode()
    assert "The run stopped on an error: nothing was placed." in page
    # A failed run does not stop the next one.
    services.start_run(round=round, by=staff)


def test_a_run_before_the_close_is_refused(staff, period, programme):
    round = make_round(staff=staff, programmes=[programme], period=period, closed=False)
    with pytest.raises(ServiceError, match="the allocation runs after that"):
        services.start_run(round=round, by=staff)
    assert not Run.objects.exists()


def test_a_draft_or_cancelled_round_is_not_run(staff, period, programme):
    for status in (Round.Status.DRAFT, Round.Status.CANCELLED):
        round = make_round(staff=staff, programmes=[programme], period=period, status=status)
        with pytest.raises(ServiceError):
            services.start_run(round=round, by=staff)
    assert not Run.objects.exists()


def test_a_second_run_while_one_waits_is_refused(client, staff, world):
    round, _students, _placements = world
    Run.objects.create(round=round, seed=1, started_by=staff)
    client.force_login(staff)
    response = client.post(reverse("staff_round_start_run", args=[round.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("waiting or running already" in m for m in messages)
    assert Run.objects.count() == 1


def test_progress_page_polls_while_running(client, staff, world):
    round, _students, _placements = world
    run = Run.objects.create(
        round=round, seed=1, started_by=staff, status="running", progress=2, total=3
    )
    client.force_login(staff)
    page = client.get(reverse("staff_round_run", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Refresh" in page  # without JavaScript, a link reloads it
    fragment = client.get(reverse("staff_round_run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="run-progress"')
    Run.objects.filter(pk=run.pk).update(status="done")
    done = client.get(reverse("staff_round_run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_runs_are_for_staff_of_the_round(client, staff, world, student):
    round, _students, _placements = world
    run = Run.objects.create(round=round, seed=1, started_by=staff, status="done")
    client.force_login(student)
    assert client.get(reverse("staff_round_run", args=[run.pk])).status_code == 403
    assert client.post(reverse("staff_round_start_run", args=[round.pk])).status_code == 403
    other = factories.FacultyFactory(code="FSEGA", name="Economics", name_ro="Economie")
    client.force_login(factories.StaffFactory(faculties=[other]))
    assert client.get(reverse("staff_round_run", args=[run.pk])).status_code == 404
    assert client.post(reverse("staff_round_start_run", args=[round.pk])).status_code == 404
    assert not Run.objects.exclude(pk=run.pk).exists()


@pytest.mark.parametrize("students", [3, 30])
def test_the_preview_costs_the_same_for_3_or_30(
    client, staff, period, programme, organisation, students, django_assert_max_num_queries
):
    round = make_round(staff=staff, programmes=[programme], period=period)
    placement = factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], positions=students
    )
    run = Run.objects.create(
        round=round, seed=1, started_by=staff, status="done", figures={"students": students}
    )
    for number in range(students):
        student = factories.StudentFactory(programme=programme).user
        Match.objects.create(
            run=run, student=student, placement=placement if number % 2 else None, choice_rank=1
        )
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("staff_round_run", args=[run.pk]))
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_make_one_run(staff, period, programme):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL")
    round = make_round(staff=staff, programmes=[programme], period=period)
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            services.start_run(round=round, by=staff)
            outcomes.append("run")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connection.close()

    from unittest import mock

    with mock.patch.object(services, "_enqueue", lambda run_id: None):
        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == ["refused", "run"]
    assert Run.objects.filter(round=round).count() == 1


def test_the_preview_names_programmes_in_the_readers_language(client, staff, world, programme):
    """The run stored the programmes' names it read; the preview names them in the
    viewer's language, as every page does (fix-alloc)."""
    round, _students, _placements = world
    programme.name_ro = "Informatică aplicată"
    programme.save()
    figures = {"students": 1, "by_programme": [{"programme": programme.pk, "name": "Stored"}]}
    run = Run.objects.create(round=round, seed=1, started_by=staff, status="done", figures=figures)
    client.force_login(staff)
    client.cookies["django_language"] = "ro"
    page = client.get(reverse("staff_round_run", args=[run.pk])).content.decode()
    assert "Informatică aplicată" in page
    assert "Stored" not in page
