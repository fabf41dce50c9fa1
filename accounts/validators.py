"""Validators for Romanian identifiers and uploaded files."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CUI_WEIGHTS = (7, 5, 3, 2, 1, 7, 5, 3, 2)


def normalise_cui(value: str) -> str:
    """'RO 123 456 78' -> '12345678': the fiscal code without prefix or spaces."""
    value = re.sub(r"[\s.\-]", "", value or "").upper()
    return value[2:] if value.startswith("RO") else value


def cui_is_valid(value: str) -> bool:
    """The Romanian CUI/CIF check digit (ANAF's algorithm, key 753217532)."""
    code = normalise_cui(value)
    if not (code.isascii() and code.isdigit()) or not 2 <= len(code) <= 10:
        return False
    body, check = code[:-1].rjust(9, "0"), int(code[-1])
    total = sum(int(d) * w for d, w in zip(body, CUI_WEIGHTS, strict=True))
    expected = (total * 10) % 11
    return check == (0 if expected == 10 else expected)


def validate_cui(value: str) -> None:
    if not cui_is_valid(value):
        raise ValidationError(
            _("This is not a valid Romanian registration code (CUI): check the digits."),
            code="invalid_cui",
        )


# What a CV or a scan must not carry: scripts, actions that run programs, import or submit
# data (an /OpenAction or /AA that only shows a page is fine), attached files, embedded
# media. pypdf decodes names (#4A is J), so a name written in hex is caught too.
DANGEROUS_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
DANGEROUS_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition"}
MAX_PDF_OBJECTS = 50_000


def _carries_active_content(reader) -> bool:
    """Walk every object reachable from the trailer, once each."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen, pending, visited = set(), [reader.trailer], 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True  # too complex to check: refused rather than trusted
        if isinstance(item, DictionaryObject):
            if DANGEROUS_KEYS & set(item.keys()) or item.get("/S") in DANGEROUS_ACTIONS:
                return True
            pending.extend(value for name, value in item.items() if name != "/Parent")
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return False


def validate_pdf(upload) -> None:
    """A PDF by its content, not its name: it parses as a PDF with at least one page, within
    the size limit, and carries no script, action, attached file or embedded media."""
    from django.conf import settings
    from pypdf import PdfReader

    if upload.size > settings.CV_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.CV_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    not_pdf = ValidationError(_("The file must be a PDF document."), code="not_pdf")
    upload.seek(0)
    if b"%PDF-" not in upload.read(1024):
        raise not_pdf
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted or len(reader.pages) < 1:
            raise not_pdf
        active = _carries_active_content(reader)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 (whatever pypdf cannot read is no PDF of ours)
        raise not_pdf from error
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            _(
                "The PDF carries scripts, actions or attached files. Save it again as a plain "
                "PDF (print it to PDF) and upload that."
            ),
            code="active_content",
        )
