from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from internships.models import Internship
from mentors.models import LogbookEntry
from tests.factories import LogbookEntryFactory, SkillFactory

TODAY = timezone.localdate


def logbook_url(internship):
    return reverse("logbook", args=[internship.pk])


def edit_url(entry, internship=None):
    return reverse("logbook_entry_edit", args=[(internship or entry.internship).pk, entry.pk])


def submit_url(internship):
    return reverse("logbook_submit", args=[internship.pk])


def day(days_ago=1):
    return TODAY() - timedelta(days=days_ago)


def entry_data(**overrides):
    data = {
        "date": day(2).isoformat(),
        "hours": "7.5",
        "activities": "Am învățat să scriu teste; Știință și Țară",
    }
    return {**data, **overrides}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response):
    form = response.context["form"]
    return [error for errors in form.errors.values() for error in errors]


# Adding a day ----------------------------------------------------------------------------


def test_the_intern_adds_a_day_with_skills(client, student, internship):
    django, sql = SkillFactory(name="Django"), SkillFactory(name="SQL")
    client.force_login(student)

    response = client.post(
        logbook_url(internship), entry_data(skills=[django.pk, sql.pk]), follow=True
    )

    entry = LogbookEntry.objects.get()
    assert (entry.date, entry.hours, entry.status) == (day(2), Decimal("7.5"), "draft")
    assert set(entry.skills.all()) == {django, sql}
    content = response.content.decode()
    assert "The day is in your logbook" in content
    assert "Am învățat să scriu teste; Știință și Țară" in content
    assert "Submit 1 entry to my tutor" in content


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Hours must be between 0.5 and 12."),
        ("13", "Hours must be between 0.5 and 12."),
        ("-1", "Hours must be between 0.5 and 12."),
        ("7.25", "Log hours in half hours"),
        ("abc", "Enter the hours as a number"),
    ],
)
def test_hours_outside_half_to_twelve_are_refused_beside_the_field(
    client, student, internship, hours, message
):
    client.force_login(student)

    response = client.post(logbook_url(internship), entry_data(hours=hours))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["hours"])
    assert 'id="id_hours_error"' in response.content.decode()
    assert not LogbookEntry.objects.exists()


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda i: i.starts_on - timedelta(days=1), "The date must fall within the internship"),
        (lambda i: i.ends_on + timedelta(days=1), "The date must fall within the internship"),
        (lambda i: TODAY() + timedelta(days=1), "a day that has not come yet"),
    ],
)
def test_a_date_outside_the_internship_or_in_the_future_is_refused(
    client, student, internship, when, message
):
    client.force_login(student)

    response = client.post(logbook_url(internship), entry_data(date=when(internship).isoformat()))

    assert any(message in error for error in form_errors(response))
    assert message in response.content.decode()
    assert not LogbookEntry.objects.exists()


def test_a_second_entry_passing_twelve_hours_in_a_day_is_refused(client, student, internship):
    LogbookEntryFactory(internship=internship, date=day(2), hours=8)
    client.force_login(student)

    response = client.post(logbook_url(internship), entry_data(hours="4.5"))

    assert any("at most 12 hours can be logged a day" in e for e in form_errors(response))
    assert LogbookEntry.objects.count() == 1


def test_a_second_entry_up_to_twelve_hours_in_a_day_is_accepted(client, student, internship):
    LogbookEntryFactory(internship=internship, date=day(2), hours=8)
    client.force_login(student)

    client.post(logbook_url(internship), entry_data(hours="4"))

    assert LogbookEntry.objects.filter(date=day(2)).count() == 2


@pytest.mark.parametrize("activities", ["", "   "])
def test_empty_activities_are_refused(client, student, internship, activities):
    client.force_login(student)

    response = client.post(logbook_url(internship), entry_data(activities=activities))

    assert form_errors(response)
    assert "Describe what you did that day." in response.content.decode()
    assert not LogbookEntry.objects.exists()


def test_no_entry_once_the_internship_is_completed(client, student, internship):
    Internship.objects.filter(pk=internship.pk).update(status="completed")
    client.force_login(student)

    response = client.post(logbook_url(internship), entry_data())

    assert "The logbook is open while the internship is active" in response.content.decode()
    assert not LogbookEntry.objects.exists()


@pytest.mark.parametrize("person", ["host_tutor", "supervisor", "company_admin", "staff"])
def test_only_the_intern_adds_entries(client, internship, person, request):
    client.force_login(request.getfixturevalue(person))

    response = client.post(logbook_url(internship), entry_data())

    assert response.status_code == 403
    assert not LogbookEntry.objects.exists()


def test_another_student_cannot_add_to_the_logbook(client, other_student, internship):
    client.force_login(other_student)

    assert client.post(logbook_url(internship), entry_data()).status_code == 404
    assert not LogbookEntry.objects.exists()


def test_anonymous_adding_is_sent_to_login(client, internship):
    response = client.post(logbook_url(internship), entry_data())

    assert response.url.startswith(reverse("account_login"))
    assert not LogbookEntry.objects.exists()


# Editing ---------------------------------------------------------------------------------


def test_the_edit_form_is_filled_with_the_entry(client, student, internship):
    skill = SkillFactory(name="Git")
    entry = LogbookEntryFactory(internship=internship, date=day(3), hours="5.5")
    entry.skills.set([skill])
    client.force_login(student)

    response = client.get(edit_url(entry))

    form = response.context["form"]
    assert form.initial["date"] == day(3)
    assert form.initial["hours"] == Decimal("5.5")
    assert form.initial["skills"] == [skill]
    assert "Save the entry" in response.content.decode()


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_the_intern_edits_a_draft_or_returned_entry(client, student, internship, status):
    entry = LogbookEntryFactory(internship=internship, date=day(3), status=status)
    client.force_login(student)

    response = client.post(
        edit_url(entry), entry_data(date=day(4).isoformat(), hours="3", activities="Corectat")
    )

    assert response.status_code == 302
    assert messages_of(response) == ["The entry was saved."]
    entry.refresh_from_db()
    assert (entry.date, entry.hours, entry.activities) == (day(4), Decimal("3"), "Corectat")


def test_editing_may_keep_the_same_day_up_to_twelve_hours(client, student, internship):
    entry = LogbookEntryFactory(internship=internship, date=day(3), hours=8)
    client.force_login(student)

    client.post(edit_url(entry), entry_data(date=day(3).isoformat(), hours="12"))

    entry.refresh_from_db()
    assert entry.hours == Decimal("12")


def test_editing_past_twelve_hours_in_a_day_is_refused(client, student, internship):
    LogbookEntryFactory(internship=internship, date=day(3), hours=6)
    entry = LogbookEntryFactory(internship=internship, date=day(3), hours=4)
    client.force_login(student)

    response = client.post(edit_url(entry), entry_data(date=day(3).isoformat(), hours="7"))

    assert any("at most 12 hours" in error for error in form_errors(response))
    entry.refresh_from_db()
    assert entry.hours == Decimal("4")


@pytest.mark.parametrize(
    ("status", "label"), [("approved", "approved"), ("submitted", "awaiting approval")]
)
def test_an_approved_or_submitted_entry_is_locked(client, student, internship, status, label):
    entry = LogbookEntryFactory(internship=internship, date=day(3), hours=6, status=status)
    client.force_login(student)

    page = client.get(edit_url(entry)).content.decode()
    response = client.post(edit_url(entry), entry_data(hours="2", activities="Altceva"))

    locked = f"This entry is {label}: it can no longer be changed."
    assert locked in page
    assert "Save the entry" not in page
    assert response.status_code == 200
    assert locked in response.content.decode()
    entry.refresh_from_db()
    assert (entry.hours, entry.activities) == (
        Decimal("6"),
        "Am scris teste pentru serviciul de facturare.",
    )


def test_another_students_entry_is_404(client, student, internship, other_internship):
    other_entry = LogbookEntryFactory(internship=other_internship)
    client.force_login(student)

    assert client.get(edit_url(other_entry)).status_code == 404
    assert client.get(edit_url(other_entry, internship=internship)).status_code == 404
    assert client.post(edit_url(other_entry, internship=internship), entry_data()).status_code == (
        404
    )


@pytest.mark.parametrize("person", ["host_tutor", "supervisor", "staff"])
def test_only_the_intern_edits(client, internship, person, request):
    entry = LogbookEntryFactory(internship=internship, hours=6)
    client.force_login(request.getfixturevalue(person))

    assert client.get(edit_url(entry)).status_code == 403
    assert client.post(edit_url(entry), entry_data(hours="1")).status_code == 403
    entry.refresh_from_db()
    assert entry.hours == Decimal("6")


def test_anonymous_editing_is_sent_to_login(client, internship):
    entry = LogbookEntryFactory(internship=internship)

    assert client.get(edit_url(entry)).url.startswith(reverse("account_login"))


# Submitting ------------------------------------------------------------------------------


def test_submit_is_post_only(client, student, internship):
    client.force_login(student)

    assert client.get(submit_url(internship)).status_code == 405


def test_the_intern_submits_drafts_and_returned_entries(client, student, internship):
    draft = LogbookEntryFactory(internship=internship, status="draft")
    returned = LogbookEntryFactory(internship=internship, status="returned")
    approved = LogbookEntryFactory(internship=internship, status="approved")
    client.force_login(student)

    response = client.post(submit_url(internship))

    assert response.url == logbook_url(internship)
    assert messages_of(response) == ["2 entries were sent to your tutor for approval."]
    statuses = dict(LogbookEntry.objects.values_list("pk", "status"))
    assert statuses == {draft.pk: "submitted", returned.pk: "submitted", approved.pk: "approved"}


def test_nothing_to_submit_says_so(client, student, internship):
    LogbookEntryFactory(internship=internship, status="submitted")
    client.force_login(student)

    response = client.post(submit_url(internship))

    assert messages_of(response) == [
        "There is nothing to submit: every entry is already with your tutor."
    ]


@pytest.mark.parametrize("person", ["host_tutor", "supervisor", "company_admin", "staff"])
def test_only_the_intern_submits(client, internship, person, request):
    entry = LogbookEntryFactory(internship=internship, status="draft")
    client.force_login(request.getfixturevalue(person))

    assert client.post(submit_url(internship)).status_code == 403
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_another_student_submitting_gets_404(client, other_student, internship):
    LogbookEntryFactory(internship=internship, status="draft")
    client.force_login(other_student)

    assert client.post(submit_url(internship)).status_code == 404


def test_anonymous_submitting_is_sent_to_login(client, internship):
    assert client.post(submit_url(internship)).url.startswith(reverse("account_login"))
