"""Single sign-on's configuration (issue #17): providers from the environment or the admin,
shown on the login page beside the password form; sign-on rules in their order."""

import json

import pytest
from allauth.socialaccount.models import SocialApp

from accounts import sso
from accounts.models import Role, SignOnRule
from config import sso as sso_settings


def test_no_provider_is_configured_by_default(monkeypatch):
    monkeypatch.delenv("SSO_OIDC_PROVIDERS", raising=False)
    assert sso_settings.oidc_apps() == [] and sso_settings.saml_apps() == []


def test_providers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(
        "SSO_OIDC_PROVIDERS",
        json.dumps(
            {
                "id": "entra",
                "name": "UBB",
                "server_url": "https://login.microsoftonline.com/tenant/v2.0",
                "client_id": "abc",
                "secret": "s",
            }
        ),
    )
    monkeypatch.setenv(
        "SSO_SAML_PROVIDERS",
        json.dumps(
            [
                {
                    "id": "kc",
                    "name": "UBB",
                    "entity_id": "https://kc/realms/ubb",
                    "metadata_url": "https://kc/realms/ubb/protocol/saml/descriptor",
                    "email_verified": True,
                }
            ]
        ),
    )
    (oidc,) = sso_settings.oidc_apps()
    assert oidc["provider_id"] == "entra" and oidc["settings"]["oauth_pkce_enabled"] is True
    (saml,) = sso_settings.saml_apps()
    assert saml["client_id"] == "kc" and saml["settings"]["verified_email"] is True
    assert saml["settings"]["idp"]["metadata_url"].endswith("/descriptor")
    assert saml["settings"]["advanced"]["want_assertion_signed"] is True


def test_a_provider_without_an_id_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SSO_OIDC_PROVIDERS", json.dumps([{"name": "UBB"}]))
    with pytest.raises(ValueError, match="SSO_OIDC_PROVIDERS: each provider needs id"):
        sso_settings.oidc_apps()


def test_the_login_page_offers_each_provider_and_keeps_the_password_form(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "uni",
                    "name": "Universitatea de Test",
                    "client_id": "x",
                    "settings": {"server_url": "https://idp.invalid"},
                }
            ]
        }
    }
    SocialApp.objects.create(
        provider="saml",
        provider_id="admin-saml",
        name="Facultatea din Admin",
        client_id="admin-saml",
        settings={"idp": {"entity_id": "e", "sso_url": "https://idp.invalid", "x509cert": ""}},
    )
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Universitatea de Test" in page
    assert "Sign in with Facultatea din Admin" in page
    assert 'action="/accounts/oidc/uni/login/?process=login"' in page
    assert 'name="password"' in page


def test_the_login_page_has_no_university_section_without_providers(client):
    assert (
        "Students and staff of the university"
        not in client.get("/accounts/login/").content.decode()
    )


def role_for(**kwargs):
    return sso.role_for(**kwargs, email_verified=True)


@pytest.mark.django_db
def test_the_first_matching_rule_by_position_gives_the_role():
    SignOnRule.objects.create(position=2, email_domain="ubb.ro", role=Role.MENTOR)
    SignOnRule.objects.create(
        position=1, email_domain="@UBB.ro", attribute="groups", value="students", role=Role.STUDENT
    )
    SignOnRule.objects.create(
        position=3, provider="other", attribute="role", value="staff", role=Role.STAFF
    )
    assert (
        role_for(provider="uni", email="a@ubb.ro", claims={"groups": ["students"]}) == Role.STUDENT
    )
    assert role_for(provider="uni", email="a@ubb.ro", claims={"groups": "x"}) == Role.MENTOR
    assert role_for(provider="uni", email="a@x.ro", claims={"role": "staff"}) == ""
    assert role_for(provider="other", email="a@x.ro", claims={"role": "staff"}) == Role.STAFF


@pytest.mark.django_db
def test_an_unverified_address_matches_no_rule_of_an_email_domain():
    SignOnRule.objects.create(position=1, email_domain="ubb.ro", role=Role.STAFF)
    SignOnRule.objects.create(
        position=2, email_domain="ubb.ro", attribute="groups", value="x", role=Role.MENTOR
    )
    SignOnRule.objects.create(position=3, attribute="groups", value="students", role=Role.STUDENT)
    unverified = {"provider": "uni", "email": "a@ubb.ro", "email_verified": False}
    assert sso.role_for(**unverified, claims={"groups": ["x"]}) == ""
    assert sso.role_for(**unverified, claims={"groups": ["students"]}) == Role.STUDENT


@pytest.mark.django_db
def test_the_default_role_is_given_only_to_a_verified_address(settings):
    settings.SSO_DEFAULT_ROLE = Role.STAFF
    address = {"provider": "uni", "email": "a@elsewhere.ro", "claims": {}}
    assert sso.role_for(**address, email_verified=True) == Role.STAFF
    assert sso.role_for(**address, email_verified=False) == ""


@pytest.mark.django_db
def test_a_rule_matching_nothing_cannot_be_saved():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SignOnRule(role=Role.STUDENT).full_clean()


@pytest.mark.django_db
def test_staff_who_only_sign_on_use_the_providers_second_factor(client, settings):
    from django.urls import reverse

    from tests import factories

    settings.STAFF_REQUIRE_MFA = True
    signed_on = factories.StaffFactory()
    signed_on.set_unusable_password()
    signed_on.save()
    client.force_login(signed_on)
    assert client.get(reverse("staff_home")).status_code == 200

    settings.SSO_STAFF_MFA_AT_PROVIDER = False
    assert client.get(reverse("staff_home")).url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_the_saml_service_provider_publishes_its_metadata(client, settings, monkeypatch):
    monkeypatch.setenv(
        "SSO_SAML_PROVIDERS",
        json.dumps(
            {
                "id": "uni-saml",
                "name": "UBB",
                "entity_id": "https://idp.example.ro",
                "sso_url": "https://idp.example.ro/sso",
                "x509cert": "",
                "allow_single_label_domains": True,  # the test client's host: testserver
            }
        ),
    )
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": sso_settings.saml_apps()}}
    response = client.get("/accounts/saml/uni-saml/metadata/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'entityID="http://testserver/accounts/saml/uni-saml/metadata/"' in body
    assert "http://testserver/accounts/saml/uni-saml/acs/" in body


@pytest.mark.django_db
def test_only_the_admin_site_edits_sign_on_rules(client):
    from tests import factories

    client.force_login(factories.StaffFactory())  # university staff, not an admin-site user
    assert client.get("/admin/accounts/signonrule/").status_code == 302


@pytest.mark.django_db
def test_the_admin_sets_a_sign_on_rule_s_faculties(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests import factories

    faculty = factories.FacultyFactory(code="FMI")
    client.force_login(
        get_user_model().objects.create_superuser("root@example.org", "a long enough password 1")
    )
    add = client.get(reverse("admin:accounts_signonrule_add")).content.decode()
    assert 'name="faculties"' in add and 'name="all_faculties"' in add
    response = client.post(
        reverse("admin:accounts_signonrule_add"),
        {
            "position": 1,
            "attribute": "groups",
            "value": "fmi",
            "role": Role.STAFF,
            "faculties": [faculty.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = SignOnRule.objects.get()
    assert list(rule.faculties.all()) == [faculty] and not rule.all_faculties
    listing = client.get(reverse("admin:accounts_signonrule_changelist")).content.decode()
    assert "column-all_faculties" in listing
