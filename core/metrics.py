"""Metrics for Prometheus at METRICS_PATH: requests and latency (django-prometheus's
middleware), plus gauges read from the database at each scrape: jobs waiting, jobs failed,
and whatever apps register with `register_gauge` (undelivered mail, say).

Only staff or an address in METRICS_ALLOWED_NETWORKS reach it; anyone else gets a 404, as
if the path did not exist."""

import ipaddress
import logging
import os
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .requestid import client_address

logger = logging.getLogger(__name__)

GAUGES: dict[str, tuple[str, Callable[[], float]]] = {}


def register_gauge(name: str, documentation: str, read: Callable[[], float]) -> None:
    """`read()` is called at each scrape; its number is served as the gauge `name`."""
    GAUGES[name] = (documentation, read)


register_gauge(
    "practica_jobs_waiting",
    "Background jobs ready to run and not yet taken by a worker.",
    lambda: DBTaskResult.objects.ready().count(),
)
register_gauge(
    "practica_jobs_failed",
    "Background jobs that ended in failure (kept in the queue's table).",
    lambda: DBTaskResult.objects.failed().count(),
)


class AppGauges:
    """A Prometheus collector reading every registered gauge at scrape time. A gauge that
    cannot be read is left out of that scrape (and logged), never a failed scrape."""

    def collect(self):
        for name, (documentation, read) in sorted(GAUGES.items()):
            try:
                value = float(read())
            except Exception:
                logger.exception("Metric %s could not be read", name)
                continue
            family = GaugeMetricFamily(name, documentation)
            family.add_metric([], value)
            yield family


def _networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.METRICS_ALLOWED_NETWORKS]


def may_read_metrics(request) -> bool:
    user = request.user
    if user.is_authenticated and (user.is_staff or getattr(user, "role", "") == "staff"):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in _networks())


def _process_registry():
    """With several gunicorn workers, each keeps its own counters: under
    PROMETHEUS_MULTIPROC_DIR they are summed from the files the workers write."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


@login_not_required
@never_cache
def metrics(request):
    if not may_read_metrics(request):
        raise Http404
    apps = CollectorRegistry(auto_describe=False)
    apps.register(AppGauges())
    body = generate_latest(_process_registry()) + generate_latest(apps)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
