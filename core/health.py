"""Readiness: can this server do its whole job? `/healthz` (accounts) stays the liveness
check a load balancer uses (the database answers); `/readyz` adds the cache and the
background jobs, for monitoring and for an orchestrator's readiness probe.

Apps add their own checks with `register_check(name, callable)`: the callable returns a dict
of details with `"ok": bool`, or raises (counted as not ready)."""

import logging
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

CHECKS: dict[str, Callable[[], dict]] = {}


def register_check(name: str, check: Callable[[], dict]) -> None:
    CHECKS[name] = check


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_cache() -> dict:
    key = "readyz:probe"
    value = timezone.now().isoformat()
    cache.set(key, value, 30)
    return {"ok": cache.get(key) == value}


def uses_task_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def _seconds_since(moment: datetime | None) -> float | None:
    return None if moment is None else round((timezone.now() - moment).total_seconds(), 1)


def check_jobs() -> dict:
    """The oldest job waiting for a worker, and the worker's last sign of life. The database
    queue keeps no heartbeat of its own: the latest time a worker started or finished a job
    stands in for one. An idle worker leaves no trace, so its age counts only once a job has
    waited longer than READINESS_MAX_HEARTBEAT_AGE_SECONDS (a worker whose runner writes a
    heartbeat can register a sharper check of its own)."""
    if not uses_task_queue():
        return {"ok": True, "queue": "immediate"}
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    waiting_age = None
    if oldest is not None:
        since = oldest.enqueued_at
        if oldest.run_after != get_date_max():
            since = max(since, oldest.run_after)
        waiting_age = _seconds_since(since)
    latest = DBTaskResult.objects.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    activity = max((t for t in latest.values() if t is not None), default=None)
    heartbeat_age = _seconds_since(activity)
    limit = settings.READINESS_MAX_HEARTBEAT_AGE_SECONDS
    worker_seen = (
        waiting_age is None
        or waiting_age <= limit
        or (heartbeat_age is not None and heartbeat_age <= limit)
    )
    not_too_old = waiting_age is None or waiting_age <= settings.READINESS_MAX_JOB_WAIT_SECONDS
    ok = worker_seen and not_too_old
    return {
        "ok": ok,
        "oldest_waiting_job_seconds": waiting_age,
        "worker_last_seen_seconds": heartbeat_age,
    }


register_check("database", check_database)
register_check("cache", check_cache)
register_check("jobs", check_jobs)


def run_checks() -> tuple[bool, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure of a part means "not ready"
            logger.warning("Readiness check %s failed: %r", name, error)
            results[name] = {"ok": False, "error": error.__class__.__name__}
    return all(r["ok"] for r in results.values()), results


@login_not_required
@never_cache
def readyz(request):
    ready, results = run_checks()
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
