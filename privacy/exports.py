"""Building a person's copy of their data in the background, and letting it expire."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_event
from core.stored import delete_if_unused
from notifications.services import notify

from . import bundle
from .models import DataExport

log = logging.getLogger("practica.privacy")
EXPORTS_FOLDER = "private/exports"


def fail(export: DataExport, error: str) -> None:
    old = export.move_to(DataExport.Status.FAILED)
    export.error = error
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])
    record_event(export, by=None, action="data_export_failed", old=old, new=export.status)


def _claim(export_id: int) -> DataExport | None:
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status not in DataExport.OPEN:
            return None
        export.move_to(DataExport.Status.RUNNING)
        export.attempts += 1
        export.started_at = timezone.now()
        export.save(update_fields=["status", "attempts", "started_at"])
        return export


def build_export(export_id: int) -> DataExport | None:
    """Build the ZIP of an export asked for. Running it twice builds nothing the second time
    (a ready, failed or expired export is left as it is). A failure (a full disk, the
    storage away) is raised for the task to try again or give up. Returns the export, or
    None when there was nothing to do."""
    export = _claim(export_id)
    if export is None:
        return None
    try:
        with tempfile.TemporaryFile() as scratch:
            bundle.write_bundle(export.user, scratch)
            scratch.seek(0)
            export.file.save("data.zip", File(scratch), save=False)
            export.size = export.file.size
    except Exception:
        log.exception("The data export %s could not be built", export_id)
        # A half-written ZIP (a full disk) is referenced by no row: delete it now; what a
        # dead worker leaves is swept by the daily run (`sweep_orphans`).
        if export.file.name:
            try:
                export.file.storage.delete(export.file.name)
            except OSError:
                log.exception("The half-written copy %s could not be deleted", export.file.name)
        raise
    with transaction.atomic():
        export.move_to(DataExport.Status.READY)
        export.error = ""
        export.finished_at = timezone.now()
        export.expires_at = export.finished_at + timedelta(days=settings.EXPORT_EXPIRY_DAYS)
        export.save(update_fields=["status", "error", "finished_at", "expires_at", "file", "size"])
        record_event(export, by=None, action="data_export_ready", old="running", new="ready")
        notify(
            [export.user],
            "data_export_ready",
            url=reverse("privacy_data"),
            expires=timezone.localdate(export.expires_at).isoformat(),
        )
    return export


def put_back(export_id: int, error: Exception) -> None:
    """A build that failed on a passing error waits in the queue for its next try."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export_id)
        if export.status == DataExport.Status.RUNNING:
            export.move_to(DataExport.Status.QUEUED)
            export.error = str(error)[:500] or type(error).__name__
            export.save(update_fields=["status", "error"])


def give_up(export_id: int, error: Exception) -> None:
    """The last try failed: the export ends as failed, and the person is told to ask again."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export_id)
        if export.status in DataExport.OPEN:
            fail(export, str(error)[:500] or type(error).__name__)
            notify([export.user], "data_export_failed", url=reverse("privacy_data"))


def expire_exports(now=None) -> int:
    """Ready copies past their date are deleted (the row stays, as expired)."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lt=now):
        with transaction.atomic():
            export = DataExport.objects.select_for_update().get(pk=export.pk)
            if export.status != DataExport.Status.READY:
                continue
            name, storage = export.file.name, export.file.storage
            export.move_to(DataExport.Status.EXPIRED)
            export.file = ""
            export.save(update_fields=["status", "file"])
            record_event(export, by=None, action="data_export_expired", old="ready", new="expired")
            transaction.on_commit(lambda s=storage, n=name: delete_if_unused(s, [n]), robust=True)
            count += 1
    return count


def fail_stale(now=None) -> int:
    """Exports still "being prepared" after EXPORT_STALE_MINUTES lost their worker: they end
    as failed, and the person is told to ask again (never "being prepared" forever)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.EXPORT_STALE_MINUTES)
    count = 0
    stale = DataExport.objects.filter(status__in=DataExport.OPEN, created_at__lt=cutoff)
    for export_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            export = DataExport.objects.select_for_update().get(pk=export_id)
            if export.status not in DataExport.OPEN:
                continue
            fail(export, _("It took too long to prepare."))
            notify([export.user], "data_export_failed", url=reverse("privacy_data"))
            count += 1
    return count


def sweep_orphans(now=None) -> int:
    """Delete ZIPs in the exports folder that no export refers to (left by a worker that died
    while writing), if older than EXPORT_STALE_MINUTES (one being written is left alone)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.EXPORT_STALE_MINUTES)
    storage = DataExport._meta.get_field("file").storage
    referenced = set(DataExport.objects.exclude(file="").values_list("file", flat=True))
    count = 0
    try:
        folders = storage.listdir(EXPORTS_FOLDER)[0]
    except (FileNotFoundError, NotImplementedError):
        return 0
    for folder in folders:
        for name in storage.listdir(f"{EXPORTS_FOLDER}/{folder}")[1]:
            stored = f"{EXPORTS_FOLDER}/{folder}/{name}"
            if stored in referenced or storage.get_modified_time(stored) > cutoff:
                continue
            storage.delete(stored)
            count += 1
    return count
