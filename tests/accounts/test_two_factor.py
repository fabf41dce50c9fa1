"""Two-factor authentication (allauth's MFA): an authenticator app's codes, recovery codes,
and the setting that makes staff set one up before anything else."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before an account's security changes."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def activate_totp(client, user) -> str:
    """Sign in, confirm the password, read the secret from the setup page, confirm a code."""
    log_in(client, user)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    return secret


@pytest.fixture
def staff_with_totp(client, staff):
    secret = activate_totp(client, staff)
    client.logout()
    return staff, secret


def test_staff_activates_an_authenticator_app_with_a_valid_code(client, staff):
    activate_totp(client, staff)

    types = set(Authenticator.objects.filter(user=staff).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_setting_up_asks_for_the_password_again(client, staff):
    log_in(client, staff)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.url.startswith(reverse("account_reauthenticate"))


def test_a_wrong_code_does_not_activate_the_app(client, staff):
    log_in(client, staff)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=staff).exists()


def test_login_then_asks_for_the_code(client, staff_with_totp):
    staff, secret = staff_with_totp

    response = log_in(client, staff)

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.url == reverse("staff_home")
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_wrong_code_at_login_is_refused(client, staff_with_totp):
    staff, _secret = staff_with_totp
    log_in(client, staff)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_also_signs_in(client, staff_with_totp):
    staff, _secret = staff_with_totp
    codes = (
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    log_in(client, staff)

    client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.parametrize("who", ["staff", "company_admin", "student"])
def test_the_menu_links_to_two_factor_authentication(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("home"), follow=True)

    assert f'href="{reverse("mfa_index")}"' in response.content.decode()


def test_the_two_factor_pages_render_in_our_layout(client, staff):
    log_in(client, staff)
    confirm_password(client)

    index = client.get(reverse("mfa_index"))
    setup = client.get(reverse("mfa_activate_totp"))

    for page in (index, setup):
        assert page.status_code == 200
        assert 'class="site-header"' in page.content.decode()
    assert re.search(r"<h1[^>]*>\s*Activate Authenticator App\s*</h1>", setup.content.decode())


class TestStaffRequireMFA:
    @pytest.fixture(autouse=True)
    def _required(self, settings):
        settings.STAFF_REQUIRE_MFA = True

    def test_staff_without_an_authenticator_are_sent_to_set_one_up(self, client, staff):
        client.force_login(staff)

        response = client.get(reverse("staff_home"))

        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")

    def test_setup_and_logout_stay_reachable(self, client, staff):
        log_in(client, staff)
        confirm_password(client)

        assert client.get(reverse("mfa_activate_totp")).status_code == 200
        assert client.get(reverse("mfa_index")).status_code == 200
        assert client.post(reverse("account_logout")).status_code == 302
        assert "_auth_user_id" not in client.session

    def test_login_lands_on_the_setup_page(self, client, staff):
        response = log_in(client, staff)

        followed = client.get(response.url, follow=True)

        # Setting it up first asks for the password again.
        urls = [url for url, _status in followed.redirect_chain]
        assert urls[:2] == [
            reverse("mfa_activate_totp"),
            reverse("account_reauthenticate")
            + "?next="
            + reverse("mfa_activate_totp").replace("/", "%2F"),
        ]
        assert "set up an authenticator app to continue" in followed.content.decode()

    def test_staff_with_an_authenticator_go_on(self, client, staff):
        secret = activate_totp(client, staff)
        client.logout()
        log_in(client, staff)
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

        assert client.get(reverse("staff_home")).status_code == 200

    def test_admin_site_accounts_are_held_too(self, client, db):
        admin = UserFactory(role="mentor", is_staff=True)
        client.force_login(admin)

        assert client.get(reverse("home")).url == reverse("mfa_activate_totp")

    @pytest.mark.parametrize("who", ["student", "company_admin", "supervisor"])
    def test_other_roles_are_not_held(self, client, request, who):
        client.force_login(request.getfixturevalue(who))

        response = client.get(reverse("home"), follow=True)

        assert response.status_code == 200
        assert reverse("mfa_activate_totp") not in [url for url, _ in response.redirect_chain]


def test_without_the_setting_staff_are_not_held(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(staff)

    assert client.get(reverse("staff_home")).status_code == 200
