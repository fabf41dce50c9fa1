from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Internships")

    def ready(self):
        from . import notices  # noqa: F401 (registers the texts of this app's notifications)
