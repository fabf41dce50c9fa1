"""Mail waits for the mail server: every e-mail is queued in the database with the action
that sends it, delivered after the commit, tried again with a growing wait while the server
is away, failed for good when it refuses; staff see what is undelivered and send it again."""

import io
import re
import smtplib
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from accounts.models import Invitation
from notifications.delivery import deliver_due, is_permanent
from notifications.models import Event, Notification
from notifications.services import notify
from notifications.tasks import email_notification
from tests import factories

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
MAIL_URL = reverse("staff_mail")


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers every message with `error`."""

    error: Exception = ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        raise self.error


@pytest.fixture
def deliver_through(settings):
    """Point delivery at another backend, as if the mail server changed its mind."""

    def point(backend):
        settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": backend}}

    return point


@pytest.fixture
def smtp_down(settings, deliver_through):
    """The real SMTP backend, aimed at a port where nothing listens: connection refused."""
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    deliver_through(SMTP)


@pytest.fixture
def refusing(deliver_through, monkeypatch):
    def refuse(error):
        monkeypatch.setattr(RefusingBackend, "error", error)
        deliver_through(f"{__name__}.RefusingBackend")

    return refuse


@pytest.fixture(autouse=True)
def _probe_every_round(monkeypatch):
    """The sender probes an absent server at most every few seconds; tests run faster."""
    from notifications import delivery

    monkeypatch.setattr(delivery, "PROBE_EVERY_SECONDS", 0.0)


def come_due():
    """Let the wait before the next attempt pass."""
    Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))


# The outbox


def test_mail_is_queued_with_the_action_and_leaves_after_the_commit_without_its_body(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_mail("Hello", "Body", None, ["ana@example.org"])
            assert Email.objects.get().status == STATUS.queued
            assert mailoutbox == []

    sent = Email.objects.get()
    assert (sent.status, sent.subject, sent.message) == (STATUS.sent, "Hello", "")
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]


def test_an_action_rolled_back_sends_nothing(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send_mail("Hello", "Body", None, ["ana@example.org"])
            raise RuntimeError

    assert not Email.objects.exists()
    assert mailoutbox == []


def test_the_text_is_kept_as_written_with_its_html_and_attachments(db, mailoutbox):
    message = EmailMultiAlternatives(
        "{{ title }} {% debug %}", "Plain {{ x }}", None, ["ana@example.org"]
    )
    message.attach_alternative("<p>{% now 'Y' %}</p>", "text/html")
    message.attach("notes.txt", "Some notes", "text/plain")
    message.send()

    (sent,) = mailoutbox
    assert sent.subject == "{{ title }} {% debug %}"
    assert sent.body == "Plain {{ x }}"
    assert sent.alternatives[0][0] == "<p>{% now 'Y' %}</p>"
    assert sent.attachments[0][0] == "notes.txt"


# The mail server down


def test_an_invitation_succeeds_while_the_mail_server_is_down_and_leaves_when_it_returns(
    client, staff, smtp_down, deliver_through, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff_invitations"),
            {"email": "new.person@example.org", "kind": "supervisor", "first_name": "Ana"},
            follow=True,
        )

    assert response.status_code == 200
    assert "Invitation sent to new.person@example.org." in response.content.decode()
    assert Invitation.objects.filter(email="new.person@example.org").exists()
    email = Email.objects.get()
    assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
    assert email.scheduled_time > timezone.now()
    assert Log.objects.get().exception_type == "ConnectionRefusedError"
    assert mailoutbox == []

    assert deliver_due().sent == 0  # still away: the message keeps its wait
    assert Email.objects.get().scheduled_time > timezone.now()
    deliver_through(LOCMEM)  # the server returns: the next round finds it answering
    assert deliver_due().sent == 1
    assert deliver_due().sent == 0
    assert [m.to for m in mailoutbox] == [["new.person@example.org"]]
    assert re.search(r"/invitations/[\w-]+/", mailoutbox[0].body)


def test_a_password_reset_succeeds_while_the_mail_server_is_down(
    client, student, smtp_down, deliver_through, mailoutbox
):
    response = client.post(reverse("account_reset_password"), {"email": student.email})

    assert response.status_code == 302
    assert Email.objects.get().status == STATUS.requeued

    deliver_through(LOCMEM)
    come_due()
    out = io.StringIO()
    call_command("deliver_mail", stdout=out)
    call_command("deliver_mail", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 sent, 0 to retry, 0 failed",
        "0 sent, 0 to retry, 0 failed",
    ]
    assert [m.to for m in mailoutbox] == [[student.email]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_a_notification_is_kept_and_its_email_queued_once(
    student, smtp_down, deliver_through, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([student], "offer_made", url="/student/", placement="Backend", deadline="mâine")
    notification = Notification.objects.get()
    assert notification.emailed_at is not None
    assert Email.objects.get().status == STATUS.requeued

    email_notification.enqueue(notification.pk)  # the job runs twice
    assert Email.objects.count() == 1

    deliver_through(LOCMEM)
    come_due()
    deliver_due()
    assert [m.to for m in mailoutbox] == [[student.email]]


def test_while_the_server_is_unreachable_a_round_tries_one_message(db, refusing):
    for n in range(3):
        send_mail("Hello", "Body", None, [f"person{n}@example.org"])
    refusing(ConnectionRefusedError(111, "Connection refused"))
    Email.objects.update(status=STATUS.queued)

    result = deliver_due()

    assert (result.sent, result.retried, result.failed) == (0, 1, 0)
    assert Email.objects.filter(status=STATUS.queued).count() == 2


def test_a_message_waiting_for_its_own_failure_keeps_its_wait_when_the_server_answers(
    db, refusing, deliver_through
):
    send_mail("Hello", "Body", None, ["ana@example.org"])
    refusing(smtplib.SMTPRecipientsRefused({"ana@example.org": (450, b"4.2.2 Mailbox full")}))
    Email.objects.update(status=STATUS.queued)
    deliver_due()
    deliver_through(LOCMEM)

    assert deliver_due().sent == 0  # a full mailbox is the message's, not the server's
    assert Email.objects.get().status == STATUS.requeued


def test_mail_given_up_on_in_a_long_outage_leaves_once_the_server_answers(
    db, refusing, deliver_through, mailoutbox, settings
):
    settings.MAIL_RETRIES = 0  # the first failure is already one too many
    send_mail("Hello", "Body", None, ["ana@example.org"])
    refusing(ConnectionRefusedError(111, "Connection refused"))
    Email.objects.update(status=STATUS.queued)
    deliver_due()
    assert Email.objects.get().status == STATUS.failed
    mailoutbox.clear()  # the copy the test's set-up sent before the server went away

    deliver_through(LOCMEM)

    assert deliver_due().sent == 1
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]


def test_the_absent_server_is_probed_at_most_every_few_seconds(db, refusing, monkeypatch):
    from notifications import delivery

    monkeypatch.setattr(delivery, "PROBE_EVERY_SECONDS", 60.0)
    monkeypatch.setattr(delivery, "_last_probe", [float("-inf")])
    probes = []
    monkeypatch.setattr(delivery, "_server_answers", lambda: probes.append(1) or False)
    send_mail("Hello", "Body", None, ["ana@example.org"])
    refusing(ConnectionRefusedError(111, "Connection refused"))
    Email.objects.update(status=STATUS.queued)
    for _ in range(4):
        deliver_due()

    assert len(probes) == 1


# Transient and permanent refusals


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"ana@example.org": (550, b"5.1.1 No such user")}),
        smtplib.SMTPDataError(554, b"5.7.1 Message rejected"),
        smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "no-reply@example.org"),
        ValueError("Invalid address"),
    ],
)
def test_a_refusal_for_good_fails_the_message_at_once(db, refusing, error, settings):
    refusing(error)
    send_mail("Hello", "Body", None, ["ana@example.org"])

    email = Email.objects.get()
    assert (email.status, email.number_of_retries, email.scheduled_time) == (
        STATUS.failed,
        1,
        None,
    )
    assert Log.objects.get().exception_type == type(error).__name__
    come_due()
    assert deliver_due().failed == 0  # never tried again by itself


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPRecipientsRefused({"ana@example.org": (450, b"4.2.0 Mailbox busy")}),
        smtplib.SMTPDataError(451, b"4.3.0 Try again later"),
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),
    ],
)
def test_a_passing_failure_is_tried_again(error):
    assert not is_permanent(error)


def test_the_wait_doubles_and_a_message_failing_too_often_ends_failed(db, refusing, settings):
    settings.MAIL_RETRIES, settings.MAIL_RETRY_DELAY, settings.MAIL_RETRY_MAX_DELAY = 3, 60, 150
    refusing(smtplib.SMTPDataError(451, b"4.3.0 Try again later"))
    send_mail("Hello", "Body", None, ["ana@example.org"])

    waits = []
    for _ in range(3):
        email = Email.objects.get()
        assert email.status == STATUS.requeued
        waits.append(round((email.scheduled_time - email.last_updated).total_seconds()))
        come_due()
        deliver_due()

    assert waits == [60, 120, 150]
    email = Email.objects.get()
    assert (email.status, email.number_of_retries) == (STATUS.failed, 4)
    assert Log.objects.filter(email=email, status=STATUS.failed).count() == 4


# The staff page


@pytest.fixture
def outbox(db, refusing):
    """One message of each state, and one sent."""
    refusing(smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"5.1.1 No such user")}))
    send_mail("Your offer", "Body", None, ["gone@example.org"])
    refusing(ConnectionRefusedError(111, "Connection refused"))
    send_mail("Your interview", "Body", None, ["later@example.org"])
    Email.objects.create(
        to=["waiting@example.org"],
        subject="Your logbook",
        status=STATUS.queued,
        from_email="a@b.ro",
    )
    Email.objects.create(
        to=["sent@example.org"], subject="Already sent", status=STATUS.sent, from_email="a@b.ro"
    )
    return {email.to[0]: email for email in Email.objects.all()}


def test_staff_see_the_undelivered_mail_with_its_attempts_and_last_error(client, staff, outbox):
    client.force_login(staff)

    page = client.get(MAIL_URL).content.decode()

    for address in ("gone@example.org", "later@example.org", "waiting@example.org"):
        assert address in page
    assert "sent@example.org" not in page
    assert "SMTPRecipientsRefused" in page and "No such user" in page
    assert "ConnectionRefusedError" in page
    assert page.count("Send again") == 1


def test_staff_filter_the_failed_mail(client, staff, outbox):
    client.force_login(staff)

    page = client.get(MAIL_URL, {"state": "failed"}).content.decode()

    assert "gone@example.org" in page
    assert "later@example.org" not in page and "waiting@example.org" not in page
    assert client.get(MAIL_URL, {"state": "nonsense"}).status_code == 200


def test_the_mail_page_takes_the_same_queries_however_much_mail(
    client, staff, outbox, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get(MAIL_URL)
    Email.objects.bulk_create(
        Email(to=[f"p{n}@example.org"], subject="S", status=STATUS.failed, from_email="a@b.ro")
        for n in range(30)
    )
    with django_assert_max_num_queries(6):
        response = client.get(MAIL_URL)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "make", [factories.StudentFactory, factories.MembershipFactory, factories.MentorFactory]
)
def test_other_roles_are_forbidden(client, outbox, make):
    made = make()
    client.force_login(getattr(made, "user", made))
    email = outbox["gone@example.org"]

    assert client.get(MAIL_URL).status_code == 403
    assert client.post(reverse("staff_mail_retry", args=[email.pk])).status_code == 403
    assert Email.objects.get(pk=email.pk).status == STATUS.failed


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(MAIL_URL).status_code == 302


def test_staff_send_a_failed_message_again(
    client, staff, outbox, deliver_through, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    email = outbox["gone@example.org"]
    deliver_through(LOCMEM)  # the mailbox exists again

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_mail_retry", args=[email.pk]), follow=True)

    assert "The e-mail is queued again" in response.content.decode()
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert ["gone@example.org"] in [m.to for m in mailoutbox]
    event = Event.objects.get(action="email_retried")
    assert (event.actor, event.from_status, event.to_status) == (staff, "failed", "queued")


def test_only_a_failed_message_can_be_sent_again(client, staff, outbox):
    client.force_login(staff)
    email = outbox["later@example.org"]

    response = client.post(reverse("staff_mail_retry", args=[email.pk]), follow=True)

    assert "Only an e-mail that failed can be sent again." in response.content.decode()
    email.refresh_from_db()
    assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
    assert not Event.objects.filter(action="email_retried").exists()


def test_sent_mail_is_not_found_and_retry_needs_post(client, staff, outbox):
    client.force_login(staff)
    sent = outbox["sent@example.org"]

    assert client.post(reverse("staff_mail_retry", args=[sent.pk])).status_code == 404
    failed = outbox["gone@example.org"]
    assert client.get(reverse("staff_mail_retry", args=[failed.pk])).status_code == 405


def test_the_dashboard_links_to_the_mail_page(client, staff):
    client.force_login(staff)

    assert MAIL_URL in client.get(reverse("staff_home")).content.decode()
