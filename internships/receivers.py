"""What internships does when the layers above it signal something (connected in apps.py)."""

from .services.proposals import assign_invited_tutor


def tutor_joined(sender, *, invitation, user, **kwargs):
    """accounts.signals.invitation_accepted: an invited host tutor becomes the tutor of the
    internships they were invited for."""
    assign_invited_tutor(invitation=invitation, user=user)
