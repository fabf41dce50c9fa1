"""The fixture that starts the test identity providers, and a plain HTTP client that walks
a sign-on through them the way a browser does (real redirects, real signed answers)."""

import json
import re
from dataclasses import dataclass
from html import unescape

import pytest
import requests

from config import sso

from . import keys, people, saml

CLIENT_ID = "practica-test"
CLIENT_SECRET = "practica-test-secret"  # noqa: S105 — the test provider's client


@dataclass
class Providers:
    url: str
    oidc_id: str = "uni"
    saml_id: str = "uni-saml"
    name: str = "Universitatea de Test"


def configure(monkeypatch, settings, url: str, *, saml_email_verified: bool = True):
    """Both providers, configured the way a deployment does: JSON in the environment."""
    monkeypatch.setenv(
        "SSO_OIDC_PROVIDERS",
        json.dumps(
            [
                {
                    "id": "uni",
                    "name": "Universitatea de Test",
                    "server_url": f"{url}/test-idp/o",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                }
            ]
        ),
    )
    monkeypatch.setenv(
        "SSO_SAML_PROVIDERS",
        json.dumps(
            [
                {
                    "id": "uni-saml",
                    "name": "Universitatea de Test (SAML)",
                    "entity_id": saml.ENTITY_ID,
                    "sso_url": f"{url}/test-idp/saml/sso/",
                    "x509cert": keys.certificate_body(),
                    "email_verified": saml_email_verified,
                    "allow_single_label_domains": True,
                }
            ]
        ),
    )
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": sso.oidc_apps()},
        "saml": {"APPS": sso.saml_apps()},
    }


@pytest.fixture
def identity_providers(live_server, settings, monkeypatch):
    from oauth2_provider.models import Application

    settings.ROOT_URLCONF = "tests.idp.urls"
    people.reset()
    Application.objects.create(
        name="Practica",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{live_server.url}/accounts/oidc/uni/login/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    configure(monkeypatch, settings, live_server.url)
    yield Providers(url=live_server.url)
    people.reset()


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
ACTION = re.compile(r'<form method="post" action="([^"]+)">')


class Visitor:
    """A browser without the rendering: a cookie jar that follows redirects."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()

    def csrf(self) -> str:
        if "csrftoken" not in self.http.cookies:
            self.http.get(f"{self.url}/accounts/login/", timeout=10)
        return self.http.cookies["csrftoken"]

    def start(self, path: str) -> requests.Response:
        """Press "Sign in with …" on the login page: it lands on the provider's login form."""
        return self.http.post(
            f"{self.url}{path}", data={"csrfmiddlewaretoken": self.csrf()}, timeout=10
        )

    def sign_in_at_provider(self, page: requests.Response, username: str) -> requests.Response:
        return self.http.post(
            page.url,
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "username": username,
                "password": people.PASSWORD,
            },
            timeout=10,
        )

    def oidc(self, username: str, provider_id: str = "uni") -> requests.Response:
        page = self.start(f"/accounts/oidc/{provider_id}/login/?process=login")
        return self.sign_in_at_provider(page, username)

    def saml_response(self, username: str, slug: str = "uni-saml") -> tuple[str, dict]:
        """Through the SAML provider up to its hand-back form: (ACS URL, form fields)."""
        page = self.start(f"/accounts/saml/{slug}/login/?process=login")
        back = self.sign_in_at_provider(page, username)
        action = unescape(ACTION.search(back.text).group(1))
        return action, {name: unescape(value) for name, value in HIDDEN.findall(back.text)}

    def post_to_acs(self, action: str, fields: dict) -> requests.Response:
        return self.http.post(action, data=fields, timeout=10)

    def saml(self, username: str, slug: str = "uni-saml") -> requests.Response:
        return self.post_to_acs(*self.saml_response(username, slug))
