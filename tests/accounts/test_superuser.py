"""A superuser (the first staff account, made with createsuperuser) is staff with the admin:
no shortcut past an object rule, so never acting in another person's name."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from documents import services as certificate_services
from mentors import services
from mentors.models import LogbookEntry
from notifications.models import Event, Notification, NotificationSettings

from ..factories import LogbookEntryFactory


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.org", "a long enough password 1")


def test_a_superuser_cannot_keep_an_interns_logbook(superuser, internship):
    with pytest.raises(PermissionDenied):
        services.add_entry(
            internship=internship,
            by=superuser,
            date=timezone.localdate() - timedelta(days=1),
            hours=4,
            activities="Scris în numele altcuiva",
        )

    assert not LogbookEntry.objects.exists()


def test_a_superuser_cannot_post_to_an_interns_logbook_page(client, superuser, internship):
    client.force_login(superuser)

    response = client.post(
        reverse("logbook", args=[internship.pk]),
        {"date": timezone.localdate() - timedelta(days=1), "hours": "4", "activities": "Nu"},
    )

    assert response.status_code == 403
    assert not LogbookEntry.objects.exists()


def test_a_superuser_cannot_approve_as_the_host_tutor(superuser, internship):
    entry = LogbookEntryFactory(internship=internship, status="submitted")

    with pytest.raises(PermissionDenied):
        services.approve_entries(internship=internship, by=superuser, entry_ids=[entry.pk])

    entry.refresh_from_db()
    assert entry.status == "submitted"


@pytest.mark.parametrize("kind", ["final", "self"])
def test_a_superuser_cannot_evaluate_as_the_tutor_or_the_student(superuser, internship, kind):
    with pytest.raises(PermissionDenied):
        services.save_evaluation(internship=internship, kind=kind, by=superuser, comment="Nu")

    assert not internship.evaluations.exists()


def test_a_superuser_keeps_the_rights_of_staff(superuser, internship):
    internship.status = "completed"
    internship.save(update_fields=["status"])

    assert superuser.has_perm("internships.moderate")
    assert superuser.has_perm("mentors.view_internship", internship)
    assert not superuser.has_perm("mentors.keep_logbook", internship)
    assert not superuser.has_perm("mentors.review_logbook", internship)
    certificate = certificate_services.issue_certificate(internship=internship, by=superuser)
    assert certificate.issued_by == superuser


def test_a_superuser_keeps_the_admin(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:mentors_logbookentry_changelist")).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        "notifications_event",
        "mentors_academicresult",
        "mentors_feedbacknote",
        "internships_mentorassignment",
        "internships_report",
        "notifications_notificationsettings",
        "notifications_digest",
        "notifications_notification",
    ],
)
def test_the_admin_shows_records_of_who_did_what_and_never_changes_them(client, superuser, model):
    client.force_login(superuser)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_a_superuser_cannot_change_another_persons_notification_choices(client, superuser, student):
    choices = NotificationSettings.objects.create(user=student, choices={"offers": "digest"})
    client.force_login(superuser)

    response = client.post(
        reverse("admin:notifications_notificationsettings_change", args=[choices.pk]),
        {"user": student.pk, "digest": "weekly", "digest_weekday": 3, "choices": "{}"},
    )

    assert response.status_code == 403
    choices.refresh_from_db()
    assert (choices.digest, choices.choices) == ("daily", {"offers": "digest"})


def test_a_superuser_cannot_change_or_delete_another_persons_notification(
    client, superuser, student
):
    notification = Notification.objects.create(
        recipient=student, kind="offer_made", params={"placement": "Backend"}
    )
    client.force_login(superuser)

    changed = client.post(
        reverse("admin:notifications_notification_change", args=[notification.pk]),
        {"recipient": student.pk, "kind": "offer_made", "params": "{}", "read_at_0": "2027-03-01"},
    )
    deleted = client.post(
        reverse("admin:notifications_notification_delete", args=[notification.pk]), {"post": "yes"}
    )

    assert (changed.status_code, deleted.status_code) == (403, 403)
    notification.refresh_from_db()
    assert (notification.params, notification.read_at) == ({"placement": "Backend"}, None)


def test_an_event_cannot_be_deleted_through_the_admin(client, superuser, internship):
    event = Event.objects.create(
        content_type_id=1, object_id=internship.pk, actor=superuser, action="started"
    )
    client.force_login(superuser)

    response = client.post(
        reverse("admin:notifications_event_delete", args=[event.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
