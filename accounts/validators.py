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


def validate_pdf(upload) -> None:
    """A PDF by its content, not its name, and within the size limit."""
    from django.conf import settings

    if upload.size > settings.CV_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.CV_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(_("The file must be a PDF document."), code="not_pdf")
