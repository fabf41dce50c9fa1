import threading
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone, translation
from post_office.models import Email

from notifications import digests
from notifications.models import Digest, Notification, NotificationSettings
from notifications.tasks import send_digests
from tests import factories

MONDAY, TUESDAY = date(2027, 3, 1), date(2027, 3, 2)


def waiting_for(user, count=1, kind="placement_published"):
    """Notifications waiting for the digest of a person who chose it for their group."""
    settings_row, _created = NotificationSettings.objects.get_or_create(user=user)
    settings_row.choices = {**settings_row.choices, "placements": "digest"}
    settings_row.save(update_fields=["choices"])
    return [
        Notification.objects.create(
            recipient=user,
            kind=kind,
            params={"placement": f"Placement {n}"},
            url=f"/placements/{n}/",
            delivery="digest",
        )
        for n in range(count)
    ]


def test_a_daily_digest_lists_each_waiting_notification_once(student):
    first, second = waiting_for(student, 2)

    assert digests.send_digests(today=MONDAY) == 1

    email = Email.objects.get()
    assert email.to == [student.email]
    assert email.subject == "Practica: 2 things waiting"
    assert first.text in email.message and second.text in email.message
    assert "http://localhost:8000/placements/1/" in email.message
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Unsubscribe from the digest: http://" in email.message
    assert Notification.objects.filter(emailed_at=None).count() == 0
    assert Notification.objects.filter(read_at=None).count() == 2
    assert Digest.objects.get().on == MONDAY


def test_one_thing_waiting_is_said_in_the_singular(student):
    waiting_for(student)
    digests.send_digests(today=MONDAY)
    assert Email.objects.get().subject == "Practica: 1 thing waiting"


def test_a_weekly_digest_goes_out_on_its_weekday_only(student):
    NotificationSettings.objects.create(user=student, digest="weekly", digest_weekday=1)
    waiting_for(student)

    assert digests.send_digests(today=MONDAY) == 0
    assert not Email.objects.exists()
    assert digests.send_digests(today=TUESDAY) == 1


def test_a_second_run_the_same_day_sends_nothing_more(student):
    waiting_for(student)
    digests.send_digests(today=MONDAY)
    waiting_for(student)

    assert digests.send_digests(today=MONDAY) == 0
    assert Email.objects.count() == 1
    assert digests.send_digests(today=TUESDAY) == 1


def test_what_was_emailed_already_or_read_in_the_app_is_not_waiting(student):
    Notification.objects.create(recipient=student, kind="placement_published", params={})
    [read] = waiting_for(student)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())

    assert digests.send_digests(today=MONDAY) == 0
    assert not Digest.objects.exists()


def test_a_group_taken_out_of_the_digest_meanwhile_stays_in_the_app(student):
    listed = waiting_for(student, kind="application_rejected")
    [moved] = waiting_for(student)
    NotificationSettings.objects.filter(user=student).update(
        choices={"applications": "digest", "placements": "in_app"}
    )

    assert digests.send_digests(today=MONDAY) == 1

    moved.refresh_from_db()
    assert (moved.delivery, moved.emailed_at) == ("in_app", None)
    assert moved.text not in Email.objects.get().message
    assert Email.objects.get().subject == "Practica: 1 thing waiting"
    assert Digest.objects.get().count == len(listed) == 1


def test_a_group_moved_to_email_at_once_meanwhile_gets_its_own_email(student):
    [moved] = waiting_for(student)
    NotificationSettings.objects.filter(user=student).update(choices={"placements": "immediate"})

    assert digests.send_digests(today=MONDAY) == 0

    moved.refresh_from_db()
    assert moved.delivery == "immediate" and moved.emailed_at is not None
    assert Email.objects.get().subject == f"[Practica] {moved.text}"
    assert not Digest.objects.exists()
    assert digests.send_digests(today=TUESDAY) == 0
    assert Email.objects.count() == 1


def test_a_deactivated_account_gets_no_digest(student):
    waiting_for(student)
    student.is_active = False
    student.save(update_fields=["is_active"])

    assert digests.send_digests(today=MONDAY) == 0


def test_an_interrupted_run_is_completed_by_the_next(student, other_student):
    waiting_for(student)
    waiting_for(other_student)

    with (
        mock.patch.object(digests, "get_connection", side_effect=OSError("killed")),
        pytest.raises(OSError),
    ):
        digests.send_digests(today=MONDAY)
    assert not Digest.objects.exists()
    assert Notification.objects.filter(emailed_at=None).count() == 2

    assert digests.send_digests(today=MONDAY) == 2
    assert Email.objects.count() == 2


def test_each_person_reads_the_digest_in_their_language(student, other_student):
    other_student.language = "ro"
    other_student.save(update_fields=["language"])
    [mine], [theirs] = waiting_for(student), waiting_for(other_student)

    digests.send_digests(today=MONDAY)

    with translation.override("ro"):
        romanian = theirs.text
    assert romanian != mine.text
    assert romanian in Email.objects.get(to=[other_student.email]).message
    assert mine.text in Email.objects.get(to=[student.email]).message


def test_before_the_digest_hour_the_scheduled_run_waits(student, settings):
    settings.DIGEST_HOUR = 7
    waiting_for(student)
    bucharest = ZoneInfo("Europe/Bucharest")

    assert digests.send_digests(now=datetime(2027, 3, 1, 6, 59, tzinfo=bucharest)) == 0
    assert digests.send_digests(now=datetime(2027, 3, 1, 7, 0, tzinfo=bucharest)) == 1


def test_the_task_takes_an_iso_date(student):
    waiting_for(student)
    send_digests.enqueue(MONDAY.isoformat())
    assert Digest.objects.get().on == MONDAY


@pytest.mark.parametrize("people", [3, 30])
def test_the_queries_do_not_grow_with_the_people(people, django_assert_max_num_queries):
    for user in factories.UserFactory.create_batch(people):
        waiting_for(user, 2)

    # 13, and two for the saved searches' alerts (forgetting old alerts; the searches).
    with django_assert_max_num_queries(15):
        assert digests.send_digests(today=MONDAY) == people
    assert Email.objects.count() == people


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    for user in factories.UserFactory.create_batch(5):
        waiting_for(user, 2)
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(digests.send_digests(today=MONDAY))
        except Exception as error:  # noqa: BLE001 (the assertion below shows it)
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [0, 5]
    assert Email.objects.count() == 5
    assert Digest.objects.count() == 5
