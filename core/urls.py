from django.conf import settings
from django.urls import path

from . import health, metrics

urlpatterns = [
    path("readyz", health.readyz, name="readyz"),
    path(settings.METRICS_PATH, metrics.metrics, name="metrics"),
]
