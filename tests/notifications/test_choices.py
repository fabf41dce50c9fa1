from pathlib import Path

import pytest
from django.utils import translation
from post_office.models import Email

from notifications import choices, kinds
from notifications.delivery import deliver_due
from notifications.models import Notification, NotificationSettings
from notifications.tasks import email_notification

ROOT = Path(__file__).resolve().parents[2]


def made(recipient, kind="placement_published", **params):
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, params=params or {"placement": "Backend"}, url="/p/1/"
    )
    email_notification.enqueue(notification.pk)
    notification.refresh_from_db()
    return notification


def choose(user, **groups):
    return NotificationSettings.objects.create(user=user, choices=groups)


def test_every_registered_kind_names_a_known_group():
    assert kinds.KINDS
    assert {kind.group for kind in kinds.KINDS.values()} <= set(kinds.GROUPS)
    assert all(kind.group != "other" for kind in kinds.KINDS.values())


def test_every_notices_module_gives_each_kind_its_group():
    for notices in ROOT.glob("*/notices.py"):
        text = notices.read_text()
        assert text.count("register(") == text.count("group="), notices


def test_a_group_with_a_mandatory_kind_says_so_on_the_settings_page():
    for kind in kinds.KINDS.values():
        if kind.mandatory:
            assert kinds.GROUPS[kind.group].always


def test_an_unknown_group_is_refused_at_registration():
    with pytest.raises(ValueError, match="Unknown notification group"):
        kinds.register("nonsense_kind", "Nonsense", group="nonsense")
    assert "nonsense_kind" not in kinds.KINDS


def test_a_person_who_chose_nothing_has_each_groups_default(student):
    assert choices.channel_for(student, "placement_published") == "immediate"
    assert choices.choices_of(student).channel_of("reminders") == "digest"


def test_a_mandatory_kind_is_immediate_whatever_was_chosen(student):
    choose(student, offers="in_app", applications="digest")

    assert choices.channel_for(student, "offer_made") == "immediate"
    assert choices.channel_for(student, "interview_invited") == "immediate"
    assert choices.channel_for(student, "offer_expired") == "in_app"
    assert choices.channel_for(student, "application_rejected") == "digest"


def test_choices_of_many_people_are_read_in_one_query(
    student, other_student, django_assert_num_queries
):
    choose(student, offers="in_app")
    with django_assert_num_queries(1):
        read = choices.choices_for([student.pk, other_student.pk])
    assert read[student.pk].channel_for("offer_expired") == "in_app"
    assert read.get(other_student.pk, choices.DEFAULT).channel_for("offer_expired") == "immediate"


def test_immediate_is_emailed_at_once_and_only_once(student):
    notification = made(student)

    assert notification.delivery == "immediate"
    assert notification.emailed_at is not None
    email_notification.enqueue(notification.pk)
    assert Email.objects.count() == 1


def test_a_digest_choice_leaves_it_for_the_digest(student):
    choose(student, placements="digest")

    notification = made(student)

    assert (notification.delivery, notification.emailed_at) == ("digest", None)
    assert not Email.objects.exists()
    email_notification.enqueue(notification.pk)
    notification.refresh_from_db()
    assert (notification.delivery, notification.emailed_at) == ("digest", None)


def test_in_app_only_is_never_emailed(student):
    choose(student, placements="in_app")

    notification = made(student)

    assert (notification.delivery, notification.emailed_at) == ("in_app", None)
    assert not Email.objects.exists()


def test_a_mandatory_kind_is_emailed_though_its_group_is_in_app_only(student):
    choose(student, offers="in_app")

    notification = made(student, "offer_made", placement="Backend", deadline="Friday")

    assert notification.delivery == "immediate"
    assert Email.objects.count() == 1


def test_the_email_carries_the_one_click_unsubscribe_headers_and_footer(student, mailoutbox):
    made(student)
    deliver_due()

    [message] = mailoutbox
    sent = message.message()
    assert sent["List-Unsubscribe"].startswith("<http://localhost:8000/notifications/unsubscribe/")
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Change what you receive: http://localhost:8000/settings/notifications/" in message.body
    assert "Unsubscribe from Placements and vetting: http://" in message.body
    assert sent["List-Unsubscribe"][1:-1] in message.body


def test_the_email_is_in_the_readers_language_footer_and_all(student):
    from django.utils import translation

    from notifications.emails import footer

    student.language = "ro"
    student.save(update_fields=["language"])

    notification = made(student)

    body = Email.objects.get().message
    with translation.override("ro"):
        assert notification.text in body
        assert footer("x", "placements").splitlines()[1] in body


def test_how_a_notification_was_delivered_reads_in_words():
    notification = Notification(delivery="digest")

    with translation.override("ro"):
        assert notification.get_delivery_display() == "În rezumat"
    with translation.override("en"):
        assert notification.get_delivery_display() == "In the digest"
