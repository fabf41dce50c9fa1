"""`Authorization: Bearer prc_…`: the token's digest finds it; a revoked or expired token,
or one whose account is switched off, is refused (401) with the reason."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import TOKEN_PREFIX, Token, token_digest


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token as: Authorization: Bearer <token>.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        if not raw.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        token = (
            Token.objects.select_related("account__user").filter(digest=token_digest(raw)).first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.account.user.is_active:
            raise exceptions.AuthenticationFailed(_("This service account is switched off."))
        # Written at most once a minute per token, not on every call.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            Token.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.account.user, token

    def authenticate_header(self, request):
        return self.keyword
