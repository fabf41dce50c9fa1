"""The registry of exportable lists, one entry each: what a list is filtered by, which rows
it holds for a viewer, its columns and its file's name.

`core.views.list_or_export` renders and exports any list from its entry, and saved reports
(office.models.SavedReport) name their list by its slug. Each app registers the lists it
owns (office.reports: the office's; documents.reports, internships.reports,
mentors.reports: certificates, the vetting queue, logbook entries), imported when the app
is ready: a list added later needs only its entry (and a URL whose view calls
`list_or_export`).

The checks of a list's filters and columns live here too, shared by the list page (which
shows a refusal beside the filters) and the saved reports (which say which filter or
column a saved report holds that its list no longer accepts).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import Column, columns_for
from .services import ServiceError

COLUMNS_PARAM = "columns"
# Parameters of a list's URL that are not its filters.
NOT_FILTERS = {"page", "export", COLUMNS_PARAM}


# The formats a list is downloaded in (office.models.SavedReport.Format keeps the same).
FORMAT_CHOICES = [
    ("xlsx", gettext_lazy("Excel (XLSX)")),
    ("csv-semicolon", gettext_lazy("CSV with semicolons")),
    ("csv", gettext_lazy("CSV with commas")),
]
# Who may save a list as a report (what office.services.save_report ensures): staff.
SAVE_PERMISSION = "internships.moderate"


@dataclass(frozen=True)
class Report:
    """One exportable list.

    `rows(viewer)` is the queryset its FilterSet filters (scoped to the viewer);
    `context(filterset, viewer)`, when given, adds what its template needs beside the rows;
    `defaults()`, when given, the filters the page starts with when the URL names none;
    `page_rows(rows)`, when given, readies a page's rows for the template."""

    slug: str
    title: Any  # lazy text: the list's name on pages ("Students")
    url_name: str
    filterset: type
    rows: Callable[[Any], Any]
    columns: list[Column]
    file_name: Any  # lazy text: the file's name before the date ("students")
    template: str
    context: Callable[[Any, Any], dict] | None = field(default=None)
    # What only the file's columns read, added to the filtered rows (`export_rows(filterset)`).
    export_rows: Callable[[Any], Any] | None = field(default=None)
    defaults: Callable[[], dict] | None = field(default=None)
    page_rows: Callable[[Any], Any] | None = field(default=None)

    def url(self) -> str:
        return reverse(self.url_name)

    def filter(self, data, *, viewer):
        """The list's FilterSet over the viewer's rows; its choices (the programmes of the
        viewer's faculties) read the viewer from `request.user`."""
        return self.filterset(
            data, queryset=self.rows(viewer), request=SimpleNamespace(user=viewer)
        )

    def rows_for_file(self, filterset):
        """The filtered rows with everything the file's columns read."""
        return self.export_rows(filterset) if self.export_rows else filterset.qs

    def columns_for(self, viewer) -> list[Column]:
        """The columns `viewer` may have, in the list's order."""
        return columns_for(self.columns, viewer)


REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    if report.slug in REPORTS:
        raise ValueError(f"Two lists are named {report.slug!r}.")
    REPORTS[report.slug] = report
    return report


def get(slug: str) -> Report | None:
    return REPORTS.get(slug)


def chosen_columns(report: Report, keys: list[str], *, viewer) -> list[Column]:
    """The columns `keys` name, in the list's order (every column the viewer may have when
    none is named). A key that is not a column of the list is refused, naming it; a column
    the viewer may not have is left out, asked for or not."""
    unknown = [key for key in dict.fromkeys(keys) if key not in {c.key for c in report.columns}]
    if unknown:
        raise ServiceError(
            _("The list has no column %(names)s; no file was made. Choose among its columns.")
            % {"names": get_text_list([f"“{key[:40]}”" for key in unknown[:5]], _("or"))}
        )
    columns = report.columns_for(viewer)
    if not keys:
        return columns
    wanted = set(keys)
    chosen = [column for column in columns if column.key in wanted]
    if not chosen:
        raise ServiceError(_("Choose at least one column for the file."))
    return chosen


def filter_params(report: Report, data: QueryDict) -> dict[str, list[str]]:
    """The list's filters (and sort order) among `data`, as a saved report keeps them:
    {name: [values]}, empty values left out."""
    params = {}
    for name in report.filterset.base_filters:
        values = [value.strip() for value in data.getlist(name) if value.strip()]
        if values:
            params[name] = values
    return params


def unknown_filters(report: Report, params) -> list[str]:
    return sorted(set(params) - set(report.filterset.base_filters) - NOT_FILTERS)


def stale_filters(report: Report, params: dict, *, viewer) -> list[str]:
    """The labels of the filters that do not accept their saved values any more (a
    programme or a period deleted, a choice withdrawn), in the list's order."""
    filterset = report.filterset(
        query_of(params), queryset=report.rows(viewer).none(), request=SimpleNamespace(user=viewer)
    )
    form = filterset.form
    if form.is_valid():
        return []
    return [str(form.fields[name].label) for name in form.fields if name in form.errors]


def list_url(report: Report, *, params: dict, columns: list[str]) -> str:
    """The list's page with these filters and columns chosen."""
    query = urlencode({**params, **({COLUMNS_PARAM: columns} if columns else {})}, doseq=True)
    return f"{report.url()}?{query}" if query else report.url()


def problems(saved, *, viewer) -> list[str]:
    """What a saved report holds that its list no longer accepts, each in a sentence that
    names the filter or the column: empty when the report can be downloaded."""
    report = get(saved.list_slug)
    fix = _("open the list, correct it and save the report again.")
    if report is None:
        return [_("The list this report was saved from no longer exists.")]
    found = [
        _("The filter “%(filter)s” no longer exists; %(fix)s") % {"filter": name, "fix": fix}
        for name in unknown_filters(report, saved.params)
    ]
    kept = report.filterset.base_filters
    known = {name: values for name, values in saved.params.items() if name in kept}
    found += [
        _("The filter “%(filter)s” no longer accepts the saved value; %(fix)s")
        % {"filter": label, "fix": fix}
        for label in stale_filters(report, known, viewer=viewer)
    ]
    keys = {column.key for column in report.columns}
    found += [
        _("The column “%(column)s” is no longer in the list; %(fix)s") % {"column": key, "fix": fix}
        for key in saved.columns
        if key not in keys
    ]
    shown = {column.key for column in report.columns_for(viewer)}
    if not found and saved.columns and not shown & set(saved.columns):
        found.append(_("None of the report's columns is shown to you; %(fix)s") % {"fix": fix})
    return found


def with_summaries(saved_reports) -> list:
    """The saved reports, each with `report` (its list's entry, or None), `summary` (its
    filters in words: "Study programme: Computer Science; Period: 2026/27 summer") and
    `column_count`. The names of programmes, periods and the like are read in one query per
    kind of record for all the reports, however many."""
    saved_reports = list(saved_reports)
    wanted: dict[type, set] = {}
    for saved in saved_reports:
        saved.report = get(saved.list_slug)
        for _name, values, model_filter in _filters_of(saved):
            model = _model_of(model_filter)
            if model is not None:
                wanted.setdefault(model, set()).update(v for v in values if str(v).isdigit())
    names = {
        model: {str(obj.pk): _display(obj) for obj in model._default_manager.filter(pk__in=pks)}
        for model, pks in wanted.items()
        if pks
    }
    choices: dict[tuple, dict] = {}
    for saved in saved_reports:
        parts = []
        for name, values, a_filter in _filters_of(saved):
            model = _model_of(a_filter)
            if model is not None:
                words = [names.get(model, {}).get(str(v), "?") for v in values]
            elif "choices" in a_filter.extra:
                key = (saved.list_slug, name)
                if key not in choices:
                    listed = a_filter.extra["choices"]
                    listed = listed() if callable(listed) else listed
                    choices[key] = {str(k): str(v) for k, v in listed}
                words = [choices[key].get(str(v), str(v)) for v in values]
            else:
                words = [f"“{v}”" for v in values]
            parts.append(f"{a_filter.label}: {', '.join(words)}")
        saved.summary = "; ".join(parts) or _("No filters: every row")
        saved.column_count = len(saved.columns) if saved.columns else 0
    return saved_reports


def _filters_of(saved):
    """(name, values, filter) of a saved report's filters its list still has, in its order."""
    if saved.report is None:
        return []
    return [
        (name, saved.params[name], a_filter)
        for name, a_filter in saved.report.filterset.base_filters.items()
        if saved.params.get(name)
    ]


def _model_of(a_filter):
    queryset = a_filter.extra.get("queryset")
    if callable(queryset):  # the choices of the viewer's faculties (accounts.faculties)
        queryset = queryset(None)
    return getattr(queryset, "model", None)


def _display(obj) -> str:
    return str(getattr(obj, "display_name", None) or obj)


def query_of(params: dict) -> QueryDict:
    """A saved report's filters as the list's GET parameters."""
    data = QueryDict(mutable=True)
    for name, values in params.items():
        data.setlist(name, [str(value) for value in values])
    return data
