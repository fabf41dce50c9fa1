from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Internship
from tests.factories import LogbookEntryFactory, MentorFactory

TODAY = timezone.localdate


def logbook_url(internship):
    return reverse("logbook", args=[internship.pk])


def monday_of(day):
    return day - timedelta(days=day.weekday())


def test_anonymous_is_sent_to_login(client, internship):
    response = client.get(logbook_url(internship))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_intern_sees_entries_grouped_by_week_with_the_week_total(client, student, internship):
    monday = monday_of(TODAY() - timedelta(days=14))
    LogbookEntryFactory(internship=internship, date=monday, hours=6, activities="Am scris teste")
    LogbookEntryFactory(
        internship=internship, date=monday + timedelta(days=1), hours="2.5", activities="Revizii"
    )
    LogbookEntryFactory(
        internship=internship, date=monday + timedelta(days=7), hours=4, activities="Alta săptămână"
    )
    client.force_login(student)

    response = client.get(logbook_url(internship))

    weeks = response.context["weeks"]
    assert [week["monday"] for week in weeks] == [monday + timedelta(days=7), monday]
    assert [float(week["hours"]) for week in weeks] == [4.0, 8.5]
    assert "8.5 hours this week" in response.content.decode()
    assert "Am scris teste" in response.content.decode()
    assert "Alta săptămână" in response.content.decode()


def test_the_page_shows_status_as_text_and_the_tutors_comment_on_a_returned_entry(
    client, student, internship
):
    LogbookEntryFactory(internship=internship, status="approved", hours=5)
    LogbookEntryFactory(
        internship=internship, status="returned", review_comment="Detaliază ce ai testat."
    )
    client.force_login(student)

    content = client.get(logbook_url(internship)).content.decode()

    assert "Approved" in content
    assert "Returned for changes" in content
    assert "Detaliază ce ai testat." in content


def test_progress_shows_approved_of_required_hours(client, student, internship):
    LogbookEntryFactory(internship=internship, status="approved", hours=8)
    LogbookEntryFactory(internship=internship, status="approved", hours="4.5")
    LogbookEntryFactory(internship=internship, status="submitted", hours=6)
    client.force_login(student)

    content = client.get(logbook_url(internship)).content.decode()

    assert "12.5 of 120 required hours approved" in content
    assert '<progress id="logbook-progress" max="120" value="12.5">' in content
    assert '<label for="logbook-progress">' in content


def test_the_intern_gets_the_entry_form_edit_links_and_the_submit_button(
    client, student, internship
):
    draft = LogbookEntryFactory(internship=internship, status="draft")
    returned = LogbookEntryFactory(internship=internship, status="returned", review_comment="x")
    approved = LogbookEntryFactory(internship=internship, status="approved")
    client.force_login(student)

    content = client.get(logbook_url(internship)).content.decode()

    assert 'type="date"' in content
    assert 'step="0.5"' in content and 'min="0.5"' in content and 'max="12"' in content
    assert 'type="checkbox"' in content or "Skills practised" in content
    assert reverse("logbook_entry_edit", args=[internship.pk, draft.pk]) in content
    assert reverse("logbook_entry_edit", args=[internship.pk, returned.pk]) in content
    assert reverse("logbook_entry_edit", args=[internship.pk, approved.pk]) not in content
    assert "Submit 2 entries to my tutor" in content
    assert reverse("logbook_approve", args=[internship.pk]) not in content


def test_no_submit_button_when_everything_is_with_the_tutor(client, student, internship):
    LogbookEntryFactory(internship=internship, status="submitted")
    client.force_login(student)

    content = client.get(logbook_url(internship)).content.decode()

    assert reverse("logbook_submit", args=[internship.pk]) not in content


def test_the_intern_of_a_completed_internship_can_only_read(client, student, internship):
    Internship.objects.filter(pk=internship.pk).update(status="completed")
    LogbookEntryFactory(internship=internship, status="draft")
    client.force_login(student)

    response = client.get(logbook_url(internship))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'type="date"' not in content
    assert reverse("logbook_submit", args=[internship.pk]) not in content
    assert "The logbook is open while the internship is active" in content


def test_the_host_tutor_gets_approve_return_and_approve_this_week(client, host_tutor, internship):
    entry = LogbookEntryFactory(internship=internship, status="submitted")
    LogbookEntryFactory(internship=internship, status="draft")
    client.force_login(host_tutor)

    content = client.get(logbook_url(internship)).content.decode()

    assert f'name="entry_ids" value="{entry.pk}"' in content
    assert reverse("logbook_return", args=[internship.pk, entry.pk]) in content
    assert "Approve this week" in content
    assert f'name="week_of" value="{monday_of(entry.date).isoformat()}"' in content
    assert 'type="date"' not in content
    assert reverse("logbook_submit", args=[internship.pk]) not in content


@pytest.mark.parametrize("reader", ["supervisor", "company_admin", "recruiter", "staff"])
def test_others_who_see_the_internship_read_without_actions(client, internship, reader, request):
    entry = LogbookEntryFactory(internship=internship, status="submitted", activities="Citit")
    client.force_login(request.getfixturevalue(reader))

    response = client.get(logbook_url(internship))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Citit" in content
    assert 'method="post" action="' + reverse("logbook_approve", args=[internship.pk]) not in (
        content
    )
    assert reverse("logbook_return", args=[internship.pk, entry.pk]) not in content
    assert reverse("logbook_submit", args=[internship.pk]) not in content
    assert 'type="date"' not in content
    assert reverse("logbook_csv", args=[internship.pk]) in content
    assert reverse("logbook_pdf", args=[internship.pk]) in content


@pytest.mark.parametrize("outsider", ["other_student", "other_company_admin"])
def test_outsiders_get_404(client, internship, outsider, request):
    client.force_login(request.getfixturevalue(outsider))

    assert client.get(logbook_url(internship)).status_code == 404


def test_a_mentor_guessing_another_interns_id_gets_404(client, host_tutor, other_internship):
    client.force_login(host_tutor)

    assert client.get(logbook_url(other_internship)).status_code == 404


def test_a_mentor_of_the_same_organisation_not_assigned_gets_404(client, organisation, internship):
    colleague = MentorFactory(organisation=organisation).user
    client.force_login(colleague)

    assert client.get(logbook_url(internship)).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("viewer", ["student", "host_tutor", "staff", "company_admin"])
def test_query_count_does_not_grow_with_entries(
    client, internship, viewer, size, request, django_assert_max_num_queries
):
    for days_ago in range(size):
        LogbookEntryFactory(
            internship=internship,
            date=TODAY() - timedelta(days=1 + days_ago % 28),
            hours="0.5",
            status=("draft", "submitted", "approved", "returned")[days_ago % 4],
            review_comment="Mai mult detaliu",
        ).skills.set([])
    client.force_login(request.getfixturevalue(viewer))

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(logbook_url(internship))

    assert response.status_code == 200
    assert response.context["entry_count"] == size


QUERY_BUDGET = 8
