"""The daily run: queued once a day at REMINDERS_HOUR by whichever scheduler gets there
first, and the commands for running it by hand."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from documents import jobs
from internships.models import Placement
from notifications.models import Event, Notification
from reminders.apps import start_of_reminder_day
from reminders.models import Reminder
from tests import factories

BUCHAREST = ZoneInfo("Europe/Bucharest")
TODAY = timezone.localdate()


def at(hour, minute=0, day=10):
    return datetime(2027, 3, day, hour, minute, tzinfo=BUCHAREST)


class FakeTask:
    def __init__(self, calls):
        self.calls = calls

    def enqueue(self):
        self.calls.append("reminders")


def test_the_reminders_day_starts_at_the_reminders_hour(settings):
    settings.REMINDERS_HOUR = 8

    assert start_of_reminder_day(at(7, 59)) == at(8, day=9)
    assert start_of_reminder_day(at(8)) == at(8)
    assert start_of_reminder_day(at(23)) == at(8)


def test_by_default_the_reminders_run_before_the_days_digest(settings):
    assert settings.REMINDERS_HOUR < settings.DIGEST_HOUR


@pytest.mark.django_db
def test_the_daily_run_is_queued_once_a_day_at_its_hour(settings):
    settings.REMINDERS_HOUR = 8
    calls = []
    plan = [jobs.Scheduled("send_reminders", FakeTask(calls), start_of_reminder_day)]

    assert jobs.run_due(at(7, 30), plan) == ["send_reminders"]  # first ever: catch up
    assert jobs.run_due(at(7, 55), plan) == []
    assert jobs.run_due(at(8, 0), plan) == ["send_reminders"]
    assert jobs.run_due(at(8, 5), plan) == []  # a second scheduler, or the next tick
    assert jobs.run_due(at(7, 59, day=11), plan) == []
    assert jobs.run_due(at(8, 1, day=11), plan) == ["send_reminders"]
    assert len(calls) == 3


@pytest.mark.django_db
def test_the_scheduled_task_sends_the_days_reminders(internship):
    entry = next(e for e in jobs.SCHEDULE if e.name == "send_reminders")

    jobs.run_due(timezone.now(), [entry])  # the immediate backend runs it at once

    assert Reminder.objects.filter(rule="logbook_silent", sent_on=TODAY).exists()


@pytest.mark.django_db
def test_the_command_sends_once_and_reports(internship):
    first, second = StringIO(), StringIO()

    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)

    assert "logbook_silent: 1 sent" in first.getvalue()
    assert "0 reminders sent" in second.getvalue()
    assert Reminder.objects.filter(rule="logbook_silent").count() == 1


@pytest.mark.django_db
def test_the_dry_run_sends_nothing(internship):
    out = StringIO()

    call_command("send_reminders", "--dry-run", "--date", TODAY.isoformat(), stdout=out)

    assert "logbook_silent: 1 to send" in out.getvalue()
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_reminders", "--date", "31/12/2027")


@pytest.mark.django_db
def test_the_demo_walks_a_week_and_prints_each_reminder_once(internship, student):
    out, again = StringIO(), StringIO()

    call_command("demo_reminders", stdout=out)
    call_command("demo_reminders", stdout=again)

    lines = [line for line in out.getvalue().splitlines() if "logbook_silent" in line]
    assert len(lines) == 1
    assert lines[0].startswith(str(TODAY - timedelta(days=6)))
    assert student.email in lines[0] and "has had no entry since" in lines[0]
    assert again.getvalue().count("logbook_silent") == 1  # the same week, nothing new
    assert Reminder.objects.filter(rule="logbook_silent").count() == 1


# Closing placements past their deadline ------------------------------------------------


@pytest.mark.django_db
def test_a_placement_past_its_deadline_closes_and_its_organisation_is_told(
    placement, company_admin
):
    Placement.objects.filter(pk=placement.pk).update(deadline=TODAY - timedelta(days=1))
    open_one = factories.PlacementFactory(deadline=TODAY - timedelta(days=1))
    factories.ApplicationFactory(placement=open_one, status="in_review")
    entry = next(e for e in jobs.SCHEDULE if e.name == "close_placements")

    jobs.run_due(timezone.now(), [entry])

    placement.refresh_from_db()
    open_one.refresh_from_db()
    assert placement.status == Placement.Status.CLOSED
    assert open_one.status == Placement.Status.PUBLISHED  # its applicants are still answered
    closed = Event.objects.get(object_id=placement.pk, action="closed")
    assert closed.note_kind == "deadline_passed"
    assert closed.note_text == "Its application deadline passed."
    told = Notification.objects.get(recipient=company_admin)
    assert told.kind == "placement_deadline_passed"
    assert placement.title in told.text


@pytest.mark.django_db
def test_closing_twice_changes_nothing_and_spares_open_placements(placement):
    from internships.services import close_placements_past_deadline

    assert close_placements_past_deadline() == 0
    Placement.objects.filter(pk=placement.pk).update(deadline=TODAY - timedelta(days=1))
    assert close_placements_past_deadline() == 1
    assert close_placements_past_deadline() == 0
