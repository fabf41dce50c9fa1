"""Alerts of saved searches: the digest lists the placements published since the last
alert that match a student's saved search, each once, daily or weekly."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from post_office.models import Email

from internships.models import SavedSearch, SavedSearchAlert
from notifications import digests
from notifications.models import Digest, NotificationSettings
from tests import factories

MONDAY, TUESDAY = date(2027, 3, 1), date(2027, 3, 2)


@pytest.fixture
def python():
    return factories.SkillFactory(name="Python")


@pytest.fixture
def saved(student, python):
    return SavedSearch.objects.create(
        student=student,
        name="Python jobs",
        params={"skills": [str(python.pk)], "eligible": ["yes"]},
        alerts="daily",
        alerted_until=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def publish(organisation, period, programme):
    def publish(title, **kwargs):
        kwargs.setdefault("programmes", [programme])
        return factories.PlacementFactory(
            title=title, organisation=organisation, period=period, **kwargs
        )

    return publish


def test_a_new_matching_placement_is_in_the_digest_with_its_link(student, saved, python, publish):
    match = publish("Python intern", skills=[python])
    publish("Accountant")

    assert digests.send_digests(today=MONDAY) == 1

    email = Email.objects.get()
    assert email.to == [student.email]
    assert "1 new placement for your saved search “Python jobs”:" in email.message
    assert "Python intern, at Codează Someș SRL" in email.message
    assert f"http://localhost:8000/placements/{match.pk}/" in email.message
    assert "Accountant" not in email.message
    assert Digest.objects.get().count == 1


def test_each_placement_is_alerted_once(student, saved, python, publish):
    publish("Python intern", skills=[python])
    digests.send_digests(today=MONDAY)

    assert digests.send_digests(today=TUESDAY) == 0

    assert Email.objects.count() == 1
    assert SavedSearchAlert.objects.count() == 1


def test_the_next_day_alerts_only_what_is_new(student, saved, python, publish):
    publish("Python intern", skills=[python])
    digests.send_digests(today=MONDAY)
    publish("Python intern two", skills=[python])

    digests.send_digests(today=TUESDAY)

    latest = Email.objects.order_by("-pk").first()
    assert "Python intern two" in latest.message
    assert "Python intern," not in latest.message


def test_what_was_published_before_the_search_was_saved_is_not_alerted(student, python, publish):
    publish("Python intern", skills=[python])
    SavedSearch.objects.create(
        student=student, name="Later", params={"skills": [str(python.pk)]}, alerts="daily"
    )

    assert digests.send_digests(today=MONDAY) == 0


def test_a_search_without_alerts_alerts_nothing(saved, python, publish):
    saved.alerts = "none"
    saved.save()
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 0
    assert not SavedSearchAlert.objects.exists()


def test_a_weekly_alert_waits_for_the_digest_weekday(student, saved, python, publish):
    saved.alerts = "weekly"
    saved.save()
    NotificationSettings.objects.create(user=student, digest_weekday=1)
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 0
    assert digests.send_digests(today=TUESDAY) == 1


def test_a_weekly_digest_carries_a_daily_alert_on_its_day(student, saved, python, publish):
    NotificationSettings.objects.create(user=student, digest="weekly", digest_weekday=1)
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 0
    assert digests.send_digests(today=TUESDAY) == 1


def test_a_placement_not_open_to_the_student_is_not_alerted_by_an_eligible_search(
    saved, python, publish
):
    publish("Python for lawyers", skills=[python], programmes=[factories.ProgrammeFactory()])

    assert digests.send_digests(today=MONDAY) == 0


def test_a_search_whose_filters_do_not_read_any_more_alerts_nothing(saved, python, publish):
    saved.params = {"county": ["999999"]}
    saved.save()
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 0


def test_many_new_placements_are_counted_beyond_those_listed(
    student, saved, python, publish, settings
):
    settings.SAVED_SEARCH_ALERT_SHOWN = 2
    for n in range(3):
        publish(f"Python intern {n}", skills=[python])

    digests.send_digests(today=MONDAY)

    message = Email.objects.get().message
    assert "3 new placements for your saved search “Python jobs”:" in message
    assert "Python intern 2" not in message
    assert "All of them: http://localhost:8000/placements/?skills=" in message
