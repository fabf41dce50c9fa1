from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "allocation"
    verbose_name = _("Allocation rounds")

    def ready(self):
        from documents import jobs

        from . import notices, phase_tasks, reminders, rules  # noqa: F401 (texts, rules)

        # Ranking (alloc-rank): the hourly job telling people a round's phase began.
        if not any(entry.name == "round_phase_notices" for entry in jobs.SCHEDULE):
            jobs.SCHEDULE.append(
                jobs.Scheduled(
                    "round_phase_notices", phase_tasks.tell_phases_started, jobs.start_of_hour
                )
            )
