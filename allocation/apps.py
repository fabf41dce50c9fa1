from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "allocation"
    verbose_name = _("Allocation rounds")

    def ready(self):
        from . import notices  # noqa: F401 (register its texts)
