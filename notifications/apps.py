from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Events and notifications")

    def ready(self):
        from core import audit

        from .services import record_event

        audit.install(record_event)
