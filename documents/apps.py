from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and certificates")

    def ready(self):
        # Register the texts of this app's notifications, and its panel on the internship page.
        from internships.signals import agreement_version_needs_pdf

        from . import health, notices, panels  # noqa: F401
        from .agreements import draw_when_needed

        agreement_version_needs_pdf.connect(draw_when_needed, dispatch_uid="agreement_pdf")
        health.register()  # the workers' heartbeat, for /readyz and the metrics
