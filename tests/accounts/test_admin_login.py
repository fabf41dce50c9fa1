"""The admin signs in through the app's own login, with its attempt limits."""

import pytest
from django.urls import reverse

from accounts.models import User

PASSWORD = "a long enough password 1"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.org", PASSWORD)


def test_the_admin_login_sends_anonymous_visitors_to_the_apps_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_no_password_is_tried_through_the_admins_own_form(client, superuser):
    for _ in range(40):
        client.post(reverse("admin:login"), {"username": superuser.email, "password": "wrong"})

    response = client.post(
        reverse("admin:login"), {"username": superuser.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_apps_login_limits_attempts_for_the_admin_too(client, superuser):
    for _ in range(40):
        client.post(reverse("account_login"), {"login": superuser.email, "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": superuser.email, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_without_admin_access_is_refused(client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_a_signed_in_superuser_opens_the_admin(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("admin:index")).status_code == 200
