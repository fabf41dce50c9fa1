"""The agreement's PDFs: each version drawn once from its facts snapshot and stored with its
SHA-256, the digest a party's confirmation names. Downloaded again, a version is the same
bytes; once signed by the university, its signed copy is served instead."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import University
from internships.models import AgreementVersion

from .pdf.agreement import render_agreement

logger = logging.getLogger(__name__)


def _logo() -> bytes | None:
    university = University.current()
    if not university.logo:
        return None
    try:
        with university.logo.open("rb") as stored:
            return stored.read()
    except OSError:  # a logo the storage cannot give back: the agreement without it
        return None


@transaction.atomic
def version_pdf(version: AgreementVersion) -> bytes:
    """The version's PDF: drawn the first time (under a lock on the version, so two readers
    store one file), then the stored bytes for ever."""
    version = (
        AgreementVersion.objects.select_for_update(of=("self",))
        .select_related("text")
        .get(pk=version.pk)
    )
    if not version.pdf:
        content = render_agreement(
            facts=version.facts,
            body=version.text.body if version.text else "",
            number=version.number,
            logo=_logo(),
        )
        version.pdf.save(f"agreement-v{version.number}.pdf", ContentFile(content), save=False)
        version.sha256 = hashlib.sha256(content).hexdigest()
        version.save(update_fields=["pdf", "sha256"])
        return content
    with version.pdf.open("rb") as stored:
        return stored.read()


def served_pdf(version: AgreementVersion) -> bytes:
    """What a download of the version gives: the university's signed copy when there is
    one, else the version's PDF."""
    if version.signed_pdf:
        with version.signed_pdf.open("rb") as stored:
            return stored.read()
    return version_pdf(version)


def draw_when_needed(sender, version, **kwargs) -> None:
    """Receiver of internships' `agreement_version_needs_pdf`. A PDF that cannot be drawn is
    logged and left undrawn (no digest, so no one can confirm it): the internship's page
    still opens and says so, and the next reading tries again."""
    try:
        version_pdf(version)
    except Exception:
        logger.exception("The PDF of agreement version %s could not be drawn", version.pk)
        return
    version.refresh_from_db(fields=["pdf", "sha256"])
