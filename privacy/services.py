"""Every write of personal-data requests: asking for a copy, building it, letting it expire,
asking for erasure. Erasure itself is in `erasure`, the retention job in `retention`."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import record_event
from core.services import ServiceError

from . import erasure, exports, tasks
from .models import DataExport, ErasureRequest

# A copy of one's data --------------------------------------------------------------------


def _stale_before():
    """An export still "being prepared" after EXPORT_STALE_MINUTES lost its worker for good
    (the recovery of tasks gives up after JOB_MAX_ATTEMPTS): it ends as failed, and the
    person may ask again."""
    return timezone.now() - timedelta(minutes=settings.EXPORT_STALE_MINUTES)


@transaction.atomic
def request_export(*, by) -> DataExport:
    """A person asks for a copy of all their data; one at a time."""
    User.objects.select_for_update().get(pk=by.pk)  # one request at a time per person
    open_ones = DataExport.objects.filter(user=by, status__in=DataExport.OPEN)
    for stale in open_ones.filter(created_at__lt=_stale_before()):
        exports.fail(stale, _("It took too long to prepare."))
    if open_ones.exists():
        raise ServiceError(
            _("A copy of your data is already being prepared. You will be told when it is ready.")
        )
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=by)
    except IntegrityError:
        raise ServiceError(
            _("A copy of your data is already being prepared. You will be told when it is ready.")
        ) from None
    record_event(export, by=by, action="data_export_requested", new=DataExport.Status.QUEUED)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    tasks.build_data_export.enqueue(export_id)


# Erasure ---------------------------------------------------------------------------------


@transaction.atomic
def request_erasure(*, by, email: str) -> ErasureRequest:
    """A person asks for their data to be erased, confirming with their e-mail address.

    One pending request at a time. What stops it (a running internship, an open offer, an
    organisation left without its last administrator) refuses it at once, with the reason,
    in the register; otherwise login stops now, and the erasure runs in the background.
    """
    user = User.objects.select_for_update().get(pk=by.pk)
    if (email or "").strip().casefold() != user.email.casefold():
        raise ServiceError(_("The e-mail address does not match your account's."))
    if ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).exists():
        raise ServiceError(_("Your erasure request is already being carried out."))
    reasons = erasure.blockers(user)
    request = ErasureRequest.objects.create(user=user)
    record_event(request, by=user, action="erasure_requested", new=request.status)
    if reasons:
        erasure.refuse(request, reasons)
        return request
    user.is_active = False
    user.save(update_fields=["is_active"])
    transaction.on_commit(lambda: _enqueue_erasure(request.pk))
    return request


def _enqueue_erasure(request_id: int) -> None:
    tasks.carry_out_erasure.enqueue(request_id)


def retry_erasure(request: ErasureRequest, *, by) -> bool:
    """Staff try a failed erasure again (see `erasure.retry`); it runs after the commit."""
    if not erasure.retry(request, by=by):
        return False
    transaction.on_commit(lambda: _enqueue_erasure(request.pk))
    return True
