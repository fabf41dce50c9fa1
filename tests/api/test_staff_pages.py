"""Staff pages of the API: service accounts and tokens, for staff of all faculties only;
a token is shown once and stored as a digest; revoking keeps it listed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from api.models import ServiceAccount, Token, token_digest
from notifications.models import Event
from tests.factories import FacultyFactory, StaffFactory, StudentFactory


@pytest.fixture
def admin_client(client, api_admin):
    client.force_login(api_admin)
    return client


def test_create_account_makes_a_service_user(admin_client):
    faculty = FacultyFactory()
    response = admin_client.post(
        reverse("staff_api_account_new"),
        {
            "name": "Student records",
            "description": "The registry's system",
            "scopes": ["students:read", "roster:write"],
            "all_faculties": "0",
            "faculties": [faculty.pk],
        },
    )
    account = ServiceAccount.objects.get(name="Student records")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_api_account", args=[account.pk])
    user = account.user
    assert user.role == Role.SERVICE
    assert not user.has_usable_password()
    assert user.email == "service-student-records@service.invalid"
    assert not user.all_faculties
    assert list(user.faculties.all()) == [faculty]
    assert account.scopes == ["roster:write", "students:read"]
    created = Event.objects.get(action="service_account_created")
    # the scopes are in the note: the line's old/new hold 16 characters (PostgreSQL)
    assert "students:read" in created.note and created.to_status == ""


def test_some_faculties_needs_a_faculty(admin_client):
    response = admin_client.post(
        reverse("staff_api_account_new"), {"name": "X", "all_faculties": "0"}
    )
    assert response.status_code == 400
    assert not ServiceAccount.objects.exists()


def test_staff_of_some_faculties_and_other_roles_cannot_manage(client, make_account):
    account = make_account()
    for user in (StaffFactory(faculties=[FacultyFactory()]), StudentFactory().user):
        client.force_login(user)
        for url in (
            reverse("staff_api_accounts"),
            reverse("staff_api_account_new"),
            reverse("staff_api_account", args=[account.pk]),
        ):
            assert client.get(url).status_code == 403
        assert (
            client.post(
                reverse("staff_api_token_new", args=[account.pk]),
                {
                    "name": "x",
                    "rate_limit": 5,
                },
            ).status_code
            == 403
        )
    assert not Token.objects.exists()


def test_token_is_shown_once_and_stored_as_digest(admin_client, make_account, api_client):
    account = make_account()
    response = admin_client.post(
        reverse("staff_api_token_new", args=[account.pk]),
        {"name": "records server", "rate_limit": "120", "expires_on": ""},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r"prc_[A-Za-z0-9_-]+", response.content.decode()).group(0)
    token = Token.objects.get(account=account)
    assert token.digest == token_digest(raw)
    assert token.rate_limit == 120
    page = admin_client.get(reverse("staff_api_account", args=[account.pk])).content.decode()
    assert raw not in page
    assert token.prefix in page
    assert api_client(raw).get("/api/v1/periods/").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"name": "t", "rate_limit": "0"},
        {"name": "t", "rate_limit": "10001"},
        {"name": "t", "rate_limit": "10", "expires_on": "2000-01-01"},
        {"name": "t", "rate_limit": "10", "expires_on": "2999-01-01"},
        {"name": "", "rate_limit": "10"},
    ],
)
def test_bad_token_input_is_refused(admin_client, make_account, data):
    account = make_account()
    response = admin_client.post(reverse("staff_api_token_new", args=[account.pk]), data)
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_expiry_within_two_years_is_accepted(admin_client, make_account):
    account = make_account()
    day = timezone.localdate() + datetime.timedelta(days=30)
    admin_client.post(
        reverse("staff_api_token_new", args=[account.pk]),
        {"name": "t", "rate_limit": "10", "expires_on": day.isoformat()},
    )
    token = Token.objects.get()
    assert timezone.localtime(token.expires_at).date() == day + datetime.timedelta(days=1)


def test_revoke_asks_then_revokes_and_keeps_listing(admin_client, make_token, api_client):
    raw, token = make_token()
    url = reverse("staff_api_token_revoke", args=[token.account_id, token.pk])
    assert admin_client.get(url).status_code == 200
    assert Token.objects.get(pk=token.pk).revoked_at is None
    response = admin_client.post(url)
    assert response.status_code == 302
    assert Token.objects.get(pk=token.pk).revoked_at is not None
    page = admin_client.get(reverse("staff_api_account", args=[token.account_id]))
    assert token.prefix in page.content.decode()
    assert api_client(raw).get("/api/v1/periods/").status_code == 401
    assert Event.objects.filter(action="api_token_revoked").count() == 1


def test_revoke_a_token_of_another_account_is_404(admin_client, make_token, make_account):
    _raw, token = make_token()
    other = make_account()
    url = reverse("staff_api_token_revoke", args=[other.pk, token.pk])
    assert admin_client.post(url).status_code == 404
    assert Token.objects.get(pk=token.pk).revoked_at is None


def test_switch_off_and_on(admin_client, make_token, api_client):
    raw, token = make_token()
    url = reverse("staff_api_account_switch", args=[token.account_id])
    admin_client.post(url, {"on": "0"})
    assert api_client(raw).get("/api/v1/periods/").status_code == 401
    admin_client.post(url, {"on": "1"})
    assert api_client(raw).get("/api/v1/periods/").status_code == 200


def test_edit_account(admin_client, make_account):
    account = make_account()
    faculty = FacultyFactory()
    response = admin_client.post(
        reverse("staff_api_account_edit", args=[account.pk]),
        {
            "name": "Renamed",
            "scopes": ["certificates:read"],
            "all_faculties": "0",
            "faculties": [faculty.pk],
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.name == "Renamed"
    assert account.scopes == ["certificates:read"]
    assert not account.user.all_faculties
    assert Event.objects.filter(action="service_account_edited").count() == 1


def test_service_accounts_cannot_sign_in(client, make_account):
    account = make_account()
    assert not client.login(email=account.user.email, password="")


def test_staff_home_links_the_api_pages(admin_client):
    page = admin_client.get(reverse("staff_home")).content.decode()
    assert reverse("staff_api_accounts") in page


@pytest.mark.parametrize("rows", [3, 30])
def test_accounts_list_query_count(admin_client, make_account, rows, django_assert_max_num_queries):
    faculty = FacultyFactory()
    for n in range(rows):
        make_account(faculties=[faculty] if n % 2 else None)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("staff_api_accounts"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_account_page_query_count(admin_client, make_token, rows, django_assert_max_num_queries):
    _raw, token = make_token()
    for _ in range(rows - 1):
        make_token(account=token.account)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("staff_api_account", args=[token.account_id]))
    assert response.status_code == 200


def test_two_accounts_named_alike_at_once_the_second_is_told(api_admin, monkeypatch):
    from accounts.models import User
    from api import services
    from core.services import ServiceError

    services.create_service_account(by=api_admin, name="Records", scopes=[])
    filter_ = ServiceAccount.objects.filter

    def before_the_first_committed(*args, **kwargs):
        return filter_(pk=-1) if "name__iexact" in kwargs else filter_(*args, **kwargs)

    monkeypatch.setattr(ServiceAccount.objects, "filter", before_the_first_committed)
    with pytest.raises(ServiceError, match="exists already"):
        services.create_service_account(by=api_admin, name="Records", scopes=[])
    assert ServiceAccount.objects.count() == 1
    assert User.objects.filter(role=Role.SERVICE).count() == 1
