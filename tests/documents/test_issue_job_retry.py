from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from documents import services
from documents.models import Certificate, IssueJob
from notifications.models import Event, Notification
from tests import factories
from tests.documents.test_certificates_jobs import completed_internships


def retry_url(job):
    return reverse("issue_job_retry", args=[job.pk])


@pytest.fixture
def failed_job(staff, period):
    completed_internships(period, 2)
    return IssueJob.objects.create(
        period=period,
        started_by=staff,
        status="failed",
        attempts=5,
        error="connection refused",
        finished_at=timezone.now(),
    )


def test_staff_try_a_failed_job_again_and_it_finishes(
    client, staff, failed_job, django_capture_on_commit_callbacks
):
    other_staff = factories.StaffFactory()
    client.force_login(other_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(failed_job), follow=True)

    failed_job.refresh_from_db()
    assert (failed_job.status, failed_job.done, failed_job.attempts) == ("done", 2, 1)
    assert Certificate.objects.count() == 2
    assert "are being issued again" in response.content.decode()
    event = Event.objects.get(action="certificate_batch_retried")
    assert (event.actor, event.from_status, event.to_status) == (other_staff, "failed", "queued")
    assert Notification.objects.filter(recipient=staff, kind="certificate_batch_retried").exists()
    assert not Notification.objects.filter(recipient=other_staff).exists()


def test_the_starter_is_not_told_of_their_own_retry(staff, failed_job):
    services.retry_issue_job(job=failed_job, by=staff)

    assert not Notification.objects.filter(kind="certificate_batch_retried").exists()


def test_a_job_that_runs_cannot_be_tried_again(client, staff, period):
    job = IssueJob.objects.create(
        period=period, started_by=staff, status="running", heartbeat_at=timezone.now()
    )
    client.force_login(staff)

    response = client.post(retry_url(job), follow=True)

    assert "cannot be tried again" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 0)
    assert not Event.objects.filter(action="certificate_batch_retried").exists()


def test_a_finished_job_cannot_be_tried_again(staff, period):
    job = IssueJob.objects.create(period=period, started_by=staff, status="done")

    with pytest.raises(ServiceError):
        services.retry_issue_job(job=job, by=staff)


def test_a_failed_job_is_not_tried_again_while_another_runs(staff, failed_job):
    IssueJob.objects.create(
        period=failed_job.period, started_by=staff, status="running", heartbeat_at=timezone.now()
    )

    with pytest.raises(ServiceError, match="being issued already"):
        services.retry_issue_job(job=failed_job, by=staff)

    failed_job.refresh_from_db()
    assert failed_job.status == "failed"


def test_a_stalled_job_can_be_tried_again(staff, period, settings):
    job = IssueJob.objects.create(period=period, started_by=staff, status="running")
    IssueJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=2 * settings.ISSUE_JOB_LEASE)
    )

    job = services.retry_issue_job(job=job, by=staff)

    assert job.status == "queued"
    assert not job.is_stalled


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_only_staff_try_again(client, request, role, failed_job):
    client.force_login(request.getfixturevalue(role))

    assert client.post(retry_url(failed_job)).status_code == 403
    failed_job.refresh_from_db()
    assert failed_job.status == "failed"


def test_trying_again_is_a_post(client, staff, failed_job):
    client.force_login(staff)

    assert client.get(retry_url(failed_job)).status_code == 405


def test_an_unknown_job_is_404(client, staff):
    client.force_login(staff)

    assert client.post(reverse("issue_job_retry", args=[999])).status_code == 404


def test_the_page_of_a_failed_job_shows_its_reason_and_the_button(client, staff, failed_job):
    client.force_login(staff)

    content = client.get(reverse("issue_job", args=[failed_job.pk])).content.decode()

    assert "Failed" in content
    assert "connection refused" in content
    assert f'action="{retry_url(failed_job)}"' in content
    assert ">Try again</button>" in content


def test_the_page_of_a_stalled_job_says_its_worker_stopped(client, staff, period, settings):
    job = IssueJob.objects.create(
        period=period, started_by=staff, status="running", total=10, done=3, attempts=1
    )
    IssueJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    client.force_login(staff)

    content = client.get(reverse("issue_job", args=[job.pk])).content.decode()

    assert "3 of 10 certificates issued" in content
    assert "5\xa0minutes ago" in content
    assert "its worker has stopped" in content
    assert ">Try again</button>" in content


def test_the_page_of_a_live_job_has_no_button(client, staff, period):
    job = IssueJob.objects.create(
        period=period, started_by=staff, status="running", heartbeat_at=timezone.now()
    )
    client.force_login(staff)

    content = client.get(reverse("issue_job", args=[job.pk])).content.decode()

    assert "Try again" not in content
    assert "its worker has stopped" not in content
