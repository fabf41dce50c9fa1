"""Every state change leaves a line in the record: who, when, what, from and to.

The record (``notifications.Event``) lives above some of the apps that change state, so
they write to it through this hook; the notifications app installs the writer when it
starts. Without it nothing is changed silently: recording fails loudly.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import Model

_writer: Callable | None = None
NOTE_LIMIT = 2000


def install(writer: Callable) -> None:
    global _writer
    _writer = writer


def record_event(
    subject,
    *,
    by,
    action: str,
    old: str = "",
    new: str = "",
    note: str = "",
    note_kind: str = "",
    note_params: dict | None = None,
):
    """Write one line of the subject's record (see ``notifications.services.record_event``)."""
    if _writer is None:
        raise ImproperlyConfigured("No event writer is installed: add the notifications app.")
    return _writer(
        subject,
        by=by,
        action=action,
        old=old,
        new=new,
        note=note,
        note_kind=note_kind,
        note_params=note_params,
    )


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(str(item) for item in value)) or "—"
    if isinstance(value, Model) and isinstance(getattr(value, "name", None), str):
        # A record by its stored name: str() may follow the reader's language (a programme),
        # and the record must not depend on who was reading when it was written.
        value = value.name
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:79] + "…"


def changes(before: Mapping, after: Mapping) -> str:
    """What an edit changed, field by field: "hours: 4 → 6; date: … → …" (long texts are
    cut, so the record says what changed without copying whole letters into it)."""
    parts = [
        f"{name}: {_shown(before.get(name))} → {_shown(after[name])}"
        for name in after
        if before.get(name) != after[name]
    ]
    return "; ".join(parts)[:NOTE_LIMIT]


def snapshot(obj, fields) -> dict:
    """The current values of a model instance's fields, to compare after an edit (an unset
    relation of a new object reads as empty)."""
    values = {}
    for name in fields:
        try:
            values[name] = getattr(obj, name)
        except ObjectDoesNotExist:
            values[name] = None
    return values
