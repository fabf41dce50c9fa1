from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Internship office")

    def ready(self):
        from . import notes, notices  # noqa: F401 (register the texts of its notes, notifications)
