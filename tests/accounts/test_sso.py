"""Single sign-on (issue #17) end to end against the test identity providers (tests/idp):
real redirects, an RS256-signed ID token, a signed SAML assertion; no protocol mocks."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext as t

from accounts.models import MentorProfile, Role, SignOnRule, StudentProfile, User
from tests import factories
from tests.idp import people
from tests.idp.fixtures import Visitor, configure

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = "We could not sign you in"


@pytest.fixture
def rules(db):
    SignOnRule.objects.create(position=1, email_domain="stud.test.ro", role=Role.STUDENT)
    SignOnRule.objects.create(position=2, attribute="groups", value="office", role=Role.STAFF)
    SignOnRule.objects.create(position=3, email_domain="test.ro", role=Role.MENTOR)


def signed_in_as(visitor, url):
    """Who the visitor's session belongs to, as the home page redirect says."""
    return visitor.http.get(f"{url}/home/", timeout=10, allow_redirects=False).headers.get(
        "Location", ""
    )


def test_a_student_signs_on_with_openid_connect_and_gets_an_account_and_profile(
    identity_providers, rules
):
    people.add("ana", email="Ana.Pop@stud.test.ro", given_name="Ana", family_name="Pop")
    page = Visitor(identity_providers.url).oidc("ana")
    assert page.url.endswith("/student/"), page.url
    user = User.objects.get(email="ana.pop@stud.test.ro")
    assert (user.role, user.first_name, user.last_name) == (Role.STUDENT, "Ana", "Pop")
    assert not user.has_usable_password()
    profile = StudentProfile.objects.get(user=user)
    assert profile.student_number == "" and profile.programme is None
    assert SocialAccount.objects.get(user=user).provider == "uni"


def test_a_second_sign_on_signs_in_the_same_account(identity_providers, rules):
    people.add("ana", email="ana@stud.test.ro")
    Visitor(identity_providers.url).oidc("ana")
    page = Visitor(identity_providers.url).oidc("ana")
    assert page.url.endswith("/student/")
    assert User.objects.filter(email="ana@stud.test.ro").count() == 1
    assert SocialAccount.objects.count() == 1


def test_staff_sign_on_with_saml_by_their_group(identity_providers, rules):
    people.add("ion", email="ion@test.ro", groups=["teachers", "office"])
    page = Visitor(identity_providers.url).saml("ion")
    assert page.url.endswith("/staff/"), page.url
    user = User.objects.get(email="ion@test.ro")
    assert user.role == Role.STAFF
    assert SocialAccount.objects.get(user=user).provider == "uni-saml"


def test_a_rule_of_the_mentor_role_makes_a_supervisor(identity_providers, rules):
    people.add("dan", email="dan@test.ro")
    Visitor(identity_providers.url).oidc("dan")
    user = User.objects.get(email="dan@test.ro")
    assert user.role == Role.MENTOR
    assert user.mentor_profile.kind == MentorProfile.Kind.SUPERVISOR


def test_the_default_role_applies_when_no_rule_matches(identity_providers, settings):
    settings.SSO_DEFAULT_ROLE = "student"
    people.add("eva", email="eva@elsewhere.ro")
    page = Visitor(identity_providers.url).oidc("eva")
    assert page.url.endswith("/student/")
    assert User.objects.get(email="eva@elsewhere.ro").role == Role.STUDENT


def test_a_verified_email_links_to_the_existing_account(identity_providers, rules):
    staff = factories.StaffFactory(email="maria@test.ro")
    people.add("maria", email="MARIA@test.ro", email_verified=True)
    page = Visitor(identity_providers.url).oidc("maria")
    assert page.url.endswith("/staff/")
    assert SocialAccount.objects.get(provider="uni").user == staff
    assert User.objects.count() == 2  # Maria, and the provider's stand-in for her
    staff.refresh_from_db()
    assert staff.has_usable_password()  # her password still works too


def test_an_unverified_email_of_an_existing_account_is_refused(identity_providers, rules):
    company = factories.MembershipFactory(user__email="boss@stud.test.ro").user
    people.add("mallory", email="boss@stud.test.ro", email_verified=False)
    visitor = Visitor(identity_providers.url)
    page = visitor.oidc("mallory")
    assert page.status_code == 403
    assert REFUSED in page.text and "boss@stud.test.ro" in page.text
    assert "already exists" in page.text
    assert not SocialAccount.objects.exists()
    assert signed_in_as(visitor, identity_providers.url).startswith("/accounts/login/")
    company.refresh_from_db()
    assert company.role == Role.COMPANY


def test_saml_without_the_trust_flag_does_not_link_an_existing_account(
    identity_providers, rules, monkeypatch, settings
):
    configure(monkeypatch, settings, identity_providers.url, saml_email_verified=False)
    factories.StaffFactory(email="ion@test.ro")
    people.add("ion", email="ion@test.ro", groups=["office"])
    page = Visitor(identity_providers.url).saml("ion")
    assert page.status_code == 403 and "already exists" in page.text
    assert not SocialAccount.objects.exists()


def test_a_domain_with_no_role_is_refused_and_creates_nothing(identity_providers, rules):
    people.add("guest", email="guest@elsewhere.ro")
    visitor = Visitor(identity_providers.url)
    page = visitor.oidc("guest")
    assert page.status_code == 403
    assert "no role is set" in page.text
    assert not User.objects.filter(email="guest@elsewhere.ro").exists()
    assert not SocialAccount.objects.exists()
    assert signed_in_as(visitor, identity_providers.url).startswith("/accounts/login/")


def test_an_id_token_for_another_audience_is_refused(identity_providers, rules):
    people.add("ana", email="ana@stud.test.ro")
    people.MISCHIEF["audience"] = "another-service"
    page = Visitor(identity_providers.url).oidc("ana")
    assert page.status_code == 401
    assert REFUSED in page.text
    assert not User.objects.filter(email="ana@stud.test.ro").exists()


def test_an_unsigned_assertion_is_refused(identity_providers, rules):
    people.add("ion", email="ion@test.ro", groups=["office"])
    people.MISCHIEF["unsigned"] = True
    page = Visitor(identity_providers.url).saml("ion")
    assert page.status_code == 401 and REFUSED in page.text
    assert not User.objects.filter(email="ion@test.ro").exists()


def test_an_expired_assertion_is_refused(identity_providers, rules):
    people.add("ion", email="ion@test.ro", groups=["office"])
    people.MISCHIEF["expired"] = True
    page = Visitor(identity_providers.url).saml("ion")
    assert page.status_code == 401 and REFUSED in page.text
    assert not User.objects.filter(email="ion@test.ro").exists()


def test_a_replayed_assertion_is_refused(identity_providers, rules):
    people.add("ion", email="ion@test.ro", groups=["office"])
    visitor = Visitor(identity_providers.url)
    action, fields = visitor.saml_response("ion")
    assert visitor.post_to_acs(action, fields).url.endswith("/staff/")
    again = visitor.post_to_acs(action, fields)
    assert again.status_code == 403 and "already used" in again.text
    stolen = Visitor(identity_providers.url).post_to_acs(action, fields)
    assert stolen.status_code == 403 and "already used" in stolen.text
    assert User.objects.filter(email="ion@test.ro").count() == 1
    assert SocialAccount.objects.count() == 1


def test_a_wrong_password_at_the_provider_signs_no_one_in(identity_providers, rules):
    people.add("ana", email="ana@stud.test.ro")
    visitor = Visitor(identity_providers.url)
    page = visitor.start("/accounts/oidc/uni/login/?process=login")
    answer = visitor.http.post(
        page.url,
        data={"csrfmiddlewaretoken": visitor.csrf(), "username": "ana", "password": "x"},
        timeout=10,
    )
    assert t("Wrong username or password.") in answer.text
    assert not User.objects.filter(email="ana@stud.test.ro").exists()


def test_a_signed_in_person_links_their_own_university_account(identity_providers, rules):
    company = factories.MembershipFactory(user__email="hr@firm.ro").user
    people.add("hr", email="someone.else@stud.test.ro", email_verified=False)
    visitor = Visitor(identity_providers.url)
    visitor.http.post(
        f"{identity_providers.url}/accounts/login/",
        data={
            "csrfmiddlewaretoken": visitor.csrf(),
            "login": company.email,
            "password": factories.PASSWORD,
        },
        timeout=10,
    )
    page = visitor.start("/accounts/oidc/uni/login/?process=connect")
    visitor.sign_in_at_provider(page, "hr")
    assert SocialAccount.objects.get(provider="uni").user == company
    assert not User.objects.filter(email="someone.else@stud.test.ro").exists()


# Pre-hijacking: an address someone signed up with is not theirs until they confirm it ------


def test_a_sign_on_is_not_linked_to_an_account_that_never_confirmed_the_address(
    identity_providers, rules
):
    from allauth.account.models import EmailAddress

    squatter = factories.MembershipFactory(user__email="victim@stud.test.ro").user
    EmailAddress.objects.filter(user=squatter).update(verified=False)
    password = squatter.password
    people.add("victim", email="victim@stud.test.ro", email_verified=True)
    visitor = Visitor(identity_providers.url)
    page = visitor.oidc("victim")
    assert page.status_code == 403
    assert REFUSED in page.text and "victim@stud.test.ro" in page.text
    assert "never confirmed" in page.text and "Contact the internship office" in page.text
    assert not SocialAccount.objects.exists()
    assert signed_in_as(visitor, identity_providers.url).startswith("/accounts/login/")
    squatter.refresh_from_db()
    assert (squatter.role, squatter.password) == (Role.COMPANY, password)
    assert not EmailAddress.objects.get(user=squatter).verified
    assert not User.objects.filter(email="victim@stud.test.ro").exclude(pk=squatter.pk).exists()


def test_an_unconfirmed_second_address_of_another_account_is_not_linked_either(
    identity_providers, rules
):
    from allauth.account.models import EmailAddress

    squatter = factories.MembershipFactory(user__email="squatter@firm.ro").user
    EmailAddress.objects.create(user=squatter, email="victim@stud.test.ro", verified=False)
    people.add("victim", email="victim@stud.test.ro", email_verified=True)
    page = Visitor(identity_providers.url).oidc("victim")
    assert page.status_code == 403 and "never confirmed" in page.text
    assert not SocialAccount.objects.exists()
    assert not User.objects.filter(email="victim@stud.test.ro").exists()


# A role from an e-mail domain needs an address the provider verified -----------------------


def test_an_unverified_address_gets_no_role_from_its_domain(identity_providers):
    SignOnRule.objects.create(email_domain="office.test.ro", role=Role.STAFF)
    people.add("dean", email="dean@office.test.ro", email_verified=False)
    visitor = Visitor(identity_providers.url)
    page = visitor.oidc("dean")
    assert page.status_code == 403 and REFUSED in page.text
    assert "does not confirm" in page.text and "dean@office.test.ro" in page.text
    assert not User.objects.filter(email="dean@office.test.ro").exists()
    assert not SocialAccount.objects.exists()
    assert signed_in_as(visitor, identity_providers.url).startswith("/accounts/login/")


def test_the_same_address_verified_gets_the_role_of_its_domain(identity_providers):
    SignOnRule.objects.create(email_domain="office.test.ro", role=Role.STAFF)
    people.add("dean", email="dean@office.test.ro", email_verified=True)
    page = Visitor(identity_providers.url).oidc("dean")
    assert page.url.endswith("/staff/")
    assert User.objects.get(email="dean@office.test.ro").role == Role.STAFF


def test_an_attribute_rule_still_gives_a_role_to_an_unverified_address(identity_providers, rules):
    people.add("ion", email="ion@test.ro", groups=["office"], email_verified=False)
    page = Visitor(identity_providers.url).oidc("ion")
    assert page.url.endswith("/accounts/confirm-email/"), page.url  # they confirm it first
    assert User.objects.get(email="ion@test.ro").role == Role.STAFF


# Staff a sign-on creates work for the rule's faculties, else for none ----------------------


def test_staff_created_by_sign_on_work_for_no_faculty_and_are_told_so(identity_providers, rules):
    people.add("ion", email="ion@test.ro", groups=["office"])
    page = Visitor(identity_providers.url).saml("ion")
    assert page.status_code == 200 and page.url.endswith("/staff/")
    assert "You do not work for any faculty yet" in page.text
    user = User.objects.get(email="ion@test.ro")
    assert not user.all_faculties and not user.faculties.exists()


def test_staff_created_by_a_rule_with_faculties_work_for_those(identity_providers):
    faculty = factories.FacultyFactory(code="FMI")
    other = factories.FacultyFactory(code="FSEGA", name="Faculty of Economics", name_ro="FSEGA")
    rule = SignOnRule.objects.create(attribute="groups", value="fmi", role=Role.STAFF)
    rule.faculties.set([faculty])
    people.add("ion", email="ion@test.ro", groups=["fmi"])
    page = Visitor(identity_providers.url).saml("ion")
    assert page.url.endswith("/staff/") and "You do not work for any faculty" not in page.text
    user = User.objects.get(email="ion@test.ro")
    assert not user.all_faculties
    assert list(user.faculties.all()) == [faculty] and other not in user.faculties.all()


def test_staff_created_by_a_rule_of_all_faculties_work_for_all(identity_providers):
    factories.FacultyFactory(code="FMI")
    SignOnRule.objects.create(
        attribute="groups", value="office", role=Role.STAFF, all_faculties=True
    )
    people.add("ion", email="ion@test.ro", groups=["office"])
    Visitor(identity_providers.url).saml("ion")
    user = User.objects.get(email="ion@test.ro")
    assert user.all_faculties and not user.faculties.exists()


def test_a_rule_s_faculties_do_not_touch_a_student_it_creates(identity_providers):
    rule = SignOnRule.objects.create(email_domain="stud.test.ro", role=Role.STUDENT)
    rule.faculties.set([factories.FacultyFactory(code="FMI")])
    people.add("ana", email="ana@stud.test.ro")
    Visitor(identity_providers.url).oidc("ana")
    user = User.objects.get(email="ana@stud.test.ro")
    assert user.role == Role.STUDENT and not user.faculties.exists()
