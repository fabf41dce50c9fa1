"""What the agreement fragment needs and a template cannot compute: each party's state and
the viewer's own party."""

from django import template
from django.utils.translation import gettext_lazy as _

from internships.rules import party_of

from ..forms.agreements import OverrideForm, PaperAgreementForm

register = template.Library()

PARTIES = (
    ("student", _("The student")),
    ("organisation", _("The host organisation")),
    ("university", _("The university")),
)


@register.simple_tag
def agreement_state(internship, agreement, user) -> dict:
    """Each party's confirmation (who and when), the viewer's party and whether it still
    has to confirm, and the staff forms. `agreement` may be None when none exists yet."""
    parties = []
    for key, label in PARTIES:
        confirmed_at = getattr(agreement, f"{key}_confirmed_at", None) if agreement else None
        if key == "student":
            confirmed_by = internship.student if confirmed_at else None
        else:
            confirmed_by = getattr(agreement, f"{key}_confirmed_by", None) if agreement else None
        parties.append(
            {
                "key": key,
                "label": label,
                "confirmed_at": confirmed_at,
                "confirmed_by": confirmed_by.display_name if confirmed_by else "",
            }
        )
    mine = party_of(user, internship) if user.is_authenticated else None
    mine_confirmed = any(p["confirmed_at"] for p in parties if p["key"] == mine)
    return {
        "parties": parties,
        "my_party": mine,
        "to_confirm": bool(mine and not mine_confirmed and internship.is_running),
        "logbook_open": bool(agreement and agreement.opens_logbook),
        "override_form": OverrideForm(),
        "paper_form": PaperAgreementForm(),
    }
