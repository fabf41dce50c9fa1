from django_tasks_db.models import DBTaskResult, get_date_max
from playwright.sync_api import expect

from .conftest import assert_accessible, log_in


def test_staff_find_a_task_that_stopped_and_run_it_again(site, page, staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.create(
        task_path="internships.tasks.expire_offers",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status="FAILED",
        traceback="Traceback (most recent call last):\nOperationalError: the database is away",
    )

    log_in(page, site, staff)
    page.get_by_role("link", name="Background jobs").click()
    expect(page.get_by_role("heading", level=1, name="Background jobs")).to_be_visible()
    expect(page.get_by_role("cell", name="OperationalError: the database is away")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Run again Expiring offers").click()

    expect(page.get_by_text("The task is queued again")).to_be_visible()
    expect(page.get_by_role("cell", name="Waiting for a worker")).to_be_visible()
    assert_accessible(page)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
