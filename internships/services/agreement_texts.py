"""The articles of the agreement, per language: staff edit them, and every edit is a new
version (agreements made before keep the version they used)."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from notifications.services import record_event

from ..models import AgreementText

LANGUAGES = ("ro", "en")
MARKERS = ("[[object]]", "[[duration]]", "[[schedule]]", "[[mentors]]")


def _normalised(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.strip().splitlines())


@transaction.atomic
def save_agreement_text(*, by, language: str, body: str) -> AgreementText:
    """Staff save the articles of one language as its next version. The text keeps its
    headings (`## `) and the markers where the PDF prints the internship's facts."""
    ensure(by, "internships.moderate")
    if language not in LANGUAGES:
        raise ServiceError(_("Choose Romanian or English."))
    body = _normalised(body)
    if not any(line.startswith("## ") for line in body.splitlines()):
        raise ServiceError(_("The articles need at least one heading: a line starting with “## ”."))
    missing = [marker for marker in MARKERS if marker not in body.splitlines()]
    if missing:
        raise ServiceError(
            _("Keep these markers, each on its own line: %(markers)s.")
            % {"markers": ", ".join(missing)}
        )
    # The last version, locked, so that two editors make two numbered versions.
    latest = (
        AgreementText.objects.select_for_update().filter(language=language).order_by("-version")
    ).first()
    if latest is not None and _normalised(latest.body) == body:
        raise ServiceError(_("Nothing changed: the articles are as in the last version."))
    number = (
        AgreementText.objects.filter(language=language).aggregate(n=Max("version"))["n"] or 0
    ) + 1
    text = AgreementText.objects.create(language=language, version=number, body=body, created_by=by)
    record_event(
        text,
        by=by,
        action="agreement_text_saved",
        note_kind="agreement_text_version",
        note_params={"language": language, "number": number},
    )
    return text
