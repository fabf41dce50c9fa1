"""Every intern's logbook entries in one list, for the internship office (and a mentor for
their own interns), with the file of the filtered entries."""

from accounts.models import Role
from core.permissions import role_required
from core.views import list_or_export

from ..reports import LOGBOOK_ENTRIES


@role_required(Role.STAFF, Role.MENTOR)
def logbook_entries(request):
    """One row per entry, newest first; `export=csv|xlsx` gives every filtered entry, of the
    columns `columns=<key>` chooses."""
    return list_or_export(request, LOGBOOK_ENTRIES)
