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


def test_a_deactivated_account_is_notified_of_nothing(student, mailoutbox):
    student.is_active = False
    student.save(update_fields=["is_active"])

    notify([student], "offer_made", placement="Backend", deadline="mâine")

    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_an_account_deactivated_before_its_email_leaves_gets_none(student, mailoutbox):
    notification = Notification.objects.create(recipient=student, kind="offer_made", params={})
    student.is_active = False
    student.save(update_fields=["is_active"])

    email_notification.enqueue(notification.pk)

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_a_long_subject_is_cut_at_a_word_never_inside_a_name():
    from notifications.tasks import subject_of

    text = (
        "Amendment no. 2 to the internship agreement of Radu Ștețco is confirmed by all "
        "three parties and in force."
    )

    subject = subject_of(text)

    assert len(subject) <= 90
    assert subject.endswith("…")
    assert subject[:-1] == text[: len(subject) - 1]
    assert text[len(subject) - 1] == " "  # the cut falls between two words
    assert subject_of("Short enough.") == "Short enough."
