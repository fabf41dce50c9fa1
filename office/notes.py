"""The notes the internship office's tools write on the timelines: rosters, reminders."""

from django.utils.translation import gettext_lazy as _

from notifications.notes import register

from .models import AgreementReminder


def _parties(codes) -> str:
    """The parties reminded, in words, in the order of the agreement."""
    if not isinstance(codes, list):
        return str(codes)
    return ", ".join(str(label) for code, label in AgreementReminder.Party.choices if code in codes)


register(
    "roster_counts",
    _("%(created)d created, %(updated)d updated, %(skipped)d skipped"),
)
register("parties", "%(parties)s", parties=_parties)
