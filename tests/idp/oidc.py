"""The OpenID Connect provider: django-oauth-toolkit's endpoints (discovery, token,
userinfo, JWKS), with an authorize page that signs in the provider's own people
(tests.idp.people) instead of Practica's accounts; ID tokens are RS256-signed."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views import View
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views.mixins import OAuthLibMixin

from . import pages, people


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        person = people.person_of(request.user)
        return {
            "email": person.email,
            "email_verified": person.email_verified,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "preferred_username": person.username,
            "groups": person.groups,
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if people.MISCHIEF.get("audience"):
            claims["aud"] = people.MISCHIEF["audience"]
        return claims, expiration_time


@method_decorator(login_not_required, name="dispatch")
class AuthorizeView(OAuthLibMixin, View):
    title = "University sign-in (OpenID Connect)"

    def get(self, request):
        self.validate_authorization_request(request)
        return pages.login_form(request, title=self.title, hidden={})

    def post(self, request):
        scopes, credentials = self.validate_authorization_request(request)
        person = people.PEOPLE.get(request.POST.get("username", ""))
        if person is None or request.POST.get("password") != people.PASSWORD:
            return pages.login_form(
                request, title=self.title, hidden={}, error="Wrong username or password."
            )
        request.user = people.backing_user(person)
        uri, _headers, _body, _status = self.create_authorization_response(
            request, " ".join(scopes), credentials, allow=True
        )
        return HttpResponseRedirect(uri)
