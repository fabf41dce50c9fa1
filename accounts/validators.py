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


# What a CV or a scan must not carry: scripts, actions that run programs, open other files,
# import or submit data (an /OpenAction or /AA that only shows a page is fine), attached
# files, embedded media. pypdf decodes names (#4A is J), so a name written in hex is caught
# too; a value given as a reference to another object is read through it.
DANGEROUS_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EF",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/RichMediaContent",
    "/XFA",
}
DANGEROUS_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/Rendition",
    "/GoToE",
    "/GoToR",
    "/Movie",
    "/Sound",
}
DANGEROUS_TYPES = {"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"}
# Dictionaries and referenced objects a file may hold before it is too complex to check.
MAX_PDF_OBJECTS = 50_000


def _resolved(value):
    return value.get_object() if value is not None else None


def _is_dangerous(dictionary) -> bool:
    if DANGEROUS_KEYS & set(dictionary.keys()):
        return True
    if _resolved(dictionary.get("/S")) in DANGEROUS_ACTIONS:
        return True
    kinds = {_resolved(dictionary.get("/Type")), _resolved(dictionary.get("/Subtype"))}
    return bool(DANGEROUS_TYPES & kinds)


def _carries_active_content(reader) -> bool:
    """Walk every object reachable from the trailer, once each."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen, pending, counted = set(), [reader.trailer], 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            counted += 1
            if counted > MAX_PDF_OBJECTS:
                return True  # too complex to check: refused rather than trusted
            if _is_dangerous(item):
                return True
            pending.extend(value for name, value in item.items() if name != "/Parent")
        elif isinstance(item, ArrayObject):
            # Only what can lead somewhere: numbers (a font's widths) need no visit.
            pending.extend(
                v for v in item if isinstance(v, IndirectObject | DictionaryObject | ArrayObject)
            )
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


PHONE_CHARACTERS = re.compile(r"[0-9+()./\- ]+")


def validate_phone(value: str) -> None:
    """A phone number as people write it: digits with spaces, dots, dashes, brackets and a
    leading +; between 6 and 15 digits (E.164's longest)."""
    digits = sum(character in "0123456789" for character in value)
    if not PHONE_CHARACTERS.fullmatch(value) or not 6 <= digits <= 15 or "+" in value[1:]:
        raise ValidationError(
            _("Enter a phone number: digits, with spaces or dashes, e.g. 0264 123 456."),
            code="invalid_phone",
        )


def validate_logo(upload) -> str:
    """A logo by its content, not its name: a PNG or JPEG image that opens, within the size
    limit (UNIVERSITY_LOGO_MAX_BYTES). Returns its file extension ("png" or "jpg")."""
    from io import BytesIO

    from django.conf import settings

    limit = settings.UNIVERSITY_LOGO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The logo is larger than %(limit)d KB.") % {"limit": limit // 1024},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        extension = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        extension = "jpg"
    else:
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="not_image")
    content = upload.read()
    upload.seek(0)
    try:
        from PIL import Image

        with Image.open(BytesIO(content)) as image:
            image.verify()
    except ImportError:
        from reportlab.lib.utils import ImageReader

        try:
            ImageReader(BytesIO(content)).getSize()
        except Exception as error:  # noqa: BLE001 (whatever cannot be read is no image)
            raise ValidationError(
                _("The logo must be a PNG or JPEG image."), code="not_image"
            ) from error
    except Exception as error:  # noqa: BLE001 (whatever Pillow cannot read is no image)
        raise ValidationError(
            _("The logo must be a PNG or JPEG image."), code="not_image"
        ) from error
    return extension
