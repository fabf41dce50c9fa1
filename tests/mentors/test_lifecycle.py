from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Internship
from mentors.models import Evaluation
from notifications.models import Event
from tests import factories

ACTIONS = ["internship_start", "internship_complete", "internship_terminate"]


def url(name, internship):
    return reverse(name, args=[internship.pk])


def status_of(internship):
    return Internship.objects.values_list("status", flat=True).get(pk=internship.pk)


def plan(internship):
    Internship.objects.filter(pk=internship.pk).update(status="planned")
    internship.refresh_from_db()
    return internship


def log_hours(internship, total):
    """Approved entries adding up to `total` hours, at most 8 a day."""
    day = 1
    while total > 0:
        hours = min(8, total)
        factories.LogbookEntryFactory(
            internship=internship,
            status="approved",
            hours=hours,
            date=timezone.localdate() - timedelta(days=day),
        )
        total -= hours
        day += 1


def submit_final(internship):
    return Evaluation.objects.create(
        internship=internship,
        kind="final",
        status="submitted",
        submitted_at=timezone.now(),
        author=internship.host_tutor,
    )


# Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_is_sent_to_log_in(client, internship, name):
    response = client.post(url(name, internship), {"reason": "x"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert status_of(internship) == "active"


@pytest.mark.parametrize("name", ACTIONS)
def test_each_action_answers_405_to_get(client, staff, internship, name):
    client.force_login(staff)

    assert client.get(url(name, internship)).status_code == 405


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("role", ["other_student", "other_company_admin"])
def test_outsiders_get_404(client, request, internship, name, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(url(name, internship), {"reason": "x"}).status_code == 404
    assert status_of(internship) == "active"


@pytest.mark.parametrize("name", ACTIONS)
def test_a_mentor_guessing_another_interns_id_gets_404(
    client, supervisor, internship, other_internship, name
):
    client.force_login(supervisor)

    assert client.post(url(name, other_internship), {"reason": "x"}).status_code == 404
    assert status_of(other_internship) == "active"


@pytest.mark.parametrize("name", ["internship_complete", "internship_terminate"])
@pytest.mark.parametrize("role", ["student", "host_tutor", "company_admin", "recruiter"])
def test_only_the_supervisor_or_staff_complete_or_end_it(client, request, internship, name, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(url(name, internship), {"reason": "Motive"}).status_code == 403
    assert status_of(internship) == "active"


@pytest.mark.parametrize("role", ["student", "supervisor", "recruiter"])
def test_those_who_may_not_start_it_get_403(client, request, internship, role):
    plan(internship)
    client.force_login(request.getfixturevalue(role))

    assert client.post(url("internship_start", internship)).status_code == 403
    assert status_of(internship) == "planned"


# Start --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["host_tutor", "company_admin", "staff"])
def test_a_planned_internship_is_started(client, request, internship, role):
    plan(internship)
    client.force_login(request.getfixturevalue(role))

    response = client.post(url("internship_start", internship), follow=True)

    assert status_of(internship) == "active"
    assert response.redirect_chain[-1][0] == internship.get_absolute_url()
    assert "The internship has started: the logbook is open." in response.content.decode()


def test_a_running_internship_cannot_be_started_again(client, host_tutor, internship):
    client.force_login(host_tutor)

    response = client.post(url("internship_start", internship), follow=True)

    assert "This cannot be done now" in response.content.decode()
    assert not Event.objects.filter(action="started").exists()


# Complete -----------------------------------------------------------------------------


def test_completing_before_the_hours_are_met_is_refused(client, supervisor, internship):
    log_hours(internship, 100)
    submit_final(internship)
    client.force_login(supervisor)

    response = client.post(url("internship_complete", internship), follow=True)

    content = response.content.decode()
    assert "have not reached the 120 required" in content
    assert status_of(internship) == "active"


def test_completing_without_the_final_evaluation_is_refused(client, supervisor, internship):
    log_hours(internship, 120)
    Evaluation.objects.create(internship=internship, kind="final", author=internship.host_tutor)
    client.force_login(supervisor)

    response = client.post(url("internship_complete", internship), follow=True)

    assert "The host tutor&#x27;s final evaluation is not in yet." in response.content.decode()
    assert status_of(internship) == "active"


def test_submitted_entries_do_not_count_toward_the_hours(client, staff, internship):
    log_hours(internship, 112)
    factories.LogbookEntryFactory(
        internship=internship, status="submitted", hours=8, date=timezone.localdate()
    )
    submit_final(internship)
    client.force_login(staff)

    client.post(url("internship_complete", internship))

    assert status_of(internship) == "active"


@pytest.mark.parametrize("role", ["supervisor", "staff"])
def test_the_internship_completes_once_hours_and_final_evaluation_are_in(
    client, request, internship, role
):
    log_hours(internship, 120)
    submit_final(internship)
    client.force_login(request.getfixturevalue(role))

    response = client.post(url("internship_complete", internship), follow=True)

    content = response.content.decode()
    assert status_of(internship) == "completed"
    assert "The internship is completed." in content
    assert "Internship completed" in content
    assert "Active → Completed" in content


# Terminate ----------------------------------------------------------------------------


def test_ending_early_needs_a_reason(client, supervisor, internship):
    client.force_login(supervisor)

    response = client.post(url("internship_terminate", internship), {"reason": "   "})

    assert response.status_code == 400
    assert "Give the reason for ending the internship early." in response.content.decode()
    assert status_of(internship) == "active"
    assert not Event.objects.filter(action="terminated").exists()


@pytest.mark.parametrize("role", ["supervisor", "staff"])
def test_the_internship_ends_early_with_its_reason(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        url("internship_terminate", internship),
        {"reason": "Studentul s-a mutat în alt oraș."},
        follow=True,
    )

    content = response.content.decode()
    internship.refresh_from_db()
    assert internship.status == "terminated"
    assert internship.termination_reason == "Studentul s-a mutat în alt oraș."
    assert "The internship has ended early." in content
    assert "Terminated" in content
    assert "Studentul s-a mutat în alt oraș." in content


def test_a_finished_internship_cannot_be_ended_again(client, staff, internship):
    Internship.objects.filter(pk=internship.pk).update(status="completed")
    client.force_login(staff)

    response = client.post(
        url("internship_terminate", internship), {"reason": "Greșeală"}, follow=True
    )

    assert "This cannot be done now" in response.content.decode()
    assert status_of(internship) == "completed"
