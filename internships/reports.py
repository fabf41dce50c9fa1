"""The vetting queue, an entry of the lists' registry (core.reports): its page, its file
with a column per check, its column chooser and its saved reports. Shared by the staff of
every faculty: organisations belong to none."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from core.reports import Report, register

from . import queries
from .filters import VettingFilter
from .vetting_exports import VETTING_COLUMNS

VETTING = register(
    Report(
        slug="vetting",
        title=gettext_lazy("Organisations to vet"),
        url_name="staff_organisations",
        filterset=VettingFilter,
        rows=queries.vetting_queue,
        columns=VETTING_COLUMNS,
        file_name=pgettext_lazy("file name", "organisations to vet"),
        template="internships/vetting/organisations.html",
        export_rows=lambda found: queries.with_vetting_checks(found.qs),
        page_rows=queries.with_vetting_checks,
    )
)
