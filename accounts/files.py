"""Stored uploads (CVs, agreement scans) are checked again each time they are sent: a file
kept from before the checks grew stricter is not handed to a reader as it is, and a file the
storage no longer holds is a page saying so (404), never a server error."""

import logging

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import render

from .validators import validate_pdf

log = logging.getLogger(__name__)


def stored_pdf(request, field_file, *, filename: str, as_attachment: bool = True, advice: str):
    """The stored PDF if it still passes `validate_pdf`; otherwise a page saying why it is
    held back and what to do (`advice`), answered 409 Conflict, or 404 Not Found when the
    file is missing from the storage."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        return file_missing(request, field_file.name, advice=advice)
    try:
        validate_pdf(handle)
    except ValidationError as error:
        handle.close()
        return render(
            request,
            "file_held_back.html",
            {"problem": error.messages[0], "advice": advice},
            status=409,
        )
    return FileResponse(
        handle, content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )


def file_missing(request, name: str, *, advice: str):
    """The page for a stored file the storage no longer holds (404), the operator told."""
    log.error("A stored file is missing: %s", name)
    return render(request, "file_missing.html", {"advice": advice}, status=404)
