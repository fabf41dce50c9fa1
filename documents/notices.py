"""What documents tell people: a certificate issued or revoked."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register("certificate_issued", _("Your internship certificate %(serial)s is ready to download."))
register("certificate_revoked", _("Your certificate %(serial)s was revoked: %(reason)s"))
