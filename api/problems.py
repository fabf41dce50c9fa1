"""Every error of the API is an RFC 9457 problem (application/problem+json)::

    {"type": "https://…/problems/validation-error", "title": "Your request has errors.",
     "status": 400, "detail": "…", "instance": "/api/v1/students/",
     "errors": [{"field": "email", "detail": "Enter a valid e-mail address."},
                {"row": 3, "field": "student_number", "detail": "This field is required."}]}

`type` names the kind of problem: a URI under settings.API_PROBLEM_TYPE_BASE for the API's
own kinds (a client may compare it as a string), "about:blank" for a plain HTTP status
(404, 405, 500 …), whose title is then the status's phrase.

DRF's errors pass through `exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]); the
errors Django answers itself inside /api/ (no route: 404; an exception: 500) through
`page_not_found` and `server_error` (config/urls.py's handlers), which answer the site's
pages as before outside /api/.

A view raises `Problem` for a refusal of its own::

    raise Problem(status=409, slug="conflict", title=_("…"), detail=_("…"))
"""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import page_not_found as site_page_not_found
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import server_error as site_server_error

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"

# DRF's error codes → the API's own kinds of problem (slug, title). Other statuses are
# "about:blank".
KINDS = {
    exceptions.ValidationError: ("validation-error", gettext_lazy("Your request has errors.")),
    exceptions.ParseError: ("malformed-request", gettext_lazy("The request could not be read.")),
    exceptions.NotAuthenticated: (
        "not-authenticated",
        gettext_lazy("A token is needed."),
    ),
    exceptions.AuthenticationFailed: ("invalid-token", gettext_lazy("The token was refused.")),
    exceptions.PermissionDenied: ("forbidden", gettext_lazy("This token may not do this.")),
    exceptions.Throttled: ("rate-limited", gettext_lazy("Too many calls.")),
}


def type_uri(slug: str | None) -> str:
    if not slug:
        return "about:blank"
    return settings.API_PROBLEM_TYPE_BASE.rstrip("/") + "/" + slug


def body(*, status_code: int, slug=None, title=None, detail=None, instance="", errors=None) -> dict:
    """A problem's JSON object. Without a slug, the title is the HTTP status's phrase."""
    if title is None or not slug:
        title = _status_title(status_code)
    data = {
        "type": type_uri(slug),
        "title": str(title),
        "status": status_code,
        "detail": str(detail) if detail is not None else str(title),
        "instance": instance,
    }
    if errors is not None:
        data["errors"] = errors
    return data


def _status_title(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return _("Error")


class Problem(exceptions.APIException):
    """A refusal of the API's own, with its kind (slug) and, optionally, a list of errors
    ([{"field"/"row", "detail"}])."""

    def __init__(self, *, status=400, slug=None, title=None, detail=None, errors=None):
        self.status_code = status
        self.slug = slug
        self.title = title
        self.errors = errors
        super().__init__(detail=detail if detail is not None else title)


def flatten_errors(detail, *, field="", row=None) -> list[dict]:
    """A serializer's nested errors as a flat list: {"field": "a.b", "detail": …}, with the
    batch's "row" (its index) for the errors of a list of objects. Errors of the whole object
    (non_field_errors) have no "field"."""
    errors = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = (
                ""
                if key == settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors")
                else str(key)
            )
            path = f"{field}.{name}" if field and name else (name or field)
            errors += flatten_errors(value, field=path, row=row)
    elif isinstance(detail, list):
        if detail and all(isinstance(item, dict) for item in detail) and not field and row is None:
            # A batch (a list serializer at the top): each item is a row.
            for index, item in enumerate(detail):
                errors += flatten_errors(item, row=index)
        else:
            for index, item in enumerate(detail):
                if isinstance(item, (dict, list)):
                    sub = f"{field}.{index}" if field else str(index)
                    errors += flatten_errors(item, field=sub, row=row)
                else:
                    errors += flatten_errors(item, field=field, row=row)
    else:
        error = {}
        if row is not None:
            error["row"] = row
        if field:
            error["field"] = field
        error["detail"] = str(detail)
        errors.append(error)
    return errors


def exception_handler(exc, context):
    """DRF's handler, its answer rewritten as a problem. None (an unexpected exception) lets
    it rise to the 500 handler, which answers a problem too."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, Problem):
        data = body(
            status_code=response.status_code,
            slug=exc.slug,
            title=exc.title,
            detail=exc.detail,
            instance=instance,
            errors=exc.errors,
        )
    else:
        slug, title = _kind(exc)
        errors = None
        if isinstance(exc, exceptions.ValidationError):
            errors = flatten_errors(exc.detail)
            detail = _("%(count)s error(s): see the list of errors.") % {"count": len(errors)}
            if len(errors) == 1:
                detail = errors[0]["detail"]
        elif isinstance(response.data, dict) and "detail" in response.data:
            detail = response.data["detail"]
        else:
            detail = None
        data = body(
            status_code=response.status_code,
            slug=slug,
            title=title,
            detail=detail,
            instance=instance,
            errors=errors,
        )
    response.data = data
    response.content_type = CONTENT_TYPE
    return response


def _kind(exc):
    for cls, kind in KINDS.items():
        if isinstance(exc, cls):
            return kind
    return None, None


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def problem_response(request, status_code: int, detail=None) -> JsonResponse:
    return JsonResponse(
        body(status_code=status_code, detail=detail, instance=request.path),
        status=status_code,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def page_not_found(request, exception=None):
    """handler404: a problem inside /api/, the site's page elsewhere."""
    if is_api(request):
        return problem_response(
            request, status.HTTP_404_NOT_FOUND, _("There is nothing at this address.")
        )
    return site_page_not_found(request, exception)


def server_error(request, *args, **kwargs):
    """handler500: a problem inside /api/ (with the request's id to quote), the site's page
    elsewhere."""
    if is_api(request):
        request_id = getattr(request, "request_id", "")
        detail = _("Something went wrong on our side.")
        if request_id:
            detail += " " + _("Request id: %(id)s.") % {"id": request_id}
        return problem_response(request, status.HTTP_500_INTERNAL_SERVER_ERROR, detail)
    return site_server_error(request, *args, **kwargs)
