"""A period lived day by day, from the opening of applications to the certificates: each
morning the schedule runs as the scheduler would (at 07:00, before the reminders' hour, at
08:00 and again at 15:00), the clock frozen at that moment, and each day the reminders
created are exactly the ones due that day, each once, each e-mailed in its reader's
language.

The people: a student who reads Romanian and one who reads English, their host tutor (who
reads Romanian), their academic supervisor (English), the organisation's admin and staff.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from documents import jobs
from internships.models import Application, Placement
from mentors.models import AcademicResult, LogbookEntry
from reminders.models import Reminder
from tests import factories

from .helpers import submit_evaluation

BUCHAREST = ZoneInfo("Europe/Bucharest")
OPENING = date(2027, 3, 1)
CERTIFICATES = date(2027, 6, 20)
ROMANIAN_MONTHS = {3: "martie", 4: "aprilie", 5: "mai", 6: "iunie"}


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BUCHAREST)


def d(month, day):
    return date(2027, month, day)


@pytest.fixture
def clock():
    with time_machine.travel(at(OPENING, 6), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clock, settings):
    settings.REMINDERS_HOUR = 8
    settings.RESULTS_DUE_DAYS = 14
    settings.REMINDER_EVALUATION_DAYS = [7, 1]
    period = factories.PeriodFactory(
        name="Spring 2027",
        applications_open_on=OPENING,
        applications_close_on=d(3, 20),
        starts_on=d(4, 1),
        ends_on=d(5, 31),
        certificates_on=CERTIFICATES,
    )
    organisation = factories.OrganisationFactory()
    admin = factories.MembershipFactory(organisation=organisation, user__language="en").user
    tutor = factories.MentorFactory(organisation=organisation, user__language="ro").user
    supervisor = factories.MentorFactory(
        kind="supervisor", organisation=None, user__language="en"
    ).user
    staff = factories.StaffFactory(language="en")
    placement = factories.PlacementFactory(
        organisation=organisation, period=period, deadline=d(3, 20)
    )
    interns = {}
    for language, first_name, last_name in (("ro", "Ana", "Mureșan"), ("en", "John", "Smith")):
        application = factories.ApplicationFactory(placement=placement, status="accepted")
        student = application.student
        student.language, student.first_name, student.last_name = language, first_name, last_name
        student.save(update_fields=["language", "first_name", "last_name"])
        interns[language] = factories.InternshipFactory(
            application=application,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            status="planned",
            host_tutor=tutor,
            academic_supervisor=supervisor,
        )
    return {
        "period": period,
        "organisation": organisation,
        "admin": admin,
        "tutor": tutor,
        "supervisor": supervisor,
        "staff": staff,
        "placement": placement,
        "ro": interns["ro"],
        "en": interns["en"],
    }


def actions(p):
    """What people do, at 07:00 on the given days (before the day's reminders)."""

    def apply():
        p["application"] = factories.ApplicationFactory(placement=p["placement"])

    def submit_placement():
        p["second"] = factories.PlacementFactory(
            organisation=p["organisation"], period=p["period"], status="submitted"
        )

    def approve_placement():
        Placement.objects.filter(pk=p["second"].pk).update(
            status="published", updated_at=timezone.now()
        )

    def reject_application():
        Application.objects.filter(pk=p["application"].pk).update(status="rejected")

    def entry(language, day, status):
        def write():
            LogbookEntry.objects.create(
                internship=p[language],
                date=day,
                hours=6,
                activities="Am lucrat la modulul de rapoarte.",
                status=status,
                submitted_at=timezone.now() if status == "submitted" else None,
            )

        return write

    def approve_entries():
        LogbookEntry.objects.filter(status="submitted").update(status="approved")

    def evaluate(language, kind, by):
        author = p[by] if by == "tutor" else p[language].student
        return lambda: submit_evaluation(p[language], kind, author)

    def record_result():
        AcademicResult.objects.create(
            internship=p["ro"], grade=10, passed=True, credits=5, recorded_by=p["supervisor"]
        )

    return {
        d(3, 2): [apply],
        d(3, 3): [submit_placement],
        d(3, 10): [approve_placement],
        d(3, 12): [reject_application],
        d(4, 2): [entry("en", d(4, 2), "submitted")],
        d(4, 6): [approve_entries],
        d(4, 10): [entry("ro", d(4, 10), "draft")],
        d(4, 27): [evaluate("en", "midterm", "tutor")],
        d(5, 25): [evaluate("ro", "self", "ro")],
        d(5, 29): [evaluate("ro", "final", "tutor"), evaluate("en", "final", "tutor")],
        d(6, 10): [record_result],
    }


def expected(p):
    """(rule, threshold, recipient) due each day; every other day, none."""
    ro, en = p["ro"].student.pk, p["en"].student.pk
    tutor, supervisor, staff = p["tutor"].pk, p["supervisor"].pk, p["staff"].pk
    days = {
        d(3, 9): {("applications_unanswered", "2027-03-02", p["admin"].pk)},
        d(4, 5): {("entries_waiting", "2027-04-02", tutor)},
        d(4, 8): {("logbook_silent", "2027-04-01", ro)},
        d(4, 9): {("logbook_silent", "2027-04-02", en)},
        d(4, 17): {("logbook_silent", "2027-04-10", ro)},
        # One reminder per internship, both to the same tutor: two rows, one subject each.
        d(4, 24): {("midterm_evaluation", "7d", tutor)},
        d(4, 30): {("midterm_evaluation", "1d", tutor)},
        d(5, 2): {("midterm_evaluation", "overdue", tutor)},
        d(5, 24): {
            ("final_evaluation", "7d", tutor),
            ("self_evaluation", "7d", ro),
            ("self_evaluation", "7d", en),
        },
        d(6, 1): {("self_evaluation", "overdue", en)},
        d(6, 7): {("result", "7d", supervisor)},
        d(6, 15): {("result", "overdue", supervisor)},
    }
    for day in (d(3, 6), d(3, 7), d(3, 8), d(3, 9)):
        days.setdefault(day, set()).add(("placements_awaiting", day.isoformat(), staff))
    return days


ROWS_PER_DAY = {d(4, 24): 2, d(5, 24): 4, d(6, 7): 2}  # the tutor's and supervisor's two interns


@pytest.mark.django_db
def test_a_period_day_by_day(people, clock, mailoutbox, django_capture_on_commit_callbacks):
    todo, due = actions(people), expected(people)
    seen_mail = 0
    day = OPENING
    while day <= CERTIFICATES:
        with django_capture_on_commit_callbacks(execute=True):
            clock.move_to(at(day, 7))
            for action in todo.get(day, ()):
                action()
            jobs.run_due(now=timezone.now())
            for moment in (at(day, 8), at(day, 15)):
                clock.move_to(moment)
                jobs.run_due(now=timezone.now())
        sent = Reminder.objects.filter(sent_on=day).select_related("recipient", "notification")
        assert {(r.rule, r.threshold, r.recipient_id) for r in sent} == due.get(day, set()), day
        assert len(sent) == ROWS_PER_DAY.get(day, len(due.get(day, ()))), day
        for reminder in sent:
            assert_emailed_once_in_their_language(reminder, mailoutbox[seen_mail:])
        seen_mail = len(mailoutbox)
        day += timedelta(days=1)

    assert Reminder.objects.count() == sum(
        ROWS_PER_DAY.get(day, len(rows)) for day, rows in due.items()
    )
    assert Placement.objects.filter(status="closed").count() == 2  # past their deadline


def assert_emailed_once_in_their_language(reminder, mailoutbox):
    person = reminder.recipient
    with translation.override(person.reads):
        text = reminder.notification.text
    mails = [m for m in mailoutbox if m.to == [person.email] and m.body.startswith(text)]
    assert len(mails) == 1, (reminder, text)
    due = reminder.due_on or (
        date.fromisoformat(reminder.threshold) if reminder.threshold[:2] == "20" else None
    )
    if person.reads == "ro" and due and reminder.rule != "applications_unanswered":
        # The date is written the Romanian way: "1 mai 2027", "2 aprilie 2027".
        assert f"{due.day} {ROMANIAN_MONTHS[due.month]} {due.year}" in mails[0].body
