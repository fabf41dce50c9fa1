"""The notes internships write on the timelines: agreements, offers, mentors, amendments."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.notes import register

from .models import Confirmation
from .notices import _role, moment


def _language(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def _changes(changes) -> str:
    """An amendment's changes in words ("what: before → after; …"); a text for the notes
    written before they were stored as codes."""
    if not isinstance(changes, dict):
        return str(changes)
    from .services.amendments import change_rows

    return "; ".join(
        f"{row['label']}: {row['before']} → {row['after']}" for row in change_rows(changes)
    )


register("version", _("Version %(number)d"))
register("party_version", _("%(party)s, version %(number)d"), party=Confirmation.Party)
register("agreement_text_version", _("%(language)s, version %(number)d"), language=_language)
register(
    "withdrawn_accepted_elsewhere",
    _("Withdrawn automatically: the student accepted another placement."),
)
register(
    "withdrawn_internship_held",
    _("Withdrawn automatically: the student holds an internship in this period."),
)
register("positions_filled", _("All positions are filled."))
register("mentor_assigned", _("%(mentor)s is now the %(role)s."), role=_role)
register("approved_from_proposal", _("Approved from the student's proposal."))
register("recorded_by_office", _("Recorded by the internship office."))
register("closed_by_office", _("The internship office closed the placement."))
register("closed_by_organisation", _("The organisation closed the placement."))
register("deadline_passed", _("Its application deadline passed."))
register(
    "organisation_suspended",
    _("The university suspended this organisation: it takes no interns for now."),
)
register("copied_from", _("Copied from “%(title)s” (%(period)s)."))
register("amendment", _("Amendment no. %(number)d"))
register("amendment_reason", _("Amendment no. %(number)d: %(reason)s"))
register("amendment_party", _("Amendment no. %(number)d: %(party)s"), party=Confirmation.Party)
register("amendment_changes", _("Amendment no. %(number)d: %(changes)s"), changes=_changes)
register("offer_extended", _("The answer is now due by %(deadline)s."), deadline=moment)
