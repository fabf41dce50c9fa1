"""The task workers' heartbeat (`run_worker` writes it every few seconds) for `/readyz` and
for Prometheus: a queue with no live worker is not ready, whatever its jobs' times say."""

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from core.health import register_check, uses_task_queue
from core.metrics import register_gauge

from .models import WorkerHeartbeat


def heartbeat_age() -> float | None:
    """Seconds since the freshest worker's last beat; None when no worker ever beat."""
    latest = WorkerHeartbeat.objects.aggregate(latest=Max("beat_at"))["latest"]
    return None if latest is None else (timezone.now() - latest).total_seconds()


def check_workers() -> dict:
    if not uses_task_queue():
        return {"ok": True, "queue": "immediate"}
    age = heartbeat_age()
    limit = settings.READINESS_MAX_HEARTBEAT_AGE_SECONDS
    return {"ok": age is not None and age <= limit, "worker_heartbeat_seconds": age}


def register() -> None:
    register_check("workers", check_workers)
    register_gauge(
        "practica_worker_heartbeat_age_seconds",
        "Seconds since a task worker (run_worker) last beat; -1 when none ever did.",
        lambda: -1 if (age := heartbeat_age()) is None else age,
    )
