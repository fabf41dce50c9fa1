"""What every PDF of the platform shares: fonts that carry Romanian diacritics.

reportlab's built-in Helvetica has no ș or ț, so every document draws with DejaVu Sans
(or the fonts named by PDF_FONT_REGULAR and PDF_FONT_BOLD). A system check reports a
missing font file at start-up instead of a broken PDF later.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

REGULAR = "PracticaSans"
BOLD = "PracticaSans-Bold"
FONT_HINT = "apt-get install fonts-dejavu-core, or set PDF_FONT_REGULAR and PDF_FONT_BOLD"


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold fonts once; return their names (regular, bold)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, settings.PDF_FONT_REGULAR))
        pdfmetrics.registerFont(TTFont(BOLD, settings.PDF_FONT_BOLD))
        # <b> inside a Paragraph picks the bold face of the family.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


@register()
def check_pdf_fonts(app_configs=None, **kwargs):
    """practica.E001: a font file the PDFs need is missing."""
    errors = []
    for setting in ("PDF_FONT_REGULAR", "PDF_FONT_BOLD"):
        path = getattr(settings, setting, "")
        if not path or not Path(path).is_file():
            errors.append(
                Error(
                    f"The font file for PDFs ({setting} = {path!r}) does not exist.",
                    hint=FONT_HINT,
                    id="practica.E001",
                )
            )
    return errors


def document_date(value, language: str) -> str:
    """A date as a document in `language` prints it, day first: "1 iulie 2026" in Romanian
    (the month in lower case, as Romanian writes it: our catalogue overrides Django's, which
    capitalises the months; see accounts/django_strings.py), "1 July 2026" in English."""
    import datetime

    from django.utils import formats, translation

    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    with translation.override(language):
        return formats.date_format(value, "j F Y")
