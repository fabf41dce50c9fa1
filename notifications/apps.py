from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Events and notifications")

    def ready(self):
        from core import audit

        from .services import record_access, record_event

        audit.install(record_event, access=record_access)
        _register_mail_gauges()


def _register_mail_gauges() -> None:
    """The undelivered mail, for Prometheus (core serves every registered gauge)."""
    from core.metrics import register_gauge

    from .queries import MAIL_STATES, undelivered_counts

    for state in MAIL_STATES:
        register_gauge(
            f"practica_mail_{state}",
            f"E-mails in the outbox that are {state.replace('_', ' ')}.",
            lambda state=state: undelivered_counts()[state] or 0,
        )
