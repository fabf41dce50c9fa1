"""The university signs an agreement version, or an amendment, once all three parties have
confirmed it: the exact PDF they confirmed (its SHA-256 is on every confirmation), with the
university's PAdES signature added, kept beside the original with its own SHA-256."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from internships.models import AgreementVersion, Amendment, Confirmation
from notifications.services import record_event

from . import signing

logger = logging.getLogger("practica.signing")

PARTIES = len(Confirmation.Party.choices)


class NothingToSign(Exception):
    """The document has no PDF yet, or it is not the PDF the parties confirmed."""


def _confirmed_pdf(document) -> bytes:
    # TODO(#14): read it through documents.agreements.version_pdf(version) once helper B's
    # module is merged; it returns these same stored bytes once the version was rendered.
    if not document.pdf:
        raise NothingToSign(f"{document}: no PDF to sign")
    with document.pdf.open("rb") as file:
        content = file.read()
    if not content:
        raise NothingToSign(f"{document}: the PDF is empty")
    if document.sha256 and hashlib.sha256(content).hexdigest() != document.sha256:
        raise NothingToSign(f"{document}: the stored PDF is not the one confirmed")
    return content


def _sign(document, *, reason: str) -> bytes:
    with translation.override(document.language or "ro"):
        return signing.sign_pdf(
            _confirmed_pdf(document), reason=str(reason), location=signing.location()
        )


def sign_version(version_id: int) -> bool:
    """Sign a fully confirmed version; False when there was nothing to do (signed already,
    not confirmed by all three, signing not configured). Running it twice signs once."""
    if not signing.signing_configured():
        return False
    with transaction.atomic():
        version = (
            AgreementVersion.objects.select_for_update(of=("self",))
            .select_related("agreement__internship")
            .filter(pk=version_id)
            .first()
        )
        if version is None or version.signed_sha256 or not fully_confirmed(version):
            return False
        try:
            signed = _sign(
                version,
                reason=_("Internship agreement, version %(number)s") % {"number": version.number},
            )
        except NothingToSign as reason:
            logger.warning("Agreement version %s not signed: %s", version_id, reason)
            return False
        version.signed_pdf.save(f"v{version.number}-signed.pdf", ContentFile(signed), save=False)
        version.signed_sha256 = hashlib.sha256(signed).hexdigest()
        version.signed_at = timezone.now()
        version.save(update_fields=["signed_pdf", "signed_sha256", "signed_at"])
        # By no one: the university's certificate signs, in the background.
        record_event(
            version.agreement.internship,
            by=None,
            action="agreement_signed",
            note_kind="version",
            note_params={"number": version.number},
        )
    return True


def sign_amendment(amendment_id: int) -> bool:
    """Sign an amendment in force (confirmed by all three); idempotent as sign_version."""
    if not signing.signing_configured():
        return False
    with transaction.atomic():
        amendment = (
            Amendment.objects.select_for_update(of=("self",))
            .select_related("agreement__internship")
            .filter(pk=amendment_id, status=Amendment.Status.CONFIRMED)
            .first()
        )
        if amendment is None or amendment.signed_sha256:
            return False
        try:
            signed = _sign(
                amendment,
                reason=_("Amendment %(number)s to the internship agreement")
                % {"number": amendment.number},
            )
        except NothingToSign as reason:
            logger.warning("Amendment %s not signed: %s", amendment_id, reason)
            return False
        amendment.signed_pdf.save(
            f"amendment-{amendment.number}-signed.pdf", ContentFile(signed), save=False
        )
        amendment.signed_sha256 = hashlib.sha256(signed).hexdigest()
        amendment.save(update_fields=["signed_pdf", "signed_sha256"])
        record_event(
            amendment.agreement.internship,
            by=None,
            action="amendment_signed",
            note_kind="amendment",
            note_params={"number": amendment.number},
        )
    return True


def fully_confirmed(version) -> bool:
    parties = version.confirmations.values("party").distinct().count()
    return parties >= PARTIES


def unsigned_versions():
    """Versions the three parties confirmed that carry no signature yet."""
    return (
        AgreementVersion.objects.filter(signed_sha256="")
        .exclude(pdf="")
        .annotate(parties=Count("confirmations__party", distinct=True))
        .filter(parties__gte=PARTIES)
    )


def unsigned_amendments():
    return Amendment.objects.filter(status=Amendment.Status.CONFIRMED, signed_sha256="").exclude(
        pdf=""
    )


def sign_pending() -> int:
    """Sign every confirmed version and amendment still unsigned: the hourly catch-up of
    signatures whose task failed for good, or that were confirmed before signing was set."""
    if not signing.signing_configured():
        return 0
    signed = 0
    for pk in unsigned_versions().values_list("pk", flat=True)[:500]:
        signed += sign_version(pk)
    for pk in unsigned_amendments().values_list("pk", flat=True)[:500]:
        signed += sign_amendment(pk)
    return signed
