"""Every read the personal-data pages need, scoped to the viewer."""

from django.db.models import QuerySet
from django.utils.translation import gettext

from .models import DataExport, ErasureRequest

SHOWN_EXPORTS = 5


def exports_of(user) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user).order_by("-created_at", "-pk")


def ready_export_of(user, pk: int) -> DataExport | None:
    """The person's own copy, while it may still be downloaded (else None: a 404)."""
    return exports_of(user).filter(pk=pk, status=DataExport.Status.READY).first()


def recent_exports_of(user) -> list[DataExport]:
    return list(exports_of(user)[:SHOWN_EXPORTS])


def erasures_of(user) -> list[ErasureRequest]:
    return list(ErasureRequest.objects.filter(user=user).order_by("-requested_at")[:5])


def erasure_register(*, status: str = "") -> QuerySet[ErasureRequest]:
    """Staff's register of erasure requests, newest first, one query a page."""
    requests = ErasureRequest.objects.select_related("user").order_by("-requested_at", "-pk")
    if status in ErasureRequest.Status.values:
        requests = requests.filter(status=status)
    return requests


def describe_kept(requests) -> None:
    """What each request kept and why, in the reader's language (stored as English msgids)."""
    for request in requests:
        request.kept_lines = [
            (gettext(item.get("what", "")), item.get("count", 0), gettext(item.get("why", "")))
            for item in request.kept or []
        ]
