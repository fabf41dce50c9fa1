"""Alerts of saved searches: the digest lists the placements published since the last
alert that match a student's saved search, each once, daily or weekly."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from internships.models import Placement, SavedSearch, SavedSearchAlert
from notifications import digests, emails
from notifications.models import Digest, Notification, NotificationSettings
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
        kwargs.setdefault("period", period)
        return factories.PlacementFactory(title=title, organisation=organisation, **kwargs)

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


def test_a_student_who_turned_alerts_off_in_the_settings_gets_none(student, saved, python, publish):
    NotificationSettings.objects.create(user=student, choices={"saved_searches": "in_app"})
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 0
    assert not SavedSearchAlert.objects.exists()


def test_unsubscribing_from_the_digest_stops_the_alerts(client, student, saved, python, publish):
    token = emails.unsubscribe_token(student.pk, emails.DIGEST_GROUP)
    client.post(
        reverse("notifications_unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 0
    assert not Email.objects.exists()


def test_alerts_off_leave_the_notifications_digest_alone(student, saved, python, publish):
    NotificationSettings.objects.create(
        user=student, choices={"saved_searches": "in_app", "placements": "digest"}
    )
    Notification.objects.create(
        recipient=student,
        kind="placement_published",
        params={"placement": "Backend intern"},
        delivery="digest",
    )
    publish("Python intern", skills=[python])

    assert digests.send_digests(today=MONDAY) == 1
    assert "saved search" not in Email.objects.get().message


def test_a_placement_published_before_its_applications_open_is_alerted(
    student, saved, python, publish
):
    later = factories.PeriodFactory(
        applications_open_on=timezone.localdate() + timedelta(days=20),
        applications_close_on=timezone.localdate() + timedelta(days=50),
    )
    publish("Python next year", skills=[python], period=later)

    assert digests.send_digests(today=MONDAY) == 1
    assert "Python next year" in Email.objects.get().message


def test_a_placement_matching_only_after_a_digest_is_alerted_by_the_next(
    student, saved, python, publish
):
    reverified = publish("Python intern", skills=[python], published_at=timezone.now())
    Placement.objects.filter(pk=reverified.pk).update(status=Placement.Status.DRAFT)
    publish("Other Python intern", skills=[python])
    digests.send_digests(today=MONDAY)
    Placement.objects.filter(pk=reverified.pk).update(status=Placement.Status.PUBLISHED)

    assert digests.send_digests(today=TUESDAY) == 1

    latest = Email.objects.order_by("-pk").first()
    assert "1 new placement" in latest.message
    assert "Python intern, at" in latest.message


def test_a_placement_committed_after_a_digest_began_is_alerted_by_the_next(
    student, saved, python, publish
):
    publish(
        "First Python intern", skills=[python], published_at=timezone.now() - timedelta(minutes=9)
    )
    digests.send_digests(today=MONDAY)
    publish("Python intern", skills=[python], published_at=timezone.now() - timedelta(minutes=5))

    assert digests.send_digests(today=TUESDAY) == 1
    assert "Python intern, at" in Email.objects.order_by("-pk").first().message


def test_a_placement_published_before_the_window_is_not_alerted(
    student, saved, python, publish, settings
):
    settings.SAVED_SEARCH_ALERT_WINDOW_DAYS = 3
    saved.alerted_until = timezone.now() - timedelta(days=30)
    saved.save()
    publish("Python intern", skills=[python], published_at=timezone.now() - timedelta(days=4))

    assert digests.send_digests(today=MONDAY) == 0


def test_the_job_forgets_the_alerts_older_than_the_window(
    student, saved, python, publish, settings
):
    settings.SAVED_SEARCH_ALERT_WINDOW_DAYS = 3
    old = publish(
        "Old Python intern", skills=[python], published_at=timezone.now() - timedelta(days=4)
    )
    SavedSearchAlert.objects.create(
        saved_search=saved, placement=old, sent_at=timezone.now() - timedelta(days=4)
    )
    recent = SavedSearchAlert.objects.create(saved_search=saved, placement=publish("Recent"))
    publish("Python intern", skills=[python])

    digests.send_digests(today=MONDAY)

    assert not SavedSearchAlert.objects.filter(placement=old).exists()
    assert SavedSearchAlert.objects.filter(pk=recent.pk).exists()


@pytest.mark.parametrize("people", [2, 6])
def test_the_digests_queries_do_not_grow_with_the_students_and_searches(
    people, python, publish, programme, django_assert_max_num_queries
):
    county = factories.CountyFactory()
    for n in range(people):
        student = factories.StudentFactory(programme=programme).user
        for name, params in [
            ("Python", {"skills": [str(python.pk)], "eligible": ["yes"]}),
            ("Python, any", {"skills": [str(python.pk)], "eligible": ["no"], "q": ["intern"]}),
            ("Paid", {"paid": ["yes"], "programme": [str(programme.pk)]}),
        ]:
            SavedSearch.objects.create(
                student=student,
                name=name,
                params={**params, **({"county": [str(county.pk)]} if n % 2 else {})},
                alerts="daily",
                alerted_until=timezone.now() - timedelta(hours=1),
            )
    publish("Python intern", skills=[python])
    publish("Paid intern", is_paid=True, stipend=1500)

    # The batch's people, notifications and choices; forgetting old alerts; the searches;
    # the skills, counties and programmes they name; their new placements (one union), the
    # placements; the alerts, digests and e-mails recorded; savepoints; the next batch.
    with django_assert_max_num_queries(20):
        assert digests.send_digests(today=MONDAY) == people
    assert SavedSearchAlert.objects.count() >= people
