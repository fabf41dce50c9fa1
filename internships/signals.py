"""Signals other apps listen to, so that this app never imports the layers below it.

- `agreement_confirmed_by_all(sender=AgreementVersion, version=...)`: the third party has
  just confirmed this version (sent on commit). Documents signs its PDF.
- `amendment_confirmed_by_all(sender=Amendment, amendment=...)`: the same for an amendment.
- `agreement_version_needs_pdf(sender=AgreementVersion, version=...)`: a version is about to
  be shown (or confirmed) and has no PDF yet; documents draws it from the version's facts,
  stores it with its SHA-256 (sent at once, not on commit: the caller reads the digest).
- `amendment_proposed(sender=Amendment, amendment=...)`: a new amendment awaits confirmations
  (sent on commit). Documents renders its PDF, so that the parties find it ready.
- `application_moved(sender=Application, application=..., old=..., by=...)`: an application's
  status has just changed (sent at once, inside the caller's transaction, the application's
  row locked; a receiver's error rolls the change back). Interviews cancels the booking of
  an application that ended, and invites one just shortlisted to book a published slot.
- `interview_invitation_refusal(sender=Application, application=...)`: may the host set the
  interview's time by hand? A receiver answers why not, in words for the host ("" when it
  may). Interviews refuses while a booked slot holds the time.
"""

from django.dispatch import Signal

agreement_confirmed_by_all = Signal()
amendment_confirmed_by_all = Signal()
agreement_version_needs_pdf = Signal()
amendment_proposed = Signal()
application_moved = Signal()
interview_invitation_refusal = Signal()
