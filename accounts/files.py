"""Stored uploads (CVs, agreement scans) are checked again each time they are sent: a file
kept from before the checks grew stricter is not handed to a reader as it is."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import render

from .validators import validate_pdf


def stored_pdf(request, field_file, *, filename: str, as_attachment: bool = True, advice: str):
    """The stored PDF if it still passes `validate_pdf`; otherwise a page saying why it is
    held back and what to do (`advice`), answered 409 Conflict."""
    handle = field_file.open("rb")
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
