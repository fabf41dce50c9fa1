"""Single sign-on in Chromium (issue #17): through the test identity providers (tests/idp),
with real redirects and signed answers, to each role's home; axe on every page."""

from playwright.sync_api import expect

from accounts.models import Role, SignOnRule, StudentProfile, User
from tests.idp import people

from .conftest import assert_accessible


def sign_in_at_the_university(page, username):
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(people.PASSWORD)
    page.get_by_role("button", name="Sign in at the university").click()


def test_a_student_signs_in_through_openid_connect_and_lands_on_the_student_home(
    site, page, identity_providers
):
    SignOnRule.objects.create(email_domain="stud.test.ro", role=Role.STUDENT)
    people.add("ioana", email="ioana.balan@stud.test.ro", given_name="Ioana", family_name="Bălan")

    page.goto(site.url + "/accounts/login/")
    assert_accessible(page)
    expect(page.get_by_label("Password")).to_be_visible()  # organisations still use it
    page.get_by_role("button", name="Sign in with Universitatea de Test", exact=True).click()

    sign_in_at_the_university(page, "ioana")

    expect(page.get_by_role("heading", name="Welcome, Ioana")).to_be_visible()
    expect(page.get_by_text("Welcome to Practica. Complete your profile")).to_be_visible()
    assert page.url == site.url + "/student/"
    assert_accessible(page)
    user = User.objects.get(email="ioana.balan@stud.test.ro")
    assert user.role == Role.STUDENT and StudentProfile.objects.filter(user=user).exists()


def test_a_staff_member_signs_in_through_saml_and_lands_on_the_staff_home(
    site, page, identity_providers
):
    SignOnRule.objects.create(attribute="groups", value="internship-office", role=Role.STAFF)
    people.add("radu", email="radu@test.ro", given_name="Radu", groups=["internship-office"])

    page.goto(site.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Universitatea de Test (SAML)").click()

    sign_in_at_the_university(page, "radu")
    expect(page.get_by_role("button", name="Continue to Practica")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue to Practica").click()

    page.wait_for_url(site.url + "/staff/")
    expect(page.get_by_role("heading", name="Internship office")).to_be_visible()
    # The rule names no faculty: nothing of any faculty until the office assigns them one.
    expect(
        page.get_by_role("status").filter(has_text="do not work for any faculty")
    ).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(email="radu@test.ro").role == Role.STAFF


def test_a_domain_with_no_role_gets_a_clear_page(site, page, identity_providers):
    people.add("guest", email="guest@elsewhere.ro")

    page.goto(site.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Universitatea de Test", exact=True).click()
    sign_in_at_the_university(page, "guest")

    expect(page.get_by_role("heading", name="We could not sign you in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("no role is set")
    assert_accessible(page)
    assert not User.objects.filter(email="guest@elsewhere.ro").exists()
