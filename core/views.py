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


def filtered_list(request, filterset, *, template: str, columns, name, rows=None, **context):
    """A list page of the filterset's rows, or all of them as the file the URL asks for
    (`?export=csv|csv-semicolon|xlsx`, see core.exports). Filters the form refuses are
    shown with their errors and no file is made. `rows`, when given, readies a list of
    rows (the page's, or every row for the file) for its template and columns."""
    from . import exports  # openpyxl is loaded only where a list is

    ready = rows or (lambda items: items)
    fmt = exports.requested_format(request)
    if fmt and filterset.is_valid():
        return exports.export(
            fmt,
            rows=ready(filterset.qs),
            columns=columns,
            name=name,
            viewer=request.user,
            filters=request.GET,
        )
    if fmt:
        messages.error(request, _("Correct the filters below before exporting."))
    page = page_of(request, filterset.qs)
    page.object_list = ready(page.object_list)
    context = {"filter": filterset, "page": page, **context}
    return render(request, template, context)
