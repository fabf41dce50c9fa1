"""The API's frame: tokens refused with problems, throttling per token, the audit line,
cursor pagination, and the problem shape of 404/405/validation errors."""

import datetime
import json

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Programme
from api import services
from api.models import Scope, Token
from api.problems import Problem, flatten_errors
from notifications.models import Access
from tests.factories import FacultyFactory, PeriodFactory, ProgrammeFactory

PROBLEM = "application/problem+json"


def assert_problem(response, status, *, type_end=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    data = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(data)
    assert data["status"] == status
    assert data["instance"] == response.wsgi_request.path
    if type_end is not None:
        assert data["type"].endswith("/problems/" + type_end), data["type"]
    return data


def test_missing_token_is_401_problem(api_client):
    response = api_client().get("/api/v1/programmes/")
    data = assert_problem(response, 401, type_end="not-authenticated")
    assert response["WWW-Authenticate"] == "Bearer"
    assert data["instance"] == "/api/v1/programmes/"
    assert not Access.objects.filter(kind=Access.Kind.API_CALL).exists()


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer a b", "Bearer nottoken", "Bearer prc_unknown", "Bearer prc_\u00e9"],
)
def test_malformed_or_unknown_token_is_401(client, header, db):
    response = client.get("/api/v1/programmes/", HTTP_AUTHORIZATION=header)
    assert_problem(response, 401, type_end="invalid-token")


def test_other_schemes_are_not_authenticated(client, db):
    response = client.get("/api/v1/programmes/", HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")
    assert_problem(response, 401, type_end="not-authenticated")


def test_revoked_token_is_refused(make_token, api_client, api_admin):
    raw, token = make_token()
    assert api_client(raw).get("/api/v1/periods/").status_code == 200
    services.revoke_token(token=token, by=api_admin)
    data = assert_problem(api_client(raw).get("/api/v1/periods/"), 401, type_end="invalid-token")
    assert "revoked" in data["detail"]


def test_expired_token_is_refused(make_token, api_client):
    raw, _token = make_token(expires_on=timezone.localdate() + datetime.timedelta(days=2))
    assert api_client(raw).get("/api/v1/periods/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        data = assert_problem(api_client(raw).get("/api/v1/periods/"), 401)
    assert "expired" in data["detail"]


def test_switched_off_account_is_refused(make_token, api_client, api_admin):
    raw, token = make_token()
    services.switch_service_account(account=token.account, by=api_admin, on=False)
    data = assert_problem(api_client(raw).get("/api/v1/periods/"), 401)
    assert "switched off" in data["detail"]
    services.switch_service_account(account=token.account, by=api_admin, on=True)
    assert api_client(raw).get("/api/v1/periods/").status_code == 200


def test_wrong_scope_is_403_problem(make_token, api_client, rf):
    from rest_framework.generics import ListAPIView

    from api.views import PeriodList

    class NeedsCertificates(PeriodList):
        required_scope = Scope.READ_CERTIFICATES

    raw, token = make_token(scopes=[Scope.READ_STUDENTS])
    request = rf.get("/api/v1/certificates-test/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = NeedsCertificates.as_view()(request)
    response.render()
    assert response.status_code == 403
    assert response["Content-Type"].startswith(PROBLEM)
    data = json.loads(response.content)
    assert data["type"].endswith("/problems/forbidden")
    assert "certificates:read" in data["detail"]
    assert issubclass(NeedsCertificates, ListAPIView)


def test_every_call_is_recorded_once(
    make_token, api_client, django_assert_num_queries, memory_cache
):
    raw, token = make_token()
    client = api_client(raw)
    client.get("/api/v1/periods/")  # last_used_at written: once a minute at most
    with django_assert_num_queries(3):  # the token, the page, the audit line
        response = client.get("/api/v1/periods/")
    assert response.status_code == 200
    line = Access.objects.filter(kind=Access.Kind.API_CALL).latest("pk")
    assert line.user == token.account.user
    assert line.label == "GET /api/v1/periods/"
    assert line.details == {
        "method": "GET",
        "path": "/api/v1/periods/",
        "status": 200,
        "token": token.prefix,
        "scope": "",
    }
    assert Access.objects.filter(kind=Access.Kind.API_CALL).count() == 2


def test_failed_calls_after_authentication_are_recorded(make_token, api_client):
    raw, token = make_token()
    response = api_client(raw).delete("/api/v1/periods/")
    assert_problem(response, 405)
    line = Access.objects.get(kind=Access.Kind.API_CALL)
    assert line.details["status"] == 405
    assert line.details["method"] == "DELETE"


def test_unhandled_error_is_a_500_problem_and_recorded(make_token, client, monkeypatch):
    from api import views

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.PeriodList, "get_queryset", broken)
    raw, token = make_token()
    client.raise_request_exception = False
    response = client.get("/api/v1/periods/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    data = assert_problem(response, 500)
    assert data["type"] == "about:blank"
    assert "boom" not in response.content.decode()
    assert Access.objects.get(kind=Access.Kind.API_CALL).details["status"] == 500


def test_throttle_is_per_token(make_token, api_client, one_rate_window):
    raw_a, token_a = make_token(rate_limit=2)
    raw_b, _token_b = make_token(account=token_a.account, rate_limit=2)
    a, b = api_client(raw_a), api_client(raw_b)
    assert a.get("/api/v1/periods/").status_code == 200
    assert a.get("/api/v1/periods/").status_code == 200
    response = a.get("/api/v1/periods/")
    data = assert_problem(response, 429, type_end="rate-limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert data["detail"]
    # The other token of the same account has its own count.
    assert b.get("/api/v1/periods/").status_code == 200
    assert b.get("/api/v1/periods/").status_code == 200
    assert b.get("/api/v1/periods/").status_code == 429
    cache.clear()
    assert a.get("/api/v1/periods/").status_code == 200


def test_refused_calls_count_against_the_rate_limit(make_token, api_client, one_rate_window):
    """A token without the scope is refused (403) within its limit, then throttled (429):
    refusals are not a way around the limit."""
    raw, _token = make_token(scopes=[Scope.READ_STUDENTS], rate_limit=2)
    client = api_client(raw)
    assert client.get("/api/v1/internships/").status_code == 403
    assert client.get("/api/v1/internships/").status_code == 403
    assert_problem(client.get("/api/v1/internships/"), 429, type_end="rate-limited")
    assert client.get("/api/v1/students/").status_code == 429
    assert Access.objects.filter(kind=Access.Kind.API_CALL).count() == 4


def test_unknown_address_inside_api_is_a_404_problem(client, db):
    data = assert_problem(client.get("/api/v1/nothing-here/"), 404)
    assert data["type"] == "about:blank"
    assert data["title"] == "Not Found"


def test_404_outside_api_is_still_the_site_page(client, db):
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code in (302, 404)
    assert not response["Content-Type"].startswith(PROBLEM)


def test_method_not_allowed_is_a_405_problem(make_token, api_client):
    raw, _token = make_token()
    response = api_client(raw).post("/api/v1/programmes/", {"name": "x"}, format="json")
    data = assert_problem(response, 405)
    assert "POST" in data["detail"]
    assert "GET" in response["Allow"]


def test_invalid_cursor_is_a_404_problem(make_token, api_client):
    raw, _token = make_token()
    assert_problem(api_client(raw).get("/api/v1/periods/?cursor=garbage"), 404)


def test_validation_errors_are_listed_by_field_and_row():
    detail = {
        "email": ["Enter a valid e-mail address."],
        "non_field_errors": ["Dates overlap."],
        "address": {"city": ["This field is required."]},
    }
    assert flatten_errors(detail) == [
        {"field": "email", "detail": "Enter a valid e-mail address."},
        {"detail": "Dates overlap."},
        {"field": "address.city", "detail": "This field is required."},
    ]
    batch = [{}, {"student_number": ["This field is required."]}]
    assert flatten_errors(batch) == [
        {"row": 1, "field": "student_number", "detail": "This field is required."}
    ]


def test_validation_error_problem_shape(make_token, rf):
    from rest_framework import serializers
    from rest_framework.views import APIView

    class Echo(APIView):
        required_scope = None

        def post(self, request):
            class In(serializers.Serializer):
                number = serializers.IntegerField()
                name = serializers.CharField()

            In(data=request.data).is_valid(raise_exception=True)

    raw, _token = make_token()
    request = rf.post(
        "/api/v1/echo/",
        data='{"number": "x"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    response = Echo.as_view()(request)
    response.render()
    assert response.status_code == 400
    assert response["Content-Type"].startswith(PROBLEM)
    data = json.loads(response.content)
    assert data["type"].endswith("/problems/validation-error")
    assert data["instance"] == "/api/v1/echo/"
    assert {e["field"] for e in data["errors"]} == {"number", "name"}


def test_problem_raised_by_a_view():
    problem = Problem(status=409, slug="conflict", title="Conflict here", detail="Because.")
    assert problem.status_code == 409
    assert problem.detail == "Because."


def test_malformed_json_is_a_problem(make_token, rf):
    from rest_framework.views import APIView

    class Echo(APIView):
        required_scope = None

        def post(self, request):
            return request.data

    raw, _token = make_token()
    request = rf.post(
        "/api/v1/echo/",
        data="{",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    response = Echo.as_view()(request)
    response.render()
    assert response.status_code == 400
    assert b"malformed-request" in response.content


def test_programmes_are_those_of_the_accounts_faculties(make_token, api_client):
    mine = FacultyFactory(code="FMI")
    other = FacultyFactory(code="FSE", name="Faculty of Economics")
    ours = ProgrammeFactory(faculty_unit=mine)
    theirs = ProgrammeFactory(faculty_unit=other)
    raw, _token = make_token(faculties=[mine])
    ids = [row["id"] for row in api_client(raw).get("/api/v1/programmes/").json()["results"]]
    assert ids == [ours.pk]
    raw_all, _token = make_token()
    ids = [row["id"] for row in api_client(raw_all).get("/api/v1/programmes/").json()["results"]]
    assert set(ids) == set(Programme.objects.values_list("pk", flat=True))
    assert theirs.pk in ids


def test_pagination_cursor_round_trip(make_token, api_client):
    periods = [PeriodFactory() for _ in range(5)]
    raw, _token = make_token()
    client = api_client(raw)
    first = client.get("/api/v1/periods/?page_size=2").json()
    assert [row["id"] for row in first["results"]] == [p.pk for p in periods[:2]]
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [p.pk for p in periods[2:4]]
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
    third = client.get(second["next"]).json()
    assert [row["id"] for row in third["results"]] == [periods[4].pk]
    assert third["next"] is None


def test_page_size_has_a_maximum(make_token, api_client, settings):
    settings.API_MAX_PAGE_SIZE = 3
    for _ in range(5):
        PeriodFactory()
    raw, _token = make_token()
    data = api_client(raw).get("/api/v1/periods/?page_size=500").json()
    assert len(data["results"]) == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_counts_do_not_grow(
    rows, make_token, api_client, django_assert_max_num_queries, memory_cache
):
    faculty = FacultyFactory()
    for _ in range(rows):
        ProgrammeFactory(faculty_unit=faculty)
        PeriodFactory()
    raw, _token = make_token(faculties=[faculty])
    client = api_client(raw)
    client.get("/api/v1/periods/")  # last_used_at written on the first call of a minute
    # token, scope (programmes of the faculties), page, audit line
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/programmes/").json()["results"]) == rows
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/periods/").json()["results"]) == rows


def test_api_calls_are_not_redirected_for_staff_without_mfa(
    make_token, client, settings, api_admin
):
    settings.STAFF_REQUIRE_MFA = True
    settings.SSO_STAFF_MFA_AT_PROVIDER = False
    client.force_login(api_admin)
    raw, _token = make_token()
    response = client.get("/api/v1/periods/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_api_does_not_use_the_session(client, api_admin, db):
    """A staff member's session is not an API credential."""
    client.force_login(api_admin)
    assert_problem(client.get("/api/v1/periods/"), 401)


def test_token_is_never_stored_raw(make_token):
    raw, token = make_token()
    stored = Token.objects.get(pk=token.pk)
    assert raw not in (stored.digest, stored.prefix, stored.name)
    assert raw.startswith(stored.prefix)


def test_a_view_that_names_no_scope_is_closed_to_every_token(make_token, rf):
    """Fail closed: a view that forgot `required_scope` is refused, not open to any token."""
    from api.views import PeriodList

    class Forgotten(PeriodList):
        pass

    del PeriodList.required_scope
    try:
        raw, _token = make_token()
        request = rf.get("/api/v1/forgotten/", HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = Forgotten.as_view()(request)
        response.render()
    finally:
        PeriodList.required_scope = None
    assert response.status_code == 403
    assert response["Content-Type"].startswith(PROBLEM)


def test_every_api_route_names_its_scope_or_is_public():
    """Each view under /api/v1/ says which scope it needs (None: any valid token), or lets
    anyone in on purpose (the schema, the documentation, the public certificate check)."""
    from django.urls import get_resolver
    from rest_framework.permissions import AllowAny

    from api.models import Scope

    public = {"schema", "docs", "api-certificate-verify"}
    found = {}

    def walk(patterns, namespace=""):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "api":
                found[entry.name] = entry.callback

    walk(get_resolver().url_patterns)
    assert len(found) >= 10
    for name, callback in found.items():
        cls = getattr(callback, "cls", None)
        if cls is None or AllowAny in getattr(cls, "permission_classes", ()):
            assert name in public, name
            continue
        assert "required_scope" in {k for klass in cls.__mro__ for k in vars(klass)}, name
        scope = cls.required_scope
        assert scope is None or scope in Scope.values, name
