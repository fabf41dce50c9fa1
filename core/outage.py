"""When a part the app leans on fails, people get a page that says so, not a server error.

The database: while it does not answer, every page answers 503 "briefly unavailable" with
`Retry-After`, in the visitor's language as far as the request tells it (the language cookie,
Accept-Language), rendered without touching the database (no session, no user, no context
processors). /healthz keeps its own 503 for load balancers.

Django turns an exception into a 500 page at the layer it was raised in, so no middleware
sees an exception from another middleware. Two paths lead here, then:
- an exception from a view or its template reaches `process_exception`, which answers 503;
- one from another middleware (the session, the user, a login check) is noted by the
  `got_request_exception` signal, and the middleware swaps the 500 page for the 503 one
  on the way out. Django has logged that one as a server error with its traceback already.

Storage: `storing()` turns an upload the storage cannot keep (a full disk, a folder that
cannot be written) into a ServiceError with the message the caller gives, so the service's
transaction rolls back and the record keeps its previous file.
"""

import logging
import sys
import time
from contextlib import contextmanager

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from .services import ServiceError

log = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
LOG_EVERY_SECONDS = 10.0
_last_logged = [0.0]


def is_database_outage(error: BaseException | None) -> bool:
    """A database error because the database is away, not because of the query: the
    connection cannot be made or no longer answers. A statement timeout, a deadlock or a
    missing table (the database answers) stays a server error, logged and reported."""
    if not isinstance(error, DATABASE_DOWN):
        return False
    if isinstance(error, InterfaceError):
        return True
    try:
        connection.ensure_connection()
        return not connection.is_usable()
    except Exception:  # noqa: BLE001 (it cannot even connect: away)
        return True


def unavailable_page(request) -> HttpResponse:
    """503 with a page that needs nothing but the request's headers."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        body = get_template("503.html").render(
            {
                "LANGUAGE_CODE": translation.get_language(),
                "request_id": getattr(request, "request_id", ""),
                "retry_after": RETRY_AFTER_SECONDS,
            }
        )
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def _log(request, error) -> None:
    now = time.monotonic()
    if now - _last_logged[0] >= LOG_EVERY_SECONDS:
        _last_logged[0] = now
        log.warning(
            "The database does not answer (%s): %s %s answered 503.",
            error,
            request.method,
            request.path,
            exc_info=error,
        )


def _note_exception(sender, request=None, **kwargs):
    """Any exception Django turns into a 500 page passes here first, with the request."""
    error = sys.exc_info()[1]
    if request is not None and is_database_outage(error):
        request._database_outage = error


got_request_exception.connect(_note_exception, dispatch_uid="core.outage.note_exception")


class DatabaseOutageMiddleware:
    """Placed before the session, authentication and every view: see the module's notes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, "_database_outage", None)
        if error is not None and response.status_code == 500:
            _log(request, error)
            return unavailable_page(request)
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            _log(request, exception)
            return unavailable_page(request)
        return None


@contextmanager
def storing(message: str):
    """Store a file inside; a storage that fails becomes a ServiceError saying `message`
    (the operator gets the cause in the log)."""
    try:
        yield
    except OSError as error:
        log.error("An upload could not be stored: %s", error, exc_info=error)
        raise ServiceError(message) from error
