from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from core.services import ServiceError
from documents import issuing, jobs, services
from documents.models import Certificate, IssueJob, SerialCounter
from notifications.models import Notification
from tests.documents.test_certificates_jobs import completed_internships


def serial_numbers():
    return sorted(
        int(s.rsplit("-", 1)[1]) for s in Certificate.objects.values_list("serial", flat=True)
    )


def long_ago(settings):
    return timezone.now() - timedelta(seconds=2 * settings.ISSUE_JOB_LEASE)


def crash_on_call(number, error):
    """A `store` that fails on its `number`-th call, as a worker dying after the PDF."""
    real = issuing.store
    calls = []

    def store(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            raise error
        return real(*args, **kwargs)

    return mock.patch.object(issuing, "store", store)


def test_a_crash_after_the_pdf_takes_no_serial_and_the_retry_fills_in_without_a_gap(staff, period):
    completed_internships(period, 5)
    job = IssueJob.objects.create(period=period, started_by=staff)

    with crash_on_call(3, RuntimeError("disk on fire")), pytest.raises(RuntimeError):
        issuing.run_issue_job(job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.error) == ("failed", 2, "disk on fire")
    assert SerialCounter.objects.get().last == 2
    assert serial_numbers() == [1, 2]

    services.retry_issue_job(job=job, by=staff)
    job = issuing.run_issue_job(job.pk)

    assert (job.status, job.done, job.total) == ("done", 5, 5)
    assert serial_numbers() == [1, 2, 3, 4, 5]
    assert Certificate.objects.values("internship").distinct().count() == 5


def test_a_serial_taken_meanwhile_is_not_reused_and_none_is_skipped(staff, period):
    first, *_ = completed_internships(period, 3)
    job = IssueJob.objects.create(period=period, started_by=staff)
    real_plan = issuing._plan

    def plan_then_issue_one_by_hand(chunk):
        planned = real_plan(chunk)
        outsider = completed_internships(period, 1)[0]
        services.issue_certificate(internship=outsider, by=staff)
        return planned

    with mock.patch.object(issuing, "_plan", plan_then_issue_one_by_hand):
        job = issuing.run_issue_job(job.pk)

    assert job.done == 3
    assert serial_numbers() == [1, 2, 3, 4]
    assert Certificate.objects.filter(internship=first).count() == 1


def test_a_running_job_whose_worker_is_gone_is_taken_over_and_finished(staff, period, settings):
    completed_internships(period, 4)
    job = IssueJob.objects.create(period=period, started_by=staff)
    with crash_on_call(3, RuntimeError("killed")), pytest.raises(RuntimeError):
        issuing.run_issue_job(job.pk)
    # As a killed worker leaves it: still "running", its heartbeat getting old.
    IssueJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=long_ago(settings))

    job = issuing.run_issue_job(job.pk)

    assert (job.status, job.done, job.total, job.attempts) == ("done", 4, 4, 2)
    assert serial_numbers() == [1, 2, 3, 4]


def test_a_running_job_with_a_live_worker_is_left_to_it(staff, period):
    completed_internships(period, 2)
    job = IssueJob.objects.create(
        period=period, started_by=staff, status="running", heartbeat_at=timezone.now()
    )

    job = issuing.run_issue_job(job.pk)

    assert (job.status, job.done) == ("running", 0)
    assert not Certificate.objects.exists()


def test_a_transient_failure_is_tried_again_later_then_the_job_fails_with_its_reason(
    staff, period, settings
):
    settings.JOB_MAX_ATTEMPTS = 2
    settings.JOB_RETRY_DELAY = 10
    completed_internships(period, 2)
    job = IssueJob.objects.create(period=period, started_by=staff)
    outage = OperationalError("the database system is shutting down")

    with crash_on_call(1, outage):
        job = issuing.run_issue_job(job.pk)
    assert (job.status, job.attempts, job.error) == ("queued", 1, str(outage))
    assert job.retry_at > timezone.now() + timedelta(seconds=9)
    assert issuing.run_issue_job(job.pk).attempts == 1  # not before its time

    IssueJob.objects.filter(pk=job.pk).update(retry_at=timezone.now())
    with crash_on_call(1, outage), pytest.raises(OperationalError):
        issuing.run_issue_job(job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("failed", 2, str(outage))
    assert not Certificate.objects.exists()
    notice = Notification.objects.get(recipient=staff, kind="certificate_batch_failed")
    assert str(outage) in notice.text


def test_a_bug_fails_the_job_at_once(staff, period):
    completed_internships(period, 1)
    job = IssueJob.objects.create(period=period, started_by=staff)

    with crash_on_call(1, ValueError("bad data")), pytest.raises(ValueError):
        issuing.run_issue_job(job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("failed", 1, "bad data")


def test_the_recovery_hands_a_stalled_job_to_a_worker_which_finishes_it(
    staff, period, settings, django_capture_on_commit_callbacks
):
    completed_internships(period, 3)
    job = IssueJob.objects.create(period=period, started_by=staff, status="running", attempts=1)
    IssueJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago(settings))

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_issue_jobs() == 1

    job.refresh_from_db()
    assert (job.status, job.done, job.attempts) == ("done", 3, 2)
    assert serial_numbers() == [1, 2, 3]


def test_the_recovery_leaves_live_and_waiting_jobs_alone(staff, period, settings):
    IssueJob.objects.create(
        period=period, started_by=staff, status="running", heartbeat_at=timezone.now()
    )
    IssueJob.objects.create(
        period=period,
        started_by=staff,
        status="queued",
        heartbeat_at=long_ago(settings),
        retry_at=timezone.now() + timedelta(minutes=5),
    )
    IssueJob.objects.create(period=period, started_by=staff, status="done")

    assert jobs.recover_issue_jobs() == 0


def test_a_batch_whose_task_waits_for_a_free_worker_is_not_stalled(staff, period, settings):
    from django_tasks_db.models import DBTaskResult, get_date_max

    job = IssueJob.objects.create(period=period, started_by=staff, status="queued")
    IssueJob.objects.filter(pk=job.pk).update(created_at=long_ago(settings))
    DBTaskResult.objects.create(
        task_path=jobs.BATCH_TASK,
        args_kwargs={"args": [job.pk], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status="READY",
    )

    assert jobs.recover_issue_jobs() == 0
    assert DBTaskResult.objects.count() == 1


def test_a_job_whose_worker_keeps_dying_ends_as_failed(staff, period, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    job = IssueJob.objects.create(period=period, started_by=staff, status="running", attempts=3)
    IssueJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago(settings))

    assert jobs.recover_issue_jobs() == 0

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "Its worker stopped 3 times before it finished."


def test_issuing_again_takes_up_a_stalled_job_instead_of_refusing(
    staff, period, settings, django_capture_on_commit_callbacks
):
    completed_internships(period, 2)
    job = IssueJob.objects.create(period=period, started_by=staff, status="running")
    IssueJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago(settings))

    with django_capture_on_commit_callbacks(execute=True):
        resumed = services.start_issue_job(period=period, by=staff)

    assert resumed.pk == job.pk
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 2)
    assert IssueJob.objects.count() == 1


def test_issuing_again_still_refuses_while_a_live_job_runs(staff, period):
    IssueJob.objects.create(
        period=period, started_by=staff, status="running", heartbeat_at=timezone.now()
    )

    with pytest.raises(ServiceError, match="being issued already"):
        services.start_issue_job(period=period, by=staff)
