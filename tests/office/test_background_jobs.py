"""Staff see the background tasks that wait, run or stopped with an error, and run a failed
one again; nobody else does."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max

from documents.jobs import SCHEDULE
from notifications.models import Event
from notifications.tasks import email_notifications
from office.jobs import TASK_LABELS

URL = reverse("staff_jobs")
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def job(**fields):
    defaults = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "internships.tasks.expire_offers",
        "backend_name": "default",
        "run_after": get_date_max(),
    }
    return DBTaskResult.objects.create(**{**defaults, **fields})


@pytest.fixture
def failed(db, settings):
    settings.TASKS = QUEUE
    return job(
        status="FAILED",
        exception_class_path="django.db.utils.OperationalError",
        traceback="Traceback (most recent call last):\nOperationalError: the database is away",
    )


def retry_url(task):
    return reverse("staff_job_retry", args=[task.pk])


def test_staff_see_each_task_in_words_with_its_error(client, staff, failed):
    job(status="READY", task_path="notifications.tasks.email_notification")
    client.force_login(staff)

    page = client.get(URL).content.decode()

    assert "Expiring offers" in page and "Notification e-mail" in page
    assert "Stopped with an error" in page and "OperationalError: the database is away" in page
    assert "Run again" in page


def test_staff_run_a_failed_task_again_once(client, staff, failed):
    client.force_login(staff)

    response = client.post(retry_url(failed), follow=True)

    assert "The task is queued again" in response.content.decode()
    again = DBTaskResult.objects.exclude(pk=failed.pk).get()
    assert (again.task_path, again.status) == ("internships.tasks.expire_offers", "READY")
    event = Event.objects.get(action="job_retried")
    assert event.actor == staff and str(failed.pk) in event.note

    second = client.post(retry_url(failed), follow=True)

    assert "already run again" in second.content.decode()
    assert DBTaskResult.objects.count() == 2
    assert "Run again" not in client.get(URL).content.decode()


def test_a_task_that_did_not_fail_is_not_run_again(client, staff, db, settings):
    settings.TASKS = QUEUE
    waiting = job(status="READY")
    client.force_login(staff)

    response = client.post(retry_url(waiting), follow=True)

    assert "Only a task that stopped with an error" in response.content.decode()
    assert DBTaskResult.objects.count() == 1


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_forbidden(client, request, role, failed):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.post(retry_url(failed)).status_code == 403
    assert DBTaskResult.objects.count() == 1


def test_retry_needs_post_and_an_unknown_task_is_not_found(client, staff, failed):
    client.force_login(staff)

    assert client.get(retry_url(failed)).status_code == 405
    job_id = "00000000-0000-0000-0000-000000000000"
    assert client.post(reverse("staff_job_retry", args=[job_id])).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_takes_the_same_queries_however_many_tasks(
    client, staff, failed, count, django_assert_max_num_queries
):
    for _ in range(count):
        job(status="FAILED", traceback="ValueError: boom")
    client.force_login(staff)

    with django_assert_max_num_queries(7):
        response = client.get(URL)

    assert response.status_code == 200


def test_every_scheduled_task_and_the_notification_emails_have_a_label():
    paths = [entry.task.module_path for entry in SCHEDULE] + [email_notifications.module_path]

    assert [path for path in paths if path not in TASK_LABELS] == []


def test_the_webhook_tasks_have_a_label():
    from api import tasks

    for job in (tasks.deliver_webhook, tasks.sweep_webhooks):
        assert job.module_path in TASK_LABELS
