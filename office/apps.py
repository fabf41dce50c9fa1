from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Internship office")

    def ready(self):
        from . import notices  # noqa: F401 (registers the texts of this app's notifications)
