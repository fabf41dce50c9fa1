from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from core.services import ServiceError

from ..models import Event


def record_event(subject, *, by, action: str, old: str = "", new: str = "", note: str = ""):
    """Write one line of the subject's timeline: who, when, from, to and a note."""
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=by,
        action=action,
        from_status=old or "",
        to_status=new or "",
        note=note or "",
    )


def transition(obj, *, moves: dict, to: str, by, action: str, note: str = "", fields=()):
    """Move a workflow object's status along an allowed edge, and record it."""
    old = obj.status
    if to not in moves.get(old, ()):
        raise ServiceError(
            _("This cannot be done now: it is “%(status)s”.") % {"status": obj.get_status_display()}
        )
    obj.status = to
    obj.save(update_fields=["status", "updated_at", *fields])
    record_event(obj, by=by, action=action, old=old, new=to, note=note)
    return obj


__all__ = ["ServiceError", "record_event", "transition"]
