"""System checks of the reminders' settings: the hours the scheduler reads every tick, so a
wrong one is told at start-up rather than by a scheduler that stops."""

from django.conf import settings
from django.core.checks import Error, Warning, register


def _hour_errors(name: str, error_id: str) -> list[Error]:
    value = getattr(settings, name)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return []
    return [
        Error(
            f"{name} must be an hour of the day, 0 to 23 (it is {value!r}).",
            hint=f"Set {name} in the environment to a whole number from 0 to 23.",
            id=error_id,
        )
    ]


@register()
def check_reminder_hours(app_configs=None, **kwargs):
    """REMINDERS_HOUR and DIGEST_HOUR are hours of the day; the reminders come first, so
    that the morning's digest carries them."""
    errors = _hour_errors("REMINDERS_HOUR", "reminders.E001") + _hour_errors(
        "DIGEST_HOUR", "reminders.E002"
    )
    if not errors and settings.REMINDERS_HOUR >= settings.DIGEST_HOUR:
        errors.append(
            Warning(
                "REMINDERS_HOUR is not before DIGEST_HOUR: the day's reminders miss that "
                "morning's digest and wait for the next one.",
                hint="Set REMINDERS_HOUR to an hour before DIGEST_HOUR.",
                id="reminders.W001",
            )
        )
    return errors
