from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and certificates")

    def ready(self):
        from . import notices  # noqa: F401 (registers the texts of this app's notifications)
