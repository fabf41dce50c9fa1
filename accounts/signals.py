"""Signals other apps listen to, so that accounts never imports the layers below it.

- `invitation_accepted(sender=Invitation, invitation=..., user=...)`: an invited person has
  just made their account from the link, inside the transaction that made it. Internships
  makes an invited host tutor the tutor of the internships they were invited for.
"""

from django.dispatch import Signal

invitation_accepted = Signal()
