"""Fixtures of the API's tests: service accounts with tokens, and a client that calls with
one. `make_token(scopes=[...], faculties=[faculty] or None for all)` gives (raw, token)."""

import pytest
from rest_framework.test import APIClient

from api import services
from api.models import Scope
from tests.factories import StaffFactory

_counter = [0]


@pytest.fixture
def api_admin(db):
    """Staff of all faculties: they manage service accounts."""
    return StaffFactory()


@pytest.fixture
def make_account(api_admin):
    def make(*, scopes=tuple(Scope.values), faculties=None, name=None):
        _counter[0] += 1
        return services.create_service_account(
            by=api_admin,
            name=name or f"Registry {_counter[0]}",
            scopes=list(scopes),
            all_faculties=faculties is None,
            faculties=faculties or (),
        )

    return make


@pytest.fixture
def make_token(api_admin, make_account):
    def make(*, account=None, rate_limit=600, expires_on=None, **account_kwargs):
        account = account or make_account(**account_kwargs)
        token, raw = services.create_token(
            account=account,
            by=api_admin,
            name="main",
            rate_limit=rate_limit,
            expires_on=expires_on,
        )
        return raw, token

    return make


@pytest.fixture
def api_client():
    """A client calling with a token: `api_client(raw)`."""

    def make(raw=None):
        client = APIClient()
        if raw:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


@pytest.fixture
def memory_cache(settings):
    """The rate-limit counters in memory, so that query counts hold only the API's queries
    (the tests' database cache would add its own; Redis on CI adds none)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
