"""What the personal-data requests tell people."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from notifications.kinds import GROUPS, Group, register


def _day(iso: str) -> str:
    try:
        return date_format(date.fromisoformat(iso), "DATE_FORMAT")
    except (TypeError, ValueError):
        return iso


G = "privacy"

# notifications knows nothing of privacy: its group is added here.
GROUPS.setdefault(
    G,
    Group(
        _("Your data"),
        _("Copies of your data, and the closing of an account left unused."),
        always=_("They are always e-mailed."),
    ),
)

register(
    "data_export_ready",
    _("The copy of your data is ready to download until %(expires)s."),
    group=G,
    mandatory=True,
    expires=_day,
)
register(
    "data_export_failed",
    _("The copy of your data could not be prepared. Ask for it again from your data page."),
    group=G,
    mandatory=True,
)
register(
    "inactive_account_closing",
    _(
        "Your account has not been used for a long time: it will be closed and its personal "
        "data erased on %(on)s unless you log in before then."
    ),
    group=G,
    mandatory=True,
    on=_day,
)
