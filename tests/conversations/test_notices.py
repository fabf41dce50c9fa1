from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from conversations import services
from notifications.delivery import deliver_due
from notifications.emails import footer
from notifications.models import Notification, NotificationSettings
from tests import factories


def test_the_organisation_s_members_are_told_of_the_student_s_message(
    student, application, company_admin, recruiter, host_tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(application=application, by=student, body="Bună ziua!")

    told = Notification.objects.filter(kind="message_received")
    assert {n.recipient for n in told} == {company_admin, recruiter}
    assert told[0].url == reverse("conversation", args=[application.pk])
    assert told[0].text == "New message from Ioana Bălan about “Backend intern (Django)”."
    assert Email.objects.count() == 2


def test_the_student_is_told_with_the_member_s_name_and_organisation(
    student, application, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(application=application, by=recruiter, body="Joi la 10?")
    deliver_due()

    [mail] = mailoutbox
    assert mail.to == [student.email]
    assert "Maria Rusu (Codează Someș SRL)" in mail.subject
    assert f"/messages/applications/{application.pk}/" in mail.body
    assert "Joi la 10?" not in mail.body


def test_the_email_is_in_the_reader_s_language(
    student, application, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    student.language = "ro"
    student.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(application=application, by=recruiter, body="Joi la 10?")

    with translation.override("ro"):
        assert footer("x", "messages").splitlines()[1] in mailoutbox[0].body


def test_a_person_who_chose_the_app_only_gets_no_email(
    student, application, recruiter, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=student, choices={"messages": "in_app"})

    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(application=application, by=recruiter, body="Joi la 10?")

    assert Notification.objects.get(recipient=student).delivery == "in_app"
    assert not Email.objects.exists()


def test_a_person_who_chose_the_digest_gets_it_in_the_digest(
    student, application, recruiter, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=student, choices={"messages": "digest"})

    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(application=application, by=recruiter, body="Joi la 10?")

    notification = Notification.objects.get(recipient=student)
    assert (notification.delivery, notification.emailed_at) == ("digest", None)


def test_one_notice_per_unread_stretch(
    client, student, application, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for body in ["Unu", "Doi", "Trei"]:
            services.post_message(application=application, by=recruiter, body=body)

    assert Notification.objects.filter(recipient=student).count() == 1
    client.force_login(student)
    client.get(reverse("conversation", args=[application.pk]))
    assert not Notification.objects.filter(recipient=student, read_at=None).exists()

    services.post_message(application=application, by=recruiter, body="Patru")
    assert Notification.objects.filter(recipient=student).count() == 2


def test_an_inactive_member_is_not_told(student, application, company_admin):
    left = factories.MembershipFactory(organisation=application.placement.organisation).user
    left.is_active = False
    left.save(update_fields=["is_active"])

    services.post_message(application=application, by=student, body="Bună ziua!")

    assert set(Notification.objects.values_list("recipient", flat=True)) == {company_admin.pk}


def test_the_settings_page_offers_the_messages_group(client, student):
    client.force_login(student)

    response = client.get(reverse("notification_settings"))

    assert "New messages in the conversations about applications." in response.content.decode()
