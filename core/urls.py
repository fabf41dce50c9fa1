from django.conf import settings
from django.urls import path

from . import health, media, metrics

urlpatterns = [
    path("readyz", health.readyz, name="readyz"),
    path(settings.METRICS_PATH, metrics.metrics, name="metrics"),
    path("media/public/<path:name>", media.public_file, name="public_media"),
]
