"""Service accounts, tokens and a small world of two faculties for the data endpoints'
tests (api-data)."""

import secrets

from rest_framework.test import APIClient

from accounts.models import Role
from api.models import TOKEN_PREFIX, Scope, ServiceAccount, Token, token_digest
from tests.factories import FacultyFactory, ProgrammeFactory, StaffFactory, UserFactory

ALL_SCOPES = [scope.value for scope in Scope]


def service_client(scopes, faculties=None, name=None):
    """An API client holding a token of a new service account with `scopes`, of all
    faculties or of `faculties` only."""
    user = UserFactory(role=Role.SERVICE, first_name="", last_name="")
    user.set_unusable_password()
    user.save()
    if faculties is not None:
        user.all_faculties = False
        user.save(update_fields=["all_faculties"])
        user.faculties.set(faculties)
    creator = StaffFactory()
    account = ServiceAccount.objects.create(
        user=user,
        name=name or f"System {user.pk}",
        scopes=[str(scope) for scope in scopes],
        created_by=creator,
    )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    Token.objects.create(
        account=account, name="main", prefix=raw[:10], digest=token_digest(raw), created_by=creator
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.account = account
    return client


def two_faculties():
    """Faculty A with programme "INF-A", faculty B with programme "MAT-B"."""
    a = FacultyFactory(code="FA", name="Faculty A", name_ro="Facultatea A")
    b = FacultyFactory(code="FB", name="Faculty B", name_ro="Facultatea B")
    pa = ProgrammeFactory(code="INF-A", name="Informatics A", faculty_unit=a)
    pb = ProgrammeFactory(code="MAT-B", name="Mathematics B", faculty_unit=b)
    return a, b, pa, pb


def other_scopes(scope):
    return [other for other in ALL_SCOPES if other != str(scope)]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]
