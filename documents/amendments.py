"""An amendment's PDF: rendered once in its agreement's language, stored with its SHA-256
(the digest each party confirms), and the same bytes served after that."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from internships.models import Amendment

from .pdf.amendment import render_amendment

log = logging.getLogger(__name__)


def _for_rendering(pk) -> Amendment:
    return (
        Amendment.objects.select_for_update(of=("self",))
        .select_related(
            "proposed_by",
            "agreement__internship__student__student_profile__programme",
            "agreement__internship__organisation",
            "agreement__internship__period",
        )
        .get(pk=pk)
    )


def amendment_pdf(amendment) -> bytes:
    """The amendment's PDF. The first call renders and stores it with its SHA-256 (the row
    locked, so two first readers do not make two different files); later calls read it."""
    if not amendment.pdf:
        with transaction.atomic():
            locked = _for_rendering(amendment.pk)
            if not locked.pdf:
                with translation.override(locked.language):
                    content = render_amendment(locked)
                locked.pdf.save(f"amendment-{locked.number}.pdf", ContentFile(content), save=False)
                locked.sha256 = hashlib.sha256(content).hexdigest()
                locked.save(update_fields=["pdf", "sha256"])
            amendment.pdf, amendment.sha256 = locked.pdf, locked.sha256
    with amendment.pdf.open("rb") as handle:
        return handle.read()


def render_when_proposed(sender, amendment, **kwargs) -> None:
    """internships.signals.amendment_proposed: have the PDF (and its digest) ready for the
    parties. A failure here is logged; the PDF is then rendered when first opened."""
    try:
        amendment_pdf(amendment)
    except Exception:
        log.exception("The PDF of amendment %s could not be rendered", amendment.pk)
