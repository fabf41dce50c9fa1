"""Every request has an id: on its response (`X-Request-ID`), on every log line written while
it is answered, and on the error pages, so that a user's "it failed at 10:32" leads to its
traceback."""

import contextvars
import logging
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request being answered ("-" outside a request)."""
    return _current.get()


def client_address(request) -> str:
    """The visitor's address: behind N trusted proxies, the Nth from the right of
    X-Forwarded-For (the part no client can forge); else the connection's address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def id_for(request) -> str:
    """The proxy's id when a trusted proxy stands in front and sent a sane one; a new one
    otherwise (a client could send anything: a forged or huge id must not reach the logs)."""
    given = request.headers.get(HEADER, "")
    if settings.TRUSTED_PROXY_COUNT > 0 and _SANE.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: the id is set before anything else runs and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = id_for(request)
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """For LOGGING's handlers: every record has `request_id` (the record factory below sets it
    at creation; records made before the app was ready get the current one here)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True


def install_record_factory() -> None:
    """Every log record made anywhere in the process carries the current request's id."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _current.get()
        return record

    factory.adds_request_id = True
    logging.setLogRecordFactory(factory)
