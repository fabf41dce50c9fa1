"""Each API view names the scope it needs (`required_scope`); a token of an account
without it gets 403 naming the scope. A view that names none (`required_scope = None`) is
open to any valid token; a view that forgot to say is closed to every token (fail closed)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.permissions import BasePermission

from .models import Token
from .throttling import TokenRateThrottle


class HasScope(BasePermission):
    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, Token):
            return False
        if not hasattr(view, "required_scope"):
            self.message = _("This part of the API is not open to tokens.")
            return False
        scope = view.required_scope
        # The audit line (api.middleware) names the scope the call needed.
        request._request.api_scope = scope
        if scope is None or token.account.has_scope(scope):
            return True
        # DRF checks throttles after permissions: a refused call counts here, so that a
        # token cannot call without limit where it is refused.
        throttle = TokenRateThrottle()
        if not throttle.allow_request(request, view):
            raise Throttled(wait=throttle.wait())
        self.message = _("This token's account lacks the scope %(scope)s.") % {"scope": scope}
        return False
