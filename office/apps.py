from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Internship office")

    def ready(self):
        from . import notes, notices, reports  # noqa: F401 (register its texts and its lists)
