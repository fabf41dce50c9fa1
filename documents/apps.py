from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and certificates")

    def ready(self):
        # Register the texts of this app's notifications, and its panel on the internship page.
        from internships.signals import amendment_proposed

        from . import health, notices, panels  # noqa: F401
        from .amendments import render_when_proposed

        amendment_proposed.connect(render_when_proposed, dispatch_uid="documents.amendment_pdf")
        health.register()  # the workers' heartbeat, for /readyz and the metrics
