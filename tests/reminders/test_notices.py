"""What reminders of a count say: the sentence agrees with the count, and the days with
their number."""

import pytest
from django.utils import translation

from notifications.kinds import render_text


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"count": "1", "days": "3"}, "1 placement has awaited approval for more than 3 days."),
        ({"count": "2", "days": "1"}, "2 placements have awaited approval for more than 1 day."),
    ],
)
def test_a_queue_reminder_agrees_with_its_count_and_days(params, text):
    with translation.override("en"):
        assert render_text("reminder_placements_awaiting", params) == text


def test_unanswered_applications_say_how_many():
    params = {"placement": "Backend intern", "count": "1", "days": "7"}

    with translation.override("en"):
        text = render_text("reminder_applications_unanswered", params)

    assert text == "1 application to “Backend intern” has had no answer for more than 7 days."
