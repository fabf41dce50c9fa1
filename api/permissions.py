"""Each API view names the scope it needs (`required_scope`); a token of an account
without it gets 403 naming the scope."""

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from .models import Token


class HasScope(BasePermission):
    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, Token):
            return False
        scope = getattr(view, "required_scope", None)
        # The audit line (api.middleware) names the scope the call needed.
        request._request.api_scope = scope
        if scope is None or token.account.has_scope(scope):
            return True
        self.message = _("This token's account lacks the scope %(scope)s.") % {"scope": scope}
        return False
