"""The notes mentoring writes on the timelines: the result, the logbook's submissions."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.notes import register

OUTCOMES = {"passed": _("passed"), "failed": _("failed")}


def _outcome(code: str) -> str:
    return str(OUTCOMES.get(code, code))


register("result", _("Grade %(grade)d, %(outcome)s, %(credits)d credits."), outcome=_outcome)
register(
    "logbook_submitted",
    ngettext_lazy(
        "%(count)d logbook entry submitted.", "%(count)d logbook entries submitted.", "count"
    ),
)
register(
    "logbook_approved",
    ngettext_lazy(
        "%(count)d logbook entry approved.", "%(count)d logbook entries approved.", "count"
    ),
)
