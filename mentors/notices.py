"""What mentoring tells people: the internship's course, logbook, feedback, evaluations."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

from .models import Evaluation

register(
    "internship_started",
    _("The internship of %(student)s has started: the logbook is open."),
    group="internships",
)
register(
    "internship_completed", _("The internship of %(student)s is completed."), group="internships"
)
register(
    "internship_terminated",
    _("The internship of %(student)s ended early: %(reason)s"),
    group="internships",
    mandatory=True,
)
register(
    "logbook_submitted",
    _("%(student)s submitted %(count)s logbook entries for approval."),
    group="logbook",
)
register("logbook_approved", _("Your tutor approved %(count)s logbook entries."), group="logbook")
register(
    "logbook_returned",
    _("Your tutor returned the logbook entry of %(date)s: %(comment)s"),
    group="logbook",
)
register("feedback_written", _("%(mentor)s wrote you a note."), group="logbook")
register("feedback_replied", _("%(student)s replied to your note."), group="logbook")
register(
    "evaluation_submitted",
    _("%(kind)s submitted for the internship of %(student)s."),
    kind=Evaluation.Kind,
    group="evaluations",
)
register(
    "evaluation_reopened",
    _("Your %(kind)s was reopened by staff: %(reason)s"),
    kind=Evaluation.Kind,
    group="evaluations",
)
register(
    "result_recorded",
    _("The academic result of %(student)s's internship is recorded."),
    group="evaluations",
)
