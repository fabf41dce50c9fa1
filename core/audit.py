"""Every state change leaves a line in the record: who, when, what, from and to; and every
opening of a personal file (a CV, an agreement, a certificate, an export) leaves a line of
who opened what, when.

The records (``notifications.Event`` and ``notifications.Access``) live above some of the
apps that change state or serve files, so they write to them through these hooks; the
notifications app installs the writers when it starts. Without them nothing is changed or
served silently: recording fails loudly.

Both records are append-only: a line is never changed or deleted (see `AppendOnlyError`).
"""

from collections.abc import Callable, Mapping
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import Model

_writer: Callable | None = None
_access_writer: Callable | None = None
NOTE_LIMIT = 2000


class AppendOnlyError(Exception):
    """A line of the record was to be changed or deleted: the record only grows."""


def install(writer: Callable, *, access: Callable | None = None) -> None:
    global _writer, _access_writer
    _writer = writer
    if access is not None:
        _access_writer = access


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


def record_access(subject=None, *, by, kind: str, label: str = "", details: dict | None = None):
    """Write who opened which personal file, when (see ``notifications.services.record_access``):
    `subject` the object the file belongs to (none for a list's export), `kind` one of
    ``notifications.Access.Kind``, `label` a name that is never personal data (a list's
    name, a cohort's period), `details` ids and filter names, never text a person typed."""
    if _access_writer is None:
        raise ImproperlyConfigured("No access writer is installed: add the notifications app.")
    return _access_writer(subject, by=by, kind=kind, label=label, details=details)


def served(response, subject=None, *, request, kind: str):
    """`response`, after recording that `request.user` opened the file of `subject`; only a
    file actually sent (200) is recorded, not a page saying it is missing or held back.

    The line holds the kind of file and the subject, never the file's name: a name may be a
    person's ("CV Jane Doe.pdf"), and the record, which never changes, would keep it after
    the person is erased. The log shows the subject's current name instead."""
    if response.status_code == 200:
        user = request.user if request.user.is_authenticated else None
        record_access(subject, by=user, kind=kind)
    return response


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


def changed_fields(before: Mapping, after: Mapping) -> str:
    """Which fields an edit changed, without their values ("phone, job_title"): for personal
    data (a phone, an address) that the append-only record must not keep."""
    return ", ".join(name for name in after if before.get(name) != after[name])[:NOTE_LIMIT]


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
