"""The load test is not part of the test run, but a few seconds of it are, so it cannot rot:
bench/load.py drives locust (in a subprocess: its gevent patching must stay out of pytest)
against the live server, with accounts picked from the database as the real run picks them."""

import importlib.util
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from internships.models import Placement

from . import factories

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(
    r"^load: (\d+) requests, \d+\.\d req/s, median \d+ ms, p95 \d+ ms, (\d+) errors \(.*\)$"
)


def load_module():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def one_request_at_a_time(live_server):
    """On in-memory SQLite the live server's threads share one connection, which must not
    run two requests' transactions at once; PostgreSQL serves them side by side."""
    if connection.vendor != "sqlite":
        yield
        return
    server = live_server.thread.httpd
    application, lock = server.get_app(), threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            return application(environ, start_response)

    server.set_app(one_at_a_time)
    yield
    server.set_app(application)


@pytest.fixture
def population(db):
    """Three open placements of one programme: two students who have not applied yet, four
    who applied to the first; the organisation's member; staff. The factories' password."""
    programme = factories.ProgrammeFactory(name="Informatică", code="INFO")
    organisation = factories.OrganisationFactory(legal_name="Codează Someș SRL")
    factories.MembershipFactory(organisation=organisation, user__email="hr@codeaza.ro")
    period = factories.PeriodFactory()
    placements = [
        factories.PlacementFactory(
            organisation=organisation,
            period=period,
            title=f"Știința datelor {n}",
            programmes=[programme],
        )
        for n in range(3)
    ]
    for n in range(4):
        applicant = factories.StudentFactory(
            programme=programme, user__email=f"applicant{n}@ubb.ro"
        )
        factories.ApplicationFactory(placement=placements[0], student=applicant.user)
    for n in range(2):
        factories.StudentFactory(programme=programme, user__email=f"student{n}@ubb.ro")
    factories.StaffFactory(email="office@ubb.ro")


def test_the_accounts_are_picked_by_what_they_can_still_do(population):
    rejected_elsewhere = factories.ApplicationFactory(status="rejected")
    factories.MembershipFactory(
        organisation=rejected_elsewhere.placement.organisation, user__email="hr@elsewhere.ro"
    )

    accounts = load_module().pick_accounts(people=10, password=factories.PASSWORD)

    open_to = {student["email"]: len(student["placements"]) for student in accounts["students"]}
    assert open_to == {
        "student0@ubb.ro": 3,
        "student1@ubb.ro": 3,
        "applicant0@ubb.ro": 2,
        "applicant1@ubb.ro": 2,
        "applicant2@ubb.ro": 2,
        "applicant3@ubb.ro": 2,
    }
    assert accounts["companies"] == [
        {
            "email": "hr@codeaza.ro",
            "placements": [Placement.objects.get(title="Știința datelor 0").pk],
        }
    ]
    assert accounts["staff"] == ["office@ubb.ro"]
    assert accounts["password"] == factories.PASSWORD


def test_students_at_their_limit_or_holding_an_internship_are_left_out(population, settings):
    settings.MAX_OPEN_APPLICATIONS_PER_PERIOD = 1
    placement = Placement.objects.get(title="Știința datelor 1")
    intern = factories.StudentFactory(
        programme=placement.programmes.get(), user__email="intern@ubb.ro"
    )
    factories.InternshipFactory(application__placement=placement, application__student=intern.user)

    accounts = load_module().pick_accounts(people=10, password=factories.PASSWORD)

    assert {student["email"] for student in accounts["students"]} == {
        "student0@ubb.ro",
        "student1@ubb.ro",
    }


@pytest.mark.django_db(transaction=True)
def test_a_few_seconds_of_load_run_without_errors(
    population, live_server, one_request_at_a_time, settings, tmp_path
):
    settings.ACCOUNT_RATE_LIMITS = False
    accounts = load_module().pick_accounts(people=11, password=factories.PASSWORD)
    accounts_file = tmp_path / "accounts.json"
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")

    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "bench/load.py",
            "--url",
            live_server.url,
            "--accounts",
            str(accounts_file),
            "--seconds",
            "6",
            "--users",
            "11",  # the user classes' weights add up to 11: one staff member
            "--spawn-rate",
            "11",
            "--think-time",
            "0.05:0.2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    output = result.stdout + result.stderr
    summary = SUMMARY.match(result.stdout.strip().splitlines()[-1] if result.stdout else "")
    assert summary, output
    # How many depends on the machine's load: speed is the benchmark's to measure, not a test's.
    assert int(summary.group(1)) > 0, output
    assert summary.group(2) == "0", output
    assert result.returncode == 0, output
    assert re.search(r"^sign-in phase: 6 sign-ins within", result.stdout, re.MULTILINE), output
    assert "GET search ?q " in result.stdout, output
    assert "GET dashboard " in result.stdout or "GET staff list " in result.stdout, output
    assert "POST apply " in result.stdout or "POST move applicant " in result.stdout, output
