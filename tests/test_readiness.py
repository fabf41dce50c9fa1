"""/readyz: the database, the cache and the background jobs, as JSON, 200 or 503.
(/healthz stays the liveness check: tests/test_platform.py.)"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def job(**fields):
    defaults = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "notifications.tasks.send",
        "backend_name": "default",
        "run_after": get_date_max(),  # what the queue stores for "as soon as possible"
    }
    result = DBTaskResult.objects.create(**{**defaults, **fields})
    if "enqueued_at" in fields:  # auto_now_add ignores it on create
        DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=fields["enqueued_at"])
    return result


def test_ready_when_every_part_answers(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) >= {"database", "cache", "jobs"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_is_public(client, db):
    assert client.get("/readyz").status_code == 200


def test_not_ready_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def test_not_ready_when_the_database_fails(client, db):
    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


@pytest.fixture
def queue(settings):
    """The database queue, with one live worker (run_worker beat a second ago)."""
    from documents.models import WorkerHeartbeat

    settings.TASKS = QUEUE
    settings.READINESS_MAX_JOB_WAIT_SECONDS = 600
    settings.READINESS_MAX_HEARTBEAT_AGE_SECONDS = 120
    WorkerHeartbeat.objects.create(worker_id="w1", beat_at=timezone.now() - timedelta(seconds=1))


def test_no_worker_beating_makes_it_not_ready(client, queue):
    from documents.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=5))

    response = client.get("/readyz")

    assert response.status_code == 503
    workers = response.json()["checks"]["workers"]
    assert workers["ok"] is False and workers["worker_heartbeat_seconds"] >= 300


def test_a_queue_no_worker_ever_took_is_not_ready(client, queue):
    from documents.models import WorkerHeartbeat

    WorkerHeartbeat.objects.all().delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == {"ok": False, "worker_heartbeat_seconds": None}


def test_a_job_waiting_too_long_makes_it_not_ready(client, queue):
    job(enqueued_at=timezone.now() - timedelta(minutes=11))

    response = client.get("/readyz")

    assert response.status_code == 503
    jobs = response.json()["checks"]["jobs"]
    assert jobs["ok"] is False
    assert jobs["oldest_waiting_job_seconds"] >= 660


def test_a_worker_not_seen_while_jobs_wait_makes_it_not_ready(client, queue):
    long_ago = timezone.now() - timedelta(minutes=30)
    job(status="SUCCESSFUL", started_at=long_ago, finished_at=long_ago)
    job(enqueued_at=timezone.now() - timedelta(minutes=3))

    jobs = client.get("/readyz").json()["checks"]["jobs"]

    assert jobs["ok"] is False
    assert jobs["worker_last_seen_seconds"] >= 1800


def test_a_fresh_job_and_an_idle_worker_are_fine(client, queue):
    long_ago = timezone.now() - timedelta(hours=5)
    job(status="SUCCESSFUL", started_at=long_ago, finished_at=long_ago)
    job()

    response = client.get("/readyz")

    assert response.status_code == 200


def test_a_working_worker_and_a_short_queue_are_fine(client, queue):
    job(status="RUNNING", started_at=timezone.now() - timedelta(seconds=5))
    job(enqueued_at=timezone.now() - timedelta(minutes=3))

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["jobs"]["oldest_waiting_job_seconds"] >= 180


def test_a_job_scheduled_for_later_is_not_waiting(client, queue):
    job(
        enqueued_at=timezone.now() - timedelta(hours=1),
        run_after=timezone.now() + timedelta(hours=1),
    )

    assert client.get("/readyz").status_code == 200


def test_apps_add_their_own_checks(client, db):
    from core import health

    with mock.patch.dict(health.CHECKS, {"mail": lambda: {"ok": False, "undelivered": 3}}):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["mail"] == {"ok": False, "undelivered": 3}
