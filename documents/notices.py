"""What documents tell people: a certificate issued or revoked, a batch failed or retried."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "certificate_issued",
    _("Your internship certificate %(serial)s is ready to download."),
    group="documents",
)
register(
    "certificate_revoked",
    _("Your certificate %(serial)s was revoked: %(reason)s"),
    group="documents",
    mandatory=True,
)
register(
    "certificate_batch_failed",
    _("The certificates of %(period)s could not all be issued: %(reason)s"),
    group="documents",
)
register(
    "certificate_batch_retried",
    _("The issuing of the certificates of %(period)s you started was tried again."),
    group="documents",
)
