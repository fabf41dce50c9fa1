from datetime import timedelta

import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import StudentCV
from documents import jobs
from internships.models import Application
from notifications.models import Event
from privacy.models import ErasureRequest
from privacy.retention import apply_retention
from tests import factories


def run_retention(django_capture_on_commit_callbacks, when):
    with time_machine.travel(when), django_capture_on_commit_callbacks(execute=True):
        return apply_retention()


def test_the_retention_job_is_scheduled_daily():
    assert [entry.name for entry in jobs.SCHEDULE].count("apply_retention") == 1


def test_cvs_of_applications_that_ended_long_ago_are_removed_and_recent_ones_kept(
    placement, other_placement, settings, django_capture_on_commit_callbacks
):
    old = factories.ApplicationFactory(placement=placement, status="rejected")
    recent = factories.ApplicationFactory(placement=other_placement, status="rejected")
    open_one = factories.ApplicationFactory(placement=other_placement, status="submitted")
    old_name = old.cv.name
    months = settings.CV_RETENTION_MONTHS
    Application.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=31 * months + 1)
    )

    outcome = run_retention(django_capture_on_commit_callbacks, timezone.now())

    assert outcome["cvs_removed"] == 1
    old.refresh_from_db()
    assert old.cv.name == ""
    assert not default_storage.exists(old_name)
    recent.refresh_from_db()
    open_one.refresh_from_db()
    assert recent.cv.name and open_one.cv.name
    assert Event.objects.filter(action="cv_removed").count() == 1


def test_a_cv_file_another_record_still_uses_is_kept(
    student, placement, settings, django_capture_on_commit_callbacks
):
    cv = factories.give_cv(student)
    old = factories.ApplicationFactory(placement=placement, student=student, status="withdrawn")
    Application.objects.filter(pk=old.pk).update(
        cv=cv.file.name,
        updated_at=timezone.now() - timedelta(days=31 * settings.CV_RETENTION_MONTHS + 1),
    )

    run_retention(django_capture_on_commit_callbacks, timezone.now())

    assert Application.objects.get(pk=old.pk).cv.name == ""
    assert StudentCV.objects.get(pk=cv.pk).file.name == cv.file.name
    assert default_storage.exists(cv.file.name)


def test_running_the_job_twice_changes_nothing_the_second_time(
    placement, settings, django_capture_on_commit_callbacks
):
    old = factories.ApplicationFactory(placement=placement, status="rejected")
    Application.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=31 * settings.CV_RETENTION_MONTHS + 1)
    )
    run_retention(django_capture_on_commit_callbacks, timezone.now())
    events = Event.objects.count()

    outcome = run_retention(django_capture_on_commit_callbacks, timezone.now())

    assert set(outcome.values()) == {0}
    assert Event.objects.count() == events


def test_an_unused_account_is_warned_then_closed_and_recorded(
    student, other_student, settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    long_ago = now - timedelta(days=366 * settings.ACCOUNT_INACTIVITY_YEARS + 1)
    type(student).objects.filter(pk=student.pk).update(last_login=long_ago)
    type(student).objects.filter(pk=other_student.pk).update(last_login=now)
    address = student.email

    first = run_retention(django_capture_on_commit_callbacks, now)

    assert first["warned"] == 1 and first["closed"] == 0
    assert any(address in message.to for message in mail.outbox)
    student.refresh_from_db()
    assert student.is_active

    grace = timedelta(days=settings.ACCOUNT_INACTIVITY_WARNING_DAYS + 1)
    second = run_retention(django_capture_on_commit_callbacks, now + grace)

    assert second["closed"] == 1
    student.refresh_from_db()
    assert student.email == f"erased-{student.pk}@erased.invalid"
    request = ErasureRequest.objects.get(user=student)
    assert (request.origin, request.status) == ("inactivity", "done")
    other_student.refresh_from_db()
    assert other_student.is_active

    third = run_retention(django_capture_on_commit_callbacks, now + grace)
    assert third["warned"] == third["closed"] == 0
    assert ErasureRequest.objects.count() == 1


def test_logging_in_after_the_warning_keeps_the_account(
    student, settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    long_ago = now - timedelta(days=366 * settings.ACCOUNT_INACTIVITY_YEARS + 1)
    type(student).objects.filter(pk=student.pk).update(last_login=long_ago)
    run_retention(django_capture_on_commit_callbacks, now)
    type(student).objects.filter(pk=student.pk).update(last_login=now + timedelta(days=1))

    grace = timedelta(days=settings.ACCOUNT_INACTIVITY_WARNING_DAYS + 1)
    outcome = run_retention(django_capture_on_commit_callbacks, now + grace)

    assert outcome["closed"] == 0
    student.refresh_from_db()
    assert student.is_active
