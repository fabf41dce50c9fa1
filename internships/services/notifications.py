from django.utils import timezone

from ..models import Notification


def mark_notifications_read(*, by, ids=None) -> int:
    """A person marks their own unread notifications read (only `ids`, when given)."""
    unread = Notification.objects.filter(recipient=by, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
