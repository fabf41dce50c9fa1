from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and certificates")

    def ready(self):
        # Register the texts of this app's notifications, and its panel on the internship page.
        from . import health, notices, panels  # noqa: F401

        health.register()  # the workers' heartbeat, for /readyz and the metrics
