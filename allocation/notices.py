"""What allocation rounds tell people, and the notes they write on timelines."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register
from notifications.notes import register as register_note

register(
    "allocation_unmatched",
    _(
        "The allocation round “%(round)s” did not place you this time. See why, and what "
        "comes next, on your result page."
    ),
    group="offers",
    mandatory=True,
)
register_note("allocation_offer", _("Offered through allocation round %(round)s."))
