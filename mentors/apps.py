from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentoring")

    def ready(self):
        from . import notices  # noqa: F401 (registers the texts of this app's notifications)
