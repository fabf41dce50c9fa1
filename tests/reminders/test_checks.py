"""The reminders' hours are checked when the project starts, not by a scheduler that stops."""

import pytest

from reminders.checks import check_reminder_hours


def ids():
    return [message.id for message in check_reminder_hours()]


def test_the_default_hours_pass(settings):
    settings.REMINDERS_HOUR, settings.DIGEST_HOUR = 7, 8

    assert ids() == []


@pytest.mark.parametrize(
    ("reminders_hour", "digest_hour", "expected"),
    [
        (24, 8, ["reminders.E001"]),
        (-1, 8, ["reminders.E001"]),
        (7, 24, ["reminders.E002"]),
        (9, 8, ["reminders.W001"]),
        (8, 8, ["reminders.W001"]),
    ],
)
def test_an_hour_out_of_the_day_or_reminders_after_the_digest_are_told(
    settings, reminders_hour, digest_hour, expected
):
    settings.REMINDERS_HOUR, settings.DIGEST_HOUR = reminders_hour, digest_hour

    assert ids() == expected
