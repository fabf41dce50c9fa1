from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import email_notification


def test_a_notification_is_emailed_once_after_the_commit(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [student],
            "application_rejected",
            url="/student/applications/1/",
            placement="Backend intern",
        )

    notification = Notification.objects.get()
    assert notification.emailed_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [student.email]
    assert "Backend intern" in mailoutbox[0].subject
    assert "/student/applications/1/" in mailoutbox[0].body

    email_notification.enqueue(notification.pk)
    assert len(mailoutbox) == 1


def test_the_text_is_read_in_the_language_of_the_page(student):
    from django.utils import translation

    notify([student], "application_moved", placement="Stagiu", status="shortlisted")
    notification = Notification.objects.get()

    assert notification.text == "Your application to “Stagiu” is now: Shortlisted."
    with translation.override("ro"):
        assert "Stagiu" in notification.text
