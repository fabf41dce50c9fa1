from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and webhooks")

    def ready(self):
        # The bearer token scheme in the OpenAPI schema (drf-spectacular finds extensions
        # by their import).
        from . import schema  # noqa: F401
