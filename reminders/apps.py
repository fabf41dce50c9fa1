from datetime import datetime, timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def start_of_reminder_day(now: datetime) -> datetime:
    """The reminders' day starts at REMINDERS_HOUR (local time): before that hour it is still
    yesterday's, so the daily run comes at that hour, once."""
    local = timezone.localtime(now)
    start = local.replace(hour=settings.REMINDERS_HOUR, minute=0, second=0, microsecond=0)
    return start if local >= start else start - timedelta(days=1)


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from documents import jobs

        from . import checks, notices, tasks  # noqa: F401

        # documents runs the schedule and knows nothing of reminders: the entry is added here.
        if not any(entry.name == "send_reminders" for entry in jobs.SCHEDULE):
            jobs.SCHEDULE.append(
                jobs.Scheduled("send_reminders", tasks.send_daily_reminders, start_of_reminder_day)
            )
