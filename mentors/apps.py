from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentoring")

    def ready(self):
        from . import notes, notices, reports  # noqa: F401 (register its texts and its lists)
