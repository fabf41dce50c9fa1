"""A period lived day by day, from the opening of applications to the certificates, with a
frozen clock: each day the schedule runs as the scheduler would, at midnight, at the
reminders' hour, at the digest's hour, at noon and late at night. Each day the reminders
created are exactly the ones due that day, each once, and each reaches its reader once, in
their language, as they chose: in that morning's digest (the default), in a weekly digest
on their weekday, or as an e-mail of its own.

The people: a student who reads Romanian and one who reads English, their host tutor (who
reads Romanian), the organisation's admin (English), all with the default choices for
reminders (the English student also reads the news of internships in the digest); their
academic supervisor (English), who chose an e-mail at once for reminders; and staff
(English), who chose a weekly digest on Wednesdays. Nobody gets any e-mail twice.
"""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from documents import jobs
from internships.models import Application, Placement
from mentors.models import AcademicResult, LogbookEntry
from notifications.emails import absolute, subject_of
from notifications.models import Notification
from notifications.services import save_choices
from reminders.models import Reminder
from tests import factories

from .helpers import submit_evaluation

BUCHAREST = ZoneInfo("Europe/Bucharest")
OPENING = date(2027, 3, 1)  # a Monday
CERTIFICATES = date(2027, 6, 20)
WEDNESDAY = 2
REMINDERS_HOUR, DIGEST_HOUR = 7, 8  # the defaults: the morning's digest carries its reminders
HOURS = [0, REMINDERS_HOUR, DIGEST_HOUR, 12, 23]
ROMANIAN_MONTHS = {3: "martie", 4: "aprilie", 5: "mai", 6: "iunie"}


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BUCHAREST)


def d(month, day):
    return date(2027, month, day)


@pytest.fixture
def clock():
    with time_machine.travel(at(OPENING, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clock, settings):
    settings.REMINDERS_HOUR = REMINDERS_HOUR
    settings.DIGEST_HOUR = DIGEST_HOUR
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
    save_choices(
        user=supervisor,
        by=supervisor,
        language="en",
        digest="daily",
        digest_weekday=0,
        groups={"reminders": "immediate"},
    )
    save_choices(
        user=staff, by=staff, language="en", digest="weekly", digest_weekday=WEDNESDAY, groups={}
    )
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
    english = interns["en"].student
    save_choices(
        user=english,
        by=english,
        language="en",
        digest="daily",
        digest_weekday=0,
        groups={"internships": "digest"},
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
    """What people do on the given days, just before the day's reminders."""

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
        d(4, 7): [approve_entries],
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
        d(3, 10): {("applications_unanswered", "2027-03-02", p["admin"].pk)},
        d(4, 6): {("entries_waiting", "2027-04-02", tutor)},
        d(4, 8): {("logbook_silent", "2027-04-01", ro)},
        d(4, 9): {("logbook_silent", "2027-04-02", en)},
        d(4, 17): {("logbook_silent", "2027-04-10", ro)},
        # One reminder per internship, both to the same tutor: two rows, one subject each.
        d(4, 24): {("midterm_evaluation", "7d:2027-05-01", tutor)},
        d(4, 30): {("midterm_evaluation", "1d:2027-05-01", tutor)},
        d(5, 2): {("midterm_evaluation", "overdue:2027-05-01", tutor)},
        d(5, 24): {
            ("final_evaluation", "7d:2027-05-31", tutor),
            ("self_evaluation", "7d:2027-05-31", ro),
            ("self_evaluation", "7d:2027-05-31", en),
        },
        d(6, 1): {("self_evaluation", "overdue:2027-05-31", en)},
        d(6, 7): {("result", "7d:2027-06-14", supervisor)},
        d(6, 15): {("result", "overdue:2027-06-14", supervisor)},
    }
    # Submitted on 3 March at 07:00, approved on the 10th: waiting more than 3 days from the 7th.
    for day in (d(3, 7), d(3, 8), d(3, 9)):
        days.setdefault(day, set()).add(("placements_awaiting", day.isoformat(), staff))
    return days


ROWS_PER_DAY = {d(4, 24): 2, d(5, 24): 4, d(6, 7): 2}  # the tutor's and supervisor's two interns


@pytest.mark.django_db
def test_a_period_day_by_day(people, clock, mailoutbox, django_capture_on_commit_callbacks):
    todo, due = actions(people), expected(people)
    english, staff = people["en"].student, people["staff"]
    daily = [people["ro"].student, english, people["tutor"], people["admin"]]
    sent_at = []  # (day, hour, message) of every e-mail, in the order sent
    day = OPENING
    while day <= CERTIFICATES:
        for hour in HOURS:
            clock.move_to(at(day, hour))
            with django_capture_on_commit_callbacks(execute=True):
                if hour == REMINDERS_HOUR:
                    for action in todo.get(day, ()):
                        action()
                jobs.run_due(now=timezone.now())
            sent_at += [(day, hour, message) for message in mailoutbox[len(sent_at) :]]
        todays_mail = [(hour, message) for sent_on, hour, message in sent_at if sent_on == day]

        reminders = Reminder.objects.filter(sent_on=day).select_related("recipient", "notification")
        made = {(r.rule, r.threshold, r.recipient_id) for r in reminders}
        assert made == due.get(day, set()), day
        assert len(reminders) == ROWS_PER_DAY.get(day, len(due.get(day, ()))), day
        news = Notification.objects.filter(
            recipient=english, kind="internship_started", created_at__date=day
        )
        for person in daily:
            listed = [r.notification for r in reminders if r.recipient == person]
            assert_one_digest(person, listed + list(news if person == english else []), todays_mail)
        this_week = Reminder.objects.filter(
            recipient=staff, sent_on__range=(day - timedelta(6), day)
        )
        on_its_weekday = day.weekday() == WEDNESDAY
        listed = [r.notification for r in this_week.select_related("notification")]
        assert_one_digest(staff, listed if on_its_weekday else [], todays_mail)
        for reminder in reminders:
            if reminder.recipient == people["supervisor"]:
                assert_emailed_at_once(reminder, todays_mail)
            elif reminder.recipient.reads == "ro":
                [(_hour, digest)] = digests_to(reminder.recipient, todays_mail)
                assert_the_romanian_date(reminder, digest.body)
        assert not digests_to(people["supervisor"], todays_mail)
        day += timedelta(days=1)

    assert Reminder.objects.count() == sum(
        ROWS_PER_DAY.get(day, len(rows)) for day, rows in due.items()
    )
    assert Placement.objects.filter(status="closed").count() == 2  # past their deadline
    every_mail = Counter((tuple(m.to), m.subject, m.body) for _day, _hour, m in sent_at)
    assert [mail for mail, times in every_mail.items() if times > 1] == []
    subjects = {(day, m.to[0], m.subject) for day, _hour, m in sent_at}
    assert (d(4, 24), people["tutor"].email, "Practica: 2 lucruri vă așteaptă") in subjects
    assert (d(3, 10), staff.email, "Practica: 3 things waiting") in subjects
    assert (d(4, 1), english.email, "Practica: 1 thing waiting") in subjects


def digests_to(person, mail):
    return [(hour, m) for hour, m in mail if m.to == [person.email] and is_digest(m)]


def is_digest(message):
    return message.subject.startswith("Practica: ")  # a notification's: "[Practica] …"


def assert_one_digest(person, notifications, mail):
    """One digest today, at the digest's hour, listing these notifications in the person's
    language, and none of them e-mailed on its own; no digest when there are none."""
    digests = digests_to(person, mail)
    if not notifications:
        assert digests == [], person
        return
    assert len(digests) == 1, (person, notifications)
    [(hour, message)] = digests
    assert hour == DIGEST_HOUR
    notifications = sorted(notifications, key=lambda n: (n.created_at, n.pk))
    with translation.override(person.reads):
        subject, head = digest_in_the_active_language(notifications)
        texts = tuple(notification.text for notification in notifications)
    assert message.subject == subject
    assert message.body.startswith(head + "\n\n-- \n"), message.body
    assert not [m for _hour, m in mail if m.to == [person.email] and m.body.startswith(texts)]


def digest_in_the_active_language(notifications):
    count = len(notifications)
    lines = [
        ngettext(
            "%(count)d thing waiting for you in Practica:",
            "%(count)d things waiting for you in Practica:",
            count,
        )
        % {"count": count},
        "",
    ]
    for notification in notifications:
        lines.append(f"• {notification.text}")
        if notification.url:
            lines.append(f"  {absolute(notification.url)}")
    lines += [
        "",
        gettext("All your notifications: %(url)s") % {"url": absolute(reverse("notifications"))},
    ]
    subject = ngettext(
        "Practica: %(count)d thing waiting", "Practica: %(count)d things waiting", count
    ) % {"count": count}
    return subject, "\n".join(lines)


def assert_emailed_at_once(reminder, mail):
    person = reminder.recipient
    with translation.override(person.reads):
        text = reminder.notification.text
    mails = [m for _hour, m in mail if m.to == [person.email] and m.body.startswith(text)]
    assert len(mails) == 1, (reminder, text)
    assert mails[0].subject == "[Practica] " + subject_of(text)


def assert_the_romanian_date(reminder, body):
    due = reminder.due_on or (
        date.fromisoformat(reminder.threshold) if reminder.threshold[:2] == "20" else None
    )
    if due and reminder.rule != "applications_unanswered":
        # The date is written the Romanian way: "1 mai 2027", "2 aprilie 2027".
        assert f"{due.day} {ROMANIAN_MONTHS[due.month]} {due.year}" in body
