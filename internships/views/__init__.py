"""Small helpers every page module of the workspace shares."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.http import url_has_allowed_host_and_scheme


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


def require(request, perm: str, obj=None) -> None:
    """Seeing an object is not acting on it: 403 for those without the right."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def form_errors(form) -> str:
    """A form's errors as one sentence, for a message."""
    return " ".join(error for errors in form.errors.values() for error in errors)
