"""Small helpers every page shares: pages of a list, htmx fragments, where to go next, and
running a service with its refusal shown to the user."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .services import ServiceError


def page_of(request, items):
    """The page of `items` the request asks for (`?page=`), settings.PAGE_SIZE a page."""
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def wants_fragment(request) -> bool:
    """htmx asks for the part of the page it swaps; restoring a page from its history, it
    needs the whole page. (Views answering both mark their responses Vary: HX-Request.)"""
    return bool(request.htmx) and not request.htmx.history_restore_request


def next_url(request, default: str) -> str:
    """Where to go after an action: a local `next`, else the page the action belongs to."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def is_id(value: str) -> bool:
    """A primary key as a browser sends it: ASCII digits that fit a database bigint ("²"
    and "٣" are digits to str.isdigit(), not to int() or the database)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def form_errors(form) -> str:
    """A form's errors as one sentence, for a message."""
    return " ".join(error for errors in form.errors.values() for error in errors)


@dataclass(frozen=True)
class Outcome:
    """What became of a service a view ran: its result, or the refusal's text (and the
    refusal itself, for a form to put its errors beside their fields)."""

    ok: bool
    value: Any = None
    text: str = ""
    error: ServiceError | None = None


def run_service(
    request,
    service: Callable,
    *,
    success: str | Callable[[Any], str] = "",
    show: bool = True,
    **kwargs,
) -> Outcome:
    """Run one service as the viewer (`by=request.user`); a refusal changes nothing.

    With `show`, the refusal becomes an error message and `success` (a text, or a function
    of the service's result) a success message; without, the caller shows `Outcome.text`
    itself (an htmx fragment, say), or gives `Outcome.error` to a form.
    """
    try:
        value = service(by=request.user, **kwargs)
    except ServiceError as error:
        if show:
            messages.error(request, error.text)
        return Outcome(ok=False, text=error.text, error=error)
    text = success(value) if callable(success) else str(success)
    if show and text:
        messages.success(request, text)
    return Outcome(ok=True, value=value, text=text)


def list_or_export(request, report):
    """The page of a list's (core.reports.Report) filtered rows, or all of them as the file
    the URL asks for (`?export=csv|csv-semicolon|xlsx`, see core.exports) with the columns
    it chooses (`columns=<key>`, repeated; all the viewer may have when none). Filters the
    form refuses are shown with their errors, and a column the list has not is refused: no
    file is made from either. A URL naming none of the list's filters starts from its
    `defaults()`, and the page's links (export, save) carry them."""
    from . import exports, reports  # openpyxl is loaded only where a list is

    viewer = request.user
    if report.defaults and not any(name in request.GET for name in report.filterset.base_filters):
        data = request.GET.copy()
        for name, value in report.defaults().items():
            data[name] = value
        data._mutable = False
        request.GET = data  # the links of the page (`{% querystring %}`) read the same filters
    filterset = report.filter(request.GET, viewer=viewer)
    fmt = exports.requested_format(request)
    try:
        columns = reports.chosen_columns(
            report, request.GET.getlist(reports.COLUMNS_PARAM), viewer=viewer
        )
    except ServiceError as error:
        messages.error(request, error.text)
        columns = None
    if fmt and columns and filterset.is_valid():
        return exports.export(
            fmt,
            rows=report.rows_for_file(filterset),
            columns=columns,
            name=report.file_name,
            viewer=viewer,
            filters=request.GET,
        )
    if fmt and not filterset.is_valid():
        messages.error(request, _("Correct the filters below before exporting."))
    page = page_of(request, filterset.qs)
    if report.page_rows:
        page.object_list = report.page_rows(page.object_list)
    shown = report.columns_for(viewer)
    chosen = {column.key for column in columns or shown}
    context = {
        "filter": filterset,
        "page": page,
        "report": report,
        "saves_reports": viewer.has_perm(reports.SAVE_PERMISSION),
        "column_choices": [(c.key, c.header, c.key in chosen) for c in shown],
        "report_formats": reports.FORMAT_CHOICES,
        **(report.context(filterset, viewer) if report.context else {}),
    }
    return render(request, report.template, context)
