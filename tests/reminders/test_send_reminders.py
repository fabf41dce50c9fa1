"""Sending: once, in whole batches, in each person's language, at a fixed cost; by e-mail as
each person chose (the digest, unless they chose otherwise)."""

import threading
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import Organisation
from internships.models import Application, Internship, Placement, Proposal
from internships.services.proposals import submit_proposal
from mentors.models import LogbookEntry
from notifications.digests import send_digests
from notifications.models import Notification, NotificationSettings
from reminders import services
from reminders.models import Reminder
from reminders.rules import RULES, Rule
from tests import factories
from tests.internships.test_proposals import new_host_data

from .helpers import days_ago, submit_evaluation, unconfirmed_agreement

TODAY = timezone.localdate()
# One of them the allocation rounds' rule (allocation.reminders): with no round open it
# reads the rounds only, sends nothing and takes no lock.
QUERIES_OF_A_RUN = 92


def silent_interns(count, **kwargs):
    """Active internships whose logbooks have been silent since they began."""
    return factories.InternshipFactory.create_batch(count, **kwargs)


def reminded(internships, channel):
    """Their students chose how reminders reach them (the digest is the default)."""
    for internship in internships:
        NotificationSettings.objects.create(user=internship.student, choices={"reminders": channel})
    return internships


def emailed_at_once(count):
    """Silent interns who chose an e-mail at once for reminders."""
    return reminded(silent_interns(count), "immediate")


@pytest.mark.django_db
def test_with_the_default_choices_a_reminder_waits_for_the_digest(
    mailoutbox, django_capture_on_commit_callbacks
):
    internships = silent_interns(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=TODAY)

    assert mailoutbox == []
    assert set(Notification.objects.values_list("delivery", "emailed_at")) == {("digest", None)}

    with django_capture_on_commit_callbacks(execute=True):
        send_digests(today=TODAY)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(i.student.email for i in internships)
    for message in mailoutbox:
        notification = Notification.objects.get(recipient__email=message.to[0])
        assert message.subject == "Practica: 1 thing waiting"
        assert notification.text in message.body


@pytest.mark.django_db
def test_a_person_who_chose_the_app_only_gets_no_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    (internship,) = reminded(silent_interns(1), "in_app")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(today=TODAY)

    assert mailoutbox == []
    notification = Notification.objects.get(recipient=internship.student)
    assert notification.kind == "reminder_logbook_silent"
    assert (notification.delivery, notification.emailed_at) == ("in_app", None)
    assert Reminder.objects.get().notification == notification


@pytest.mark.django_db
def test_a_second_run_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    emailed_at_once(3)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_reminders(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.send_reminders(today=TODAY)

    assert first.sent == 3
    assert second.sent == 0
    assert Reminder.objects.count() == Notification.objects.count() == 3
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_each_reminder_is_emailed_in_its_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    english, romanian = emailed_at_once(2)
    english.student.language = "en"
    english.student.save()
    romanian.student.language = "ro"
    romanian.student.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=TODAY)

    by_address = {message.to[0]: message for message in mailoutbox}
    for internship in (english, romanian):
        notification = Notification.objects.get(recipient=internship.student)
        with translation.override(internship.student.reads):
            text = notification.text
        assert text in by_address[internship.student.email].body
    month_ro = {1: "ianuarie", 2: "februarie", 3: "martie", 4: "aprilie", 5: "mai", 6: "iunie",
                7: "iulie", 8: "august", 9: "septembrie", 10: "octombrie", 11: "noiembrie",
                12: "decembrie"}  # fmt: skip
    assert month_ro[romanian.starts_on.month] in by_address[romanian.student.email].body
    with translation.override("en"):
        english_day = date_format(english.starts_on, "DATE_FORMAT")
    assert english_day in by_address[english.student.email].body


@pytest.mark.django_db
def test_a_run_killed_after_its_first_batch_is_completed_by_the_next(
    settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMINDER_BATCH_SIZE = 2
    emailed_at_once(5)
    real = services.notify_many
    calls = []

    def dies_on_the_second_batch(entries):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real(entries)

    monkeypatch.setattr(services, "notify_many", dies_on_the_second_batch)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=TODAY)
    assert Reminder.objects.count() == Notification.objects.count() == 2

    monkeypatch.setattr(services, "notify_many", real)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=TODAY)

    assert Reminder.objects.count() == Notification.objects.count() == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        set(Reminder.objects.values_list("recipient__email", flat=True))
    )
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_a_batch_that_another_run_sent_first_is_sent_without_them(monkeypatch):
    silent_interns(3)
    rule = RULES["logbook_silent"]
    unsent, types = services.pending(rule, TODAY)
    services.send_rule(rule, TODAY)  # "the other run", after this one read what was unsent
    Reminder.objects.filter(pk=Reminder.objects.order_by("pk").first().pk).delete()
    Notification.objects.all().delete()
    monkeypatch.setattr(services, "pending", lambda rule, today: (unsent, types))

    report, ids = services.send_rule(rule, TODAY)

    assert report.sent == 1
    assert Reminder.objects.count() == 3
    assert Notification.objects.count() == 1


def two_runs_at_once():
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def one_run():
        try:
            barrier.wait()
            reports.append(services.send_reminders(today=TODAY))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return reports, errors


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(mailoutbox):
    emailed_at_once(4)

    reports, errors = two_runs_at_once()

    assert errors == []
    assert sum(report.sent for report in reports) == 4
    assert Reminder.objects.count() == Notification.objects.count() == 4
    assert len(mailoutbox) == 4


def people_for_every_rule(count, period):
    """`count` people reminded by each rule (one proposal waits, for staff)."""
    organisation = factories.OrganisationFactory()
    placement = factories.PlacementFactory(organisation=organisation, period=period)
    for _ in range(count):
        factories.MembershipFactory(organisation=organisation)
        factories.StaffFactory()
        tutor = factories.MentorFactory(organisation=organisation).user
        supervisor = factories.MentorFactory(kind="supervisor", organisation=None).user
        ending = factories.InternshipFactory(
            starts_on=TODAY - timedelta(days=50),
            ends_on=TODAY + timedelta(days=3),
            host_tutor=tutor,
            academic_supervisor=supervisor,
        )
        LogbookEntry.objects.create(
            internship=ending,
            date=TODAY - timedelta(days=20),
            hours=6,
            activities="x",
            status="submitted",
            submitted_at=days_ago(5),
        )
        finished = factories.InternshipFactory(
            status="completed",
            ends_on=TODAY - timedelta(days=10),
            host_tutor=tutor,
            academic_supervisor=supervisor,
        )
        submit_evaluation(finished, "final", tutor)
        unconfirmed_agreement(factories.InternshipFactory(starts_on=TODAY + timedelta(days=9)))
        factories.ApplicationFactory(placement=placement)
        factories.PlacementFactory(status="submitted")
        factories.OrganisationFactory(status="pending")
    Application.objects.update(created_at=days_ago(10))
    Placement.objects.filter(status="submitted").update(updated_at=days_ago(10))
    Organisation.objects.filter(status="pending").update(created_at=days_ago(10))
    student = factories.StudentFactory(programme=factories.ProgrammeFactory()).user
    submit_proposal(by=student, data=new_host_data(period))
    Proposal.objects.update(created_at=days_ago(10))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_queries_of_a_run_do_not_grow_with_the_people(count, period, django_assert_num_queries):
    people_for_every_rule(count, period)
    Notification.objects.all().delete()
    ContentType.objects.get_for_models(Internship, Placement, Organisation, Proposal)

    # On PostgreSQL each rule's batch also takes the rule's advisory lock.
    locks = len(set(RULES) - {"round_closing"}) if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(QUERIES_OF_A_RUN + locks):
        report = services.send_reminders(today=TODAY)

    # The allocation rounds' rule has no round open in this world (allocation tests it).
    sent = {name: rule.sent for name, rule in report.rules.items() if name != "round_closing"}
    assert all(number >= count for number in sent.values()), sent


@pytest.mark.django_db
def test_a_run_reads_only_what_was_sent_about_todays_subjects(monkeypatch):
    monkeypatch.setattr(services, "SENT_CHUNK", 2)
    silent_interns(5)
    rule = RULES["logbook_silent"]

    with CaptureQueriesContext(connection) as queries:
        unsent, _types = services.pending(rule, TODAY)

    reads = [q["sql"] for q in queries if 'FROM "reminders_reminder"' in q["sql"]]
    assert len(unsent) == 5
    assert len(reads) == 3
    assert all('"object_id" IN' in sql for sql in reads)


@pytest.mark.django_db
def test_a_failing_rule_does_not_stop_the_others(monkeypatch, caplog):
    silent_interns(2)

    def broken(today):
        raise RuntimeError("broken rule")

    rules = {"broken": Rule("broken", "x", "x", "x", broken)}
    monkeypatch.setattr(services, "RULES", {**rules, **RULES})

    with pytest.raises(RuntimeError, match="broken rule"):
        services.send_reminders(today=TODAY)

    assert Reminder.objects.filter(rule="logbook_silent").count() == 2
    assert "Reminders broken failed" in caplog.text
