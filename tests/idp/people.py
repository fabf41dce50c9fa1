"""The people the test identity providers know, and what the tests make them do wrong.

The live server runs in the test's process, so a test adds people here and the providers'
views read them. Each person has a login at the provider (username and password, never a
Practica account of theirs) and the claims the provider sends about them.
"""

from dataclasses import dataclass, field

PASSWORD = "idp-password"


@dataclass
class Person:
    username: str
    email: str
    given_name: str = "Ana"
    family_name: str = "Pop"
    email_verified: bool = True
    groups: list[str] = field(default_factory=list)


PEOPLE: dict[str, Person] = {}

# What the providers get wrong on purpose, for the tests of bad input:
#   "audience": the OpenID provider's ID tokens name this audience instead of the client;
#   "unsigned": the SAML provider sends its assertion unsigned;
#   "expired": the SAML provider sends an assertion whose validity ended half an hour ago.
MISCHIEF: dict = {}


def add(username: str, **claims) -> Person:
    PEOPLE[username] = person = Person(username=username, **claims)
    return person


def reset() -> None:
    PEOPLE.clear()
    MISCHIEF.clear()


def backing_user(person: Person):
    """django-oauth-toolkit keeps its grants and tokens against a Django user: a stand-in
    account at an address no one has, which never signs in to Practica."""
    from accounts.models import Role, User

    user, _created = User.objects.get_or_create(
        email=f"{person.username}@idp.invalid",
        defaults={"role": Role.COMPANY, "first_name": "IdP", "last_name": person.username},
    )
    return user


def person_of(user) -> Person:
    return PEOPLE[user.email.removesuffix("@idp.invalid")]
