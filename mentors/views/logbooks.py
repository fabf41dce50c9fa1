"""Every intern's logbook entries in one list, for the internship office (and a mentor for
their own interns), with the file of the filtered entries."""

from django.utils.translation import pgettext_lazy

from accounts.models import Role
from core.permissions import role_required
from core.views import filtered_list

from .. import queries
from ..filters import LogbookEntryFilter
from ..logbook_exports import LOGBOOK_ENTRY_COLUMNS


@role_required(Role.STAFF, Role.MENTOR)
def logbook_entries(request):
    """One row per entry, newest first; `export=csv|xlsx` gives every filtered entry."""
    return filtered_list(
        request,
        LogbookEntryFilter(
            request.GET, queryset=queries.logbook_entries_for_list(request.user), request=request
        ),
        template="mentors/logbook_entries.html",
        columns=LOGBOOK_ENTRY_COLUMNS,
        name=pgettext_lazy("file name", "logbook entries"),
    )
