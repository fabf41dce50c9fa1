from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from mentors.models import LogbookEntry
from tests.factories import LogbookEntryFactory

TODAY = timezone.localdate


def approve_url(internship):
    return reverse("logbook_approve", args=[internship.pk])


def return_url(entry, internship=None):
    return reverse("logbook_return", args=[(internship or entry.internship).pk, entry.pk])


def monday_of(day):
    return day - timedelta(days=day.weekday())


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def status_of(entry):
    entry.refresh_from_db()
    return entry.status


@pytest.fixture
def week(internship):
    """A week inside the internship: Monday and Tuesday submitted, Wednesday a draft."""
    monday = monday_of(TODAY() - timedelta(days=14))
    return [
        LogbookEntryFactory(internship=internship, date=monday, status="submitted", hours=6),
        LogbookEntryFactory(
            internship=internship, date=monday + timedelta(days=1), status="submitted", hours=7
        ),
        LogbookEntryFactory(
            internship=internship, date=monday + timedelta(days=2), status="draft", hours=5
        ),
    ]


@pytest.fixture
def next_week_entry(internship, week):
    return LogbookEntryFactory(
        internship=internship, date=week[0].date + timedelta(days=7), status="submitted"
    )


# Approving -------------------------------------------------------------------------------


def test_approve_is_post_only(client, host_tutor, internship):
    client.force_login(host_tutor)

    assert client.get(approve_url(internship)).status_code == 405


def test_the_tutor_approves_one_entry(client, host_tutor, internship, week):
    client.force_login(host_tutor)

    response = client.post(approve_url(internship), {"entry_ids": week[0].pk})

    assert response.url == reverse("logbook", args=[internship.pk])
    assert messages_of(response) == ["1 entry approved."]
    assert [status_of(entry) for entry in week] == ["approved", "submitted", "draft"]


def test_the_tutor_approves_a_week_in_one_action(
    client, host_tutor, internship, week, next_week_entry
):
    client.force_login(host_tutor)

    response = client.post(
        approve_url(internship), {"week_of": week[0].date.isoformat()}, follow=True
    )

    assert [status_of(entry) for entry in week] == ["approved", "approved", "draft"]
    assert status_of(next_week_entry) == "submitted"
    content = response.content.decode()
    assert "2 entries approved." in content
    assert "13 of 120 required hours approved" in content


def test_any_day_of_the_week_approves_that_week(client, host_tutor, internship, week):
    client.force_login(host_tutor)

    client.post(approve_url(internship), {"week_of": week[2].date.isoformat()})

    assert [status_of(entry) for entry in week] == ["approved", "approved", "draft"]


@pytest.mark.parametrize(
    "data",
    [{}, {"week_of": "not-a-date"}, {"week_of": "2026-02-30"}, {"entry_ids": "x"}],
)
def test_approving_without_a_valid_choice_changes_nothing(
    client, host_tutor, internship, week, data
):
    client.force_login(host_tutor)

    response = client.post(approve_url(internship), data)

    assert messages_of(response) == ["Choose the entries or the week to approve."]
    assert [status_of(entry) for entry in week] == ["submitted", "submitted", "draft"]


def test_approving_a_draft_changes_nothing(client, host_tutor, internship, week):
    client.force_login(host_tutor)

    response = client.post(approve_url(internship), {"entry_ids": week[2].pk})

    assert messages_of(response) == ["There are no entries awaiting your approval here."]
    assert status_of(week[2]) == "draft"


def test_an_entry_of_another_internship_is_not_approved(
    client, host_tutor, internship, other_internship
):
    foreign = LogbookEntryFactory(internship=other_internship, status="submitted")
    client.force_login(host_tutor)

    response = client.post(approve_url(internship), {"entry_ids": foreign.pk})

    assert messages_of(response) == ["There are no entries awaiting your approval here."]
    assert status_of(foreign) == "submitted"


@pytest.mark.parametrize("person", ["student", "supervisor", "company_admin", "staff"])
def test_only_the_host_tutor_approves(client, internship, week, person, request):
    client.force_login(request.getfixturevalue(person))

    response = client.post(approve_url(internship), {"week_of": week[0].date.isoformat()})

    assert response.status_code == 403
    assert [status_of(entry) for entry in week] == ["submitted", "submitted", "draft"]


def test_a_tutor_guessing_another_internship_gets_404(client, host_tutor, other_internship):
    entry = LogbookEntryFactory(internship=other_internship, status="submitted")
    client.force_login(host_tutor)

    response = client.post(approve_url(other_internship), {"entry_ids": entry.pk})

    assert response.status_code == 404
    assert status_of(entry) == "submitted"


def test_anonymous_approving_is_sent_to_login(client, internship, week):
    response = client.post(approve_url(internship), {"entry_ids": week[0].pk})

    assert response.url.startswith(reverse("account_login"))
    assert status_of(week[0]) == "submitted"


def test_an_approved_entry_is_locked_for_the_intern(client, host_tutor, student, internship, week):
    client.force_login(host_tutor)
    client.post(approve_url(internship), {"entry_ids": week[0].pk})
    client.force_login(student)

    page = client.get(reverse("logbook", args=[internship.pk])).content.decode()

    edit = reverse("logbook_entry_edit", args=[internship.pk, week[0].pk])
    assert edit not in page


# Returning -------------------------------------------------------------------------------


def test_return_is_post_only(client, host_tutor, week):
    client.force_login(host_tutor)

    assert client.get(return_url(week[0])).status_code == 405


def test_the_tutor_returns_an_entry_with_a_comment(client, host_tutor, student, internship, week):
    client.force_login(host_tutor)

    response = client.post(return_url(week[0]), {"comment": "  Scrie ce teste ai adăugat.  "})

    assert len(messages_of(response)) == 1
    assert "was returned to the student" in messages_of(response)[0]
    week[0].refresh_from_db()
    assert (week[0].status, week[0].review_comment) == ("returned", "Scrie ce teste ai adăugat.")
    assert status_of(week[1]) == "submitted"
    client.force_login(student)
    page = client.get(reverse("logbook", args=[internship.pk])).content.decode()
    assert "Scrie ce teste ai adăugat." in page
    assert reverse("logbook_entry_edit", args=[internship.pk, week[0].pk]) in page


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_needs_a_comment(client, host_tutor, week, comment):
    client.force_login(host_tutor)

    response = client.post(return_url(week[0]), {"comment": comment})

    assert messages_of(response) == ["Say what the student should change."]
    assert status_of(week[0]) == "submitted"


def test_only_a_submitted_entry_can_be_returned(client, host_tutor, internship):
    approved = LogbookEntryFactory(internship=internship, status="approved")
    client.force_login(host_tutor)

    response = client.post(return_url(approved), {"comment": "Refă"})

    assert messages_of(response) == ["Only an entry awaiting approval can be returned."]
    assert status_of(approved) == "approved"


@pytest.mark.parametrize("person", ["student", "supervisor", "company_admin", "staff"])
def test_only_the_host_tutor_returns(client, week, person, request):
    client.force_login(request.getfixturevalue(person))

    assert client.post(return_url(week[0]), {"comment": "Refă"}).status_code == 403
    assert status_of(week[0]) == "submitted"


def test_returning_an_entry_of_another_internship_is_404(
    client, host_tutor, internship, other_internship
):
    foreign = LogbookEntryFactory(internship=other_internship, status="submitted")
    client.force_login(host_tutor)

    assert client.post(return_url(foreign, internship), {"comment": "x"}).status_code == 404
    assert client.post(return_url(foreign), {"comment": "x"}).status_code == 404
    assert LogbookEntry.objects.get(pk=foreign.pk).status == "submitted"


def test_anonymous_returning_is_sent_to_login(client, week):
    response = client.post(return_url(week[0]), {"comment": "x"})

    assert response.url.startswith(reverse("account_login"))
    assert status_of(week[0]) == "submitted"
