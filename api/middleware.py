"""Every call of the API made with a token leaves one line in the audit log
(notifications.Access, kind "api_call"): the service account's user, the method, the path,
the status answered, the token's prefix and the scope the view needs. The line is written
after the answer, whatever it is (a refusal, a 500 …), as long as the token was accepted;
one INSERT a call. A call refused before its token was accepted (missing, unknown, revoked,
expired) names nobody and is not recorded."""

from core.audit import record_access

from .models import Token
from .problems import API_PREFIX

KIND = "api_call"  # notifications.Access.Kind.API_CALL


def audit_api_calls(get_response):
    def middleware(request):
        response = get_response(request)
        if request.path.startswith(API_PREFIX):
            # An answer of the API is for its caller only: no cache keeps it.
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "no-store"
            token = getattr(request, "auth", None)
            if isinstance(token, Token):
                record_access(
                    by=token.account.user,
                    kind=KIND,
                    label=_label(request),
                    details={
                        "method": request.method,
                        "path": request.path[:500],
                        "status": response.status_code,
                        "token": token.prefix,
                        "scope": _scope(request) or "",
                    },
                )
        return response

    return middleware


def _scope(request):
    scope = getattr(request, "api_scope", None)
    if scope:
        return str(scope)
    match = getattr(request, "resolver_match", None)
    cls = getattr(getattr(match, "func", None), "cls", None)
    scope = getattr(cls, "required_scope", None)
    return str(scope) if scope else None


def _label(request) -> str:
    """The method and the route's pattern ("GET /api/v1/students/<str:number>/"): the record's
    label never holds data from the address (the path is in the details)."""
    match = getattr(request, "resolver_match", None)
    route = f"/{match.route}" if match is not None and match.route else request.path
    return f"{request.method} {route}"[:300]
