"""An application's timeline in words: the label of each action recorded on an application
(by the internships, interviews and conversations services), shared by the student's page,
the host's page and the staff record."""

from django.utils.translation import gettext_lazy as _

from . import queries

APPLICATION_ACTIONS = {
    "applied": _("Applied"),
    "moved": _("Moved along the pipeline"),
    "interview": _("Invited to an interview"),
    "interview_booked": _("Interview booked"),
    "interview_moved": _("Interview moved to another time"),
    "interview_released": _("Interview slot freed"),
    "interview_cancelled": _("Interview cancelled"),
    "reschedule_asked": _("Another interview time asked for"),
    "reschedule_declined": _("Request for another interview time declined"),
    "offered": _("Offer made"),
    "accepted": _("Offer accepted"),
    "declined": _("Offer declined"),
    "expired": _("Offer expired"),
    "offer_extended": _("Offer deadline extended"),
    "rescinded": _("Offer withdrawn by the host"),
    "rejected": _("Not selected"),
    "rejected_all": _("Not selected: the positions were filled"),
    "withdrawn": _("Withdrawn"),
    "placement_closed": _("Ended: the placement closed"),
}


def label(event, actions=APPLICATION_ACTIONS):
    """One event in the reader's language: `action_label`, and `from_text` / `to_text`
    (the statuses, blank when the status did not change)."""
    event.action_label = actions.get(event.action, event.action.replace("_", " "))
    changed = event.from_status != event.to_status
    event.from_text = event.from_label if changed else ""
    event.to_text = event.to_label if changed else ""
    return event


def application_timeline(application) -> list:
    """The application's events, oldest first, each with its words."""
    return [label(event) for event in queries.timeline(application)]
