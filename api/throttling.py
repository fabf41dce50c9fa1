"""Each token has its own rate limit: `Token.rate_limit` calls a minute, counted in the
cache (core.ratelimit's fixed window, shared by the app servers). Past it, 429 with
Retry-After (the seconds left in the minute). Calls without a token are not counted here:
a public endpoint sets its own throttle."""

import time

from rest_framework.throttling import BaseThrottle

from core import ratelimit

from .models import Token

SCOPE = "api-token"


class TokenRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        token = request.auth
        if not isinstance(token, Token):
            return True
        return ratelimit.hit(SCOPE, str(token.pk), f"{token.rate_limit}/m")

    def wait(self):
        return max(1, 60 - int(time.time() % 60))
