"""Background jobs for staff: what waits, runs or failed in the task queue, and trying a
failed one again. Certificate batches have their own page (documents); this page lists every
task of the database queue (notification e-mails, mail delivery, scheduled commands ...)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from core.permissions import ensure
from core.services import ServiceError
from notifications.models import Event
from notifications.services import record_event

FAILED, READY, RUNNING = "FAILED", "READY", "RUNNING"
OPEN_STATES = (READY, RUNNING, FAILED)
STATE_LABELS = {
    READY: gettext_lazy("Waiting for a worker"),
    RUNNING: gettext_lazy("Running"),
    FAILED: gettext_lazy("Stopped with an error"),
}
TASK_LABELS = {
    "notifications.tasks.email_notification": gettext_lazy("Notification e-mail"),
    "notifications.tasks.email_notifications": gettext_lazy("Notification e-mails"),
    "notifications.tasks.deliver_mail": gettext_lazy("Mail delivery"),
    "notifications.tasks.send_digests": gettext_lazy("Digests"),
    "documents.tasks.issue_period_certificates": gettext_lazy("Certificate batch"),
    "documents.tasks.sign_confirmed_agreements": gettext_lazy("Signing confirmed agreements"),
    "internships.tasks.expire_offers": gettext_lazy("Expiring offers"),
    "internships.tasks.close_placements_past_deadline": gettext_lazy(
        "Closing placements past their deadline"
    ),
    "mentors.tasks.start_due_internships": gettext_lazy("Starting internships"),
    "office.roster.send_roster_invitations": gettext_lazy("Roster invitations"),
    "reminders.tasks.send_daily_reminders": gettext_lazy("Daily reminders"),
    "allocation.phase_tasks.tell_phases_started": gettext_lazy("Allocation rounds: phase notices"),
    "privacy.tasks.build_data_export": gettext_lazy("Copy of a person's data"),
    "privacy.tasks.carry_out_erasure": gettext_lazy("Erasure of a person's data"),
    "privacy.tasks.apply_retention": gettext_lazy("Retention of personal data"),
    "allocation.tasks.run_allocation": gettext_lazy("Allocation run"),
    # The API's tasks, named by their path (office does not import api).
    "api.tasks.deliver_webhook": gettext_lazy("Webhook delivery"),
    "api.tasks.sweep_webhooks": gettext_lazy("Webhook sweep"),
}


OWN_PAGES = {"documents.tasks.issue_period_certificates"}


def uses_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def open_jobs(*, state: str = ""):
    """The tasks not finished well, newest first (one query; the traceback is left out)."""
    jobs = DBTaskResult.objects.filter(status__in=(state,) if state else OPEN_STATES)
    return jobs.defer("return_value").order_by("-enqueued_at")


def job_counts() -> dict[str, int]:
    return DBTaskResult.objects.aggregate(
        **{state.lower(): Count("pk", filter=Q(status=state)) for state in OPEN_STATES}
    )


def describe(job, *, retried=frozenset()) -> None:
    """The words a page shows for a task row (`retried`: ids already run again)."""
    job.task_label = TASK_LABELS.get(job.task_path, job.task_path)
    job.state_label = STATE_LABELS.get(job.status, job.status)
    lines = (job.traceback or "").strip().splitlines()
    job.error = lines[-1] if lines else ""
    # A certificate batch is tried again from its own page: its task alone would find the
    # batch failed and do nothing.
    job.own_page = job.task_path in OWN_PAGES
    job.can_retry = job.status == FAILED and str(job.pk) not in retried and not job.own_page


def retried_ids(jobs) -> set:
    """The failed tasks of `jobs` staff already ran again (one query)."""
    notes = Event.objects.filter(action="job_retried").values_list("note", flat=True)
    wanted = {str(job.pk) for job in jobs}
    return {word for note in notes for word in note.split() if word in wanted}


@transaction.atomic
def retry_job(*, job, by):
    """Staff run a failed task again, with its arguments: a new task in the queue (the
    failed one stays, for the record)."""
    ensure(by, "internships.moderate")
    job = DBTaskResult.objects.select_for_update().get(pk=job.pk)
    if job.status != FAILED:
        raise ServiceError(_("Only a task that stopped with an error can be run again."))
    if job.task_path in OWN_PAGES:
        raise ServiceError(_("Try a certificate batch again from its page."))
    if retried_ids([job]):
        raise ServiceError(_("This task was already run again: see the newer one."))
    arguments = job.args_kwargs or {}
    again = job.task.enqueue(*arguments.get("args", []), **arguments.get("kwargs", {}))
    # The queue's ids are UUIDs: the line goes on the person's record, naming both tasks.
    record_event(
        by, by=by, action="job_retried", old=FAILED, new=READY,
        note=f"{job.task_path} {job.pk} → {again.id}",
    )  # fmt: skip
    return again
