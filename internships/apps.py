from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Internships")

    def ready(self):
        from accounts.signals import invitation_accepted

        from . import alerts, notes, notices, reports  # noqa: F401 (register its texts and lists)
        from .receivers import tutor_joined

        invitation_accepted.connect(tutor_joined, dispatch_uid="internships.tutor_joined")
        alerts.register()  # the saved searches' alerts, a section of the digest
