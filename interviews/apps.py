from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self):
        from internships import signals

        from . import notes, notices, rules  # noqa: F401 (register its texts and rules)
        from .receivers import application_moved, interview_invitation_refusal

        signals.application_moved.connect(
            application_moved, dispatch_uid="interviews.application_moved"
        )
        signals.interview_invitation_refusal.connect(
            interview_invitation_refusal, dispatch_uid="interviews.interview_invitation_refusal"
        )
