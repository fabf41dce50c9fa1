"""Background jobs of personal data (Django Tasks API); they take ids, never instances."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.worker import backoff

from . import erasure, exports, retention


@task()
def build_data_export(export_id: int, attempt: int = 1) -> bool:
    """Build a person's ZIP; running it twice builds it once. A failure is tried again with
    a backoff, JOB_MAX_ATTEMPTS times in all; then (or on a backend that cannot wait) the
    export ends as failed, visibly, and the person may ask again."""
    try:
        return exports.build_export(export_id) is not None
    except Exception as error:
        runner = build_data_export
        if attempt >= settings.JOB_MAX_ATTEMPTS or not runner.get_backend().supports_defer:
            exports.give_up(export_id, error)
            return False
        exports.put_back(export_id, error)
        delay = backoff(attempt, base=settings.JOB_RETRY_DELAY, cap=3600)
        runner.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            export_id, attempt + 1
        )
        return False


@task()
def carry_out_erasure(request_id: int, attempt: int = 1) -> bool:
    """Carry out an erasure request; running it twice erases nothing the second time. A
    failure is tried again with a backoff, JOB_MAX_ATTEMPTS times in all; then the request
    stays pending (login stays off) with its error, shown in the staff's register as
    failed, with a button to try again: never stuck silently."""
    try:
        return erasure.carry_out(request_id) is not None
    except Exception as error:
        runner = carry_out_erasure
        erasure.note_failure(request_id, error)
        if attempt >= settings.JOB_MAX_ATTEMPTS or not runner.get_backend().supports_defer:
            erasure.give_up(request_id, error)
            return False
        delay = backoff(attempt, base=settings.JOB_RETRY_DELAY, cap=3600)
        runner.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            request_id, attempt + 1
        )
        return False


@task()
def apply_retention() -> dict:
    """The daily retention run (old CVs, unused accounts, expired copies); idempotent."""
    return retention.apply_retention()
