"""What the amendments part of the internship page needs: the agreement's amendments with
who confirmed each, and whether the viewer may propose one now."""

from django import template

from .. import queries
from ..models import Amendment

register = template.Library()


@register.simple_tag
def amendments_state(internship, agreement, user) -> dict:
    """The amendments of the agreement, first to last (two queries, whatever their number),
    the one awaiting confirmations, and whether the viewer may propose a new one."""
    amendments = list(queries.amendments_of(internship)) if agreement else []
    pending = next((a for a in amendments if a.status == Amendment.Status.PENDING), None)
    return {
        "amendments": amendments,
        "pending": pending,
        "can_propose": bool(
            agreement
            and agreement.is_confirmed_by_all
            and internship.is_running
            and pending is None
            and user.has_perm("internships.propose_amendment", internship)
        ),
        "may_propose": user.has_perm("internships.propose_amendment", internship),
    }
