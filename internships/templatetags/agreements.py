"""What the agreement fragment needs and a template cannot compute: each party's state (and
which version it confirmed), the viewer's own party, and the forms."""

from django import template
from django.utils.translation import gettext_lazy as _

from internships.rules import party_of

from ..forms.agreements import LanguageForm, OverrideForm, PaperAgreementForm

register = template.Library()

PARTIES = (
    ("student", _("The student")),
    ("organisation", _("The host organisation")),
    ("university", _("The university")),
)


def _last_confirmations(versions) -> dict:
    """Each party's latest confirmation of any version (from the prefetched rows)."""
    latest = {}
    for version in versions:
        for confirmation in version.confirmations.all():
            confirmation.version_number = version.number
            latest[confirmation.party] = confirmation
    return latest


@register.simple_tag
def agreement_state(internship, agreement, user, version=None, versions=()) -> dict:
    """Each party's confirmation (who, when, which version), the viewer's party and whether
    it still has to confirm the current `version`, and the forms. `agreement` may be None
    when none exists yet; `versions` are the agreement's versions with their confirmations
    (internships.queries.agreement_versions)."""
    confirmations = _last_confirmations(versions)
    number = version.number if version else None
    parties = []
    for key, label in PARTIES:
        confirmed_at = getattr(agreement, f"{key}_confirmed_at", None) if agreement else None
        if key == "student":
            confirmed_by = internship.student if confirmed_at else None
        else:
            confirmed_by = getattr(agreement, f"{key}_confirmed_by", None) if agreement else None
        row = confirmations.get(key)
        parties.append(
            {
                "key": key,
                "label": label,
                "confirmed_at": confirmed_at,
                "confirmed_by": confirmed_by.display_name if confirmed_by else "",
                "version": row.version_number if row and confirmed_at else None,
                # A confirmation of an older version: the party is asked again.
                "earlier": row
                if row and not confirmed_at and row.version_number != number
                else None,
            }
        )
    mine = party_of(user, internship) if user.is_authenticated else None
    mine_confirmed = any(p["confirmed_at"] for p in parties if p["key"] == mine)
    anyone_confirmed = any(p["confirmed_at"] for p in parties)
    running = internship.is_running
    return {
        "parties": parties,
        "my_party": mine,
        "version": version,
        "older_versions": [v for v in versions if number is None or v.number != number],
        "to_confirm": bool(mine and not mine_confirmed and running and version and version.sha256),
        "choose_language": bool(mine and running and not anyone_confirmed and agreement),
        "logbook_open": bool(agreement and agreement.opens_logbook),
        "language_form": LanguageForm(
            initial={"language": agreement.language if agreement else "ro"}
        ),
        "override_form": OverrideForm(),
        "paper_form": PaperAgreementForm(),
    }
