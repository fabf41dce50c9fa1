"""Every intern's logbook entries, an entry of the lists' registry (core.reports): staff
see their faculties' interns, a mentor their own; both choose the file's columns, and
staff save the list as a report."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from core.reports import Report, register

from . import queries
from .filters import LogbookEntryFilter
from .logbook_exports import LOGBOOK_ENTRY_COLUMNS

LOGBOOK_ENTRIES = register(
    Report(
        slug="logbook-entries",
        title=gettext_lazy("Logbooks"),
        url_name="logbook_entries",
        filterset=LogbookEntryFilter,
        rows=queries.logbook_entries_for_list,
        columns=LOGBOOK_ENTRY_COLUMNS,
        file_name=pgettext_lazy("file name", "logbook entries"),
        template="mentors/logbook_entries.html",
    )
)
