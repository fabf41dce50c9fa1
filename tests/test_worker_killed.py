"""A certificate batch whose worker is killed (SIGKILL, mid-batch) is finished by another
worker: every certificate issued exactly once, the serials without a gap.

Real processes on a SQLite file of their own: `run_worker` as production runs it, with a
two-second lease so that the takeover fits the suite's time (about 15 s in all; the
timeouts only matter on a machine under load)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CERTIFICATES = 24

SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from django.db import transaction
from django.utils import timezone
from documents import services
from tests import factories
period = factories.PeriodFactory(name="Killed worker")
placement = factories.PlacementFactory(period=period, positions={CERTIFICATES})
for _ in range({CERTIFICATES}):
    factories.InternshipFactory(
        application=factories.ApplicationFactory(placement=placement, status="accepted"),
        status="completed",
        completed_at=timezone.now(),
    )
with transaction.atomic():
    job = services.start_issue_job(period=period, by=factories.StaffFactory())
print(job.pk)
"""

# The worker as deployed, its PDFs drawn a little slower so that the kill lands mid-batch.
WORKER = """
import os, time
import django
django.setup()
from django.conf import settings
settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]
from documents import issuing
draw = issuing.render_both
def slow(facts):
    time.sleep(0.05)
    return draw(facts)
issuing.render_both = slow
from django.core.management import call_command
call_command(
    "run_worker", "--no-startup-delay", "--interval", "0.1", "--worker-id", os.environ["WORKER_ID"]
)
"""


@pytest.fixture
def environment(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "ISSUE_JOB_LEASE": "2",
        "TASK_LEASE": "2",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    return env


def query(database: Path, sql: str, *params):
    connection = sqlite3.connect(database, timeout=10)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def wait_for(condition, *, timeout: float, what: str, state=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} {state()}")


def start_worker(env, worker_id):
    return subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env={**env, "WORKER_ID": worker_id},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_batch_whose_worker_is_killed_is_finished_by_the_next_exactly_once(environment, tmp_path):
    database = tmp_path / "db.sqlite3"
    setup = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETUP],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    job_id = int(setup.stdout.split()[-1])

    def job():
        return query(
            database, "SELECT status, done, total FROM internships_issuejob WHERE id = ?", job_id
        )[0]

    first = start_worker(environment, "first")
    try:
        wait_for(lambda: job()[1] >= 6, timeout=60, what="the first certificates")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    status, done, total = job()
    assert status == "running" and 6 <= done < CERTIFICATES and total == CERTIFICATES

    second = start_worker(environment, "second")
    try:
        wait_for(
            lambda: job()[0] == "done", timeout=60, what="the second worker to finish", state=job
        )
        wait_for(
            lambda: (
                not query(
                    database,
                    "SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status != 'SUCCESSFUL'",
                )
            ),
            timeout=60,
            what="every task to end",
            state=lambda: query(
                database,
                "SELECT task_path, status, worker_ids, traceback FROM"
                " django_tasks_database_dbtaskresult WHERE status != 'SUCCESSFUL'",
            ),
        )
    finally:
        second.send_signal(signal.SIGTERM)
        _, errors = second.communicate(timeout=15)
    assert second.returncode == 0, errors.decode()[-2000:]

    assert job() == ("done", CERTIFICATES, CERTIFICATES)
    serials = [row[0] for row in query(database, "SELECT serial FROM internships_certificate")]
    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in serials)
    assert numbers == list(range(1, CERTIFICATES + 1))
    issued = query(
        database,
        "SELECT COUNT(*), COUNT(DISTINCT internship_id) FROM internships_certificate",
    )
    assert issued == [(CERTIFICATES, CERTIFICATES)]
    assert query(database, "SELECT last FROM internships_serialcounter") == [(CERTIFICATES,)]
    assert query(database, "SELECT worker_id FROM documents_workerheartbeat") == [("first",)]
