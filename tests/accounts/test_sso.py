"""Single sign-on (issue #17) end to end against the test identity providers (tests/idp):
real redirects, an RS256-signed ID token, a signed SAML assertion; no protocol mocks."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import Role, SignOnRule, StudentProfile, User
from tests.idp import people
from tests.idp.fixtures import Visitor, identity_providers  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rules(db):
    SignOnRule.objects.create(position=1, email_domain="stud.test.ro", role=Role.STUDENT)
    SignOnRule.objects.create(position=2, attribute="groups", value="office", role=Role.STAFF)
    SignOnRule.objects.create(position=3, email_domain="test.ro", role=Role.MENTOR)


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
