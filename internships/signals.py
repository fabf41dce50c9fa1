"""Signals other apps listen to, so that this app never imports the layers below it.

- `agreement_confirmed_by_all(sender=AgreementVersion, version=...)`: the third party has
  just confirmed this version (sent on commit). Documents signs its PDF.
- `amendment_confirmed_by_all(sender=Amendment, amendment=...)`: the same for an amendment.
- `agreement_version_needs_pdf(sender=AgreementVersion, version=...)`: a version is about to
  be shown (or confirmed) and has no PDF yet; documents draws it from the version's facts,
  stores it with its SHA-256 (sent at once, not on commit: the caller reads the digest).
- `amendment_proposed(sender=Amendment, amendment=...)`: a new amendment awaits confirmations
  (sent on commit). Documents renders its PDF, so that the parties find it ready.
"""

from django.dispatch import Signal

agreement_confirmed_by_all = Signal()
amendment_confirmed_by_all = Signal()
agreement_version_needs_pdf = Signal()
amendment_proposed = Signal()
