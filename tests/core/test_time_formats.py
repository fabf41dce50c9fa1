"""Times read the same in both languages (24-hour clock): no sentence ends in "a.m.."."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests import factories

TEN_FIFTY = datetime(2027, 3, 4, 10, 50)


@pytest.mark.parametrize(
    "language, name, expected",
    [
        ("en", "DATETIME_FORMAT", "4 March 2027, 10:50"),
        ("en", "SHORT_DATETIME_FORMAT", "04.03.2027, 10:50"),
        ("en", "TIME_FORMAT", "10:50"),
        ("ro", "DATETIME_FORMAT", "4 martie 2027, 10:50"),
    ],
)
def test_times_use_the_24_hour_clock_in_both_languages(language, name, expected):
    with translation.override(language):
        assert formats.date_format(TEN_FIFTY, name).lower() == expected.lower()


def test_a_sentence_ending_on_a_time_has_one_full_stop(client, student, placement):
    deadline = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=3), TEN_FIFTY.time())
    )
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="offered", offer_deadline=deadline
    )
    client.force_login(student)

    html = client.get(reverse("student_application", args=[application.pk])).content.decode()

    assert "10:50." in html
    assert "a.m." not in html
