import pytest
from django.utils import translation
from post_office.models import Email

from notifications import tasks
from notifications.models import Notification, NotificationSettings
from notifications.tasks import email_notification, email_notifications
from tests import factories

REMINDER = ("reminder_logbook_silent", {"organisation": "Acme", "since": "2027-03-01"})
PUBLISHED = ("placement_published", {"placement": "Backend"})
OFFER = ("offer_made", {"placement": "Backend", "deadline": "Friday"})


def made(recipient, kind_and_params):
    kind, params = kind_and_params
    return Notification.objects.create(
        recipient=recipient, kind=kind, params=params, url="/p/1/"
    ).pk


def decided(pk):
    notification = Notification.objects.get(pk=pk)
    return notification.delivery, notification.emailed_at is not None


def a_day_of(people, enqueue):
    """Each person's notifications of a day, with every case the e-mail job decides; what
    was decided of each, and the e-mails queued (their recipient and subject)."""
    chooser, in_app_only, deactivated = people[:3]
    NotificationSettings.objects.create(user=chooser, choices={"reminders": "immediate"})
    NotificationSettings.objects.create(user=in_app_only, choices={"offers": "in_app"})
    ids = [made(person, kind) for person in people for kind in (REMINDER, PUBLISHED, OFFER)]
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    enqueue(ids)
    emails = sorted(Email.objects.values_list("to", "subject"))
    return [decided(pk) for pk in ids], emails


def test_the_bulk_job_decides_each_notification_as_the_one_by_one_job_does():
    def one_by_one(ids):
        for pk in ids:
            email_notification.enqueue(pk)

    expected = a_day_of(factories.UserFactory.create_batch(4), one_by_one)
    Notification.objects.all().delete()
    Email.objects.all().delete()

    got = a_day_of(factories.UserFactory.create_batch(4), email_notifications.enqueue)

    def anonymous(day):
        decisions, emails = day
        return decisions, sorted(subject for _to, subject in emails)

    assert anonymous(got) == anonymous(expected)
    assert got[0][:3] == [("immediate", True), ("immediate", True), ("immediate", True)]
    assert got[0][3:6] == [("digest", False), ("immediate", True), ("immediate", True)]
    assert got[0][6:9] == [("", False), ("", False), ("", False)]
    assert got[0][9:] == [("digest", False), ("immediate", True), ("immediate", True)]


def test_running_it_twice_emails_each_once(student, other_student):
    ids = [made(student, PUBLISHED), made(other_student, PUBLISHED), made(student, REMINDER)]

    email_notifications.enqueue(ids)
    email_notifications.enqueue(ids)

    assert Email.objects.count() == 2
    assert [decided(pk) for pk in ids] == [
        ("immediate", True),
        ("immediate", True),
        ("digest", False),
    ]


def test_a_notification_decided_before_is_left_as_it_was(student):
    pk = made(student, PUBLISHED)
    Notification.objects.filter(pk=pk).update(delivery="in_app")

    email_notifications.enqueue([pk])

    assert decided(pk) == ("in_app", False)
    assert not Email.objects.exists()


def test_a_mandatory_kind_is_emailed_though_its_group_is_in_app_only(student):
    NotificationSettings.objects.create(user=student, choices={"offers": "in_app"})
    pk = made(student, OFFER)

    email_notifications.enqueue([pk])

    assert decided(pk) == ("immediate", True)
    assert Email.objects.get().to == [student.email]


def test_each_email_is_in_its_readers_language(student, other_student):
    student.language = "ro"
    student.save(update_fields=["language"])
    romanian, english = made(student, PUBLISHED), made(other_student, PUBLISHED)

    email_notifications.enqueue([romanian, english])

    with translation.override("ro"):
        text = Notification.objects.get(pk=romanian).text
    assert text in Email.objects.get(to=[student.email]).message
    english_text = Notification.objects.get(pk=english).text
    assert english_text in Email.objects.get(to=[other_student.email]).message
    assert text != english_text


def test_notifications_beyond_one_batch_are_all_decided(monkeypatch):
    monkeypatch.setattr(tasks, "EMAIL_BATCH", 2)
    people = factories.UserFactory.create_batch(5)
    ids = [made(person, PUBLISHED) for person in people] + [made(people[0], REMINDER)]

    email_notifications.enqueue(ids)

    assert Email.objects.count() == 5
    assert Notification.objects.filter(delivery="").count() == 0


@pytest.mark.parametrize("people", [3, 30])
@pytest.mark.parametrize("kind", [REMINDER, PUBLISHED], ids=["digest", "immediate"])
def test_the_queries_do_not_grow_with_the_notifications(
    people, kind, django_assert_max_num_queries
):
    recipients = factories.UserFactory.create_batch(people)
    NotificationSettings.objects.create(user=recipients[0], choices={"placements": "in_app"})
    ids = [made(person, kind) for person in recipients]

    with django_assert_max_num_queries(9):
        email_notifications.enqueue(ids)

    assert Notification.objects.filter(delivery="").count() == 0
    emailed = 0 if kind == REMINDER else people - 1
    assert Email.objects.count() == emailed
