from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from documents import jobs

        from . import notices, tasks  # noqa: F401

        # documents runs the schedule and knows nothing of privacy: the entry is added here.
        if not any(entry.name == "apply_retention" for entry in jobs.SCHEDULE):
            jobs.SCHEDULE.append(
                jobs.Scheduled("apply_retention", tasks.apply_retention, jobs.start_of_day)
            )
