"""The notes interview slots write on a timeline (the placement's, the application's)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.notes import register as register_note

from .notices import when

register_note(
    "interview_slots_published",
    ngettext_lazy(
        "%(count)d interview slot published.", "%(count)d interview slots published.", "count"
    ),
)
register_note("interview_slot_cancelled", _("Slot of %(when)s cancelled."), when=when)
register_note("interview_booked", _("Interview booked for %(when)s."), when=when)
register_note("interview_moved", _("Interview moved to %(when)s."), when=when)
register_note("interview_cancelled", _("Interview of %(when)s cancelled."), when=when)
register_note("reschedule_asked", _("Asked to move the interview."))
register_note("reschedule_declined", _("Request to reschedule declined."))
