from datetime import datetime

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def start_of_five_minutes(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and webhooks")

    def ready(self):
        from django.db.models.signals import post_save

        from documents import jobs
        from notifications.models import Event

        from . import tasks

        # Every recorded change passes here; the four kinds webhooks tell of fan out.
        post_save.connect(
            tasks.on_event_saved, sender=Event, dispatch_uid="api.tasks.on_event_saved"
        )
        # documents runs the schedule and knows nothing of webhooks: the entry is added here.
        if not any(entry.name == "sweep_webhooks" for entry in jobs.SCHEDULE):
            jobs.SCHEDULE.append(
                jobs.Scheduled("sweep_webhooks", tasks.sweep_webhooks, start_of_five_minutes)
            )
        # The bearer token scheme in the OpenAPI schema (drf-spectacular finds extensions
        # by their import).
        from . import schema  # noqa: F401
