"""Stored files that rows share: a file is deleted only when no row refers to it any more.

Seeds point many rows at one file (a student's CV and every application that copied it, the
bench's one CV for 50,000 applications), and a row moved by hand may too, so a service that
lets go of a file asks here instead of deleting it outright. The check looks at every
FileField of every installed model, without naming the apps that hold them (a lower app may
not import a higher one).
"""

import logging

from django.apps import apps
from django.db import models

log = logging.getLogger(__name__)


def file_in_use(name: str, storage) -> bool:
    """Whether any row of any model still holds `name` in a FileField kept in `storage`."""
    if not name:
        return False
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and _same(field.storage, storage):
                if model._default_manager.filter(**{field.attname: name}).exists():
                    return True
    return False


def delete_if_unused(storage, names) -> None:
    """Delete each of `names` that no row refers to; a file that cannot be deleted is left
    (it costs only its room) and logged. Meant for `transaction.on_commit(..., robust=True)`."""
    for name in names:
        if not name or file_in_use(name, storage):
            continue
        try:
            storage.delete(name)
        except OSError as error:
            log.warning("The stored file %s could not be deleted: %s", name, error)


def _same(one, other) -> bool:
    unwrap = lambda storage: getattr(storage, "_wrapped", storage)  # noqa: E731
    return one is other or unwrap(one) is unwrap(other)
