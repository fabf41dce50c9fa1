"""Single sign-on's reads (issue #17): what a provider said about a person, and which role
the sign-on rules give them. The adapter (accounts.adapters) acts on the answers."""

from allauth.account.models import EmailAddress
from django.conf import settings

from .emails import normalise_email
from .models import Role, SignOnRule, User


def claims_of(sociallogin) -> dict:
    """The provider's attributes, flat: OpenID Connect's userinfo over its ID token's claims,
    or SAML's attributes (each a list of values)."""
    data = sociallogin.account.extra_data or {}
    if "userinfo" in data or "id_token" in data:
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return dict(data)


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def _matches(
    rule: SignOnRule, *, provider: str, domain: str, email_verified: bool, claims: dict
) -> bool:
    if rule.provider.strip() and rule.provider.strip() != provider:
        return False
    if rule.email_domain.strip():
        # Anyone can type an address into an account at some providers: a domain says who
        # someone is only when the provider vouches for the address.
        if not email_verified:
            return False
        if rule.email_domain.strip().lstrip("@").lower() != domain:
            return False
    if rule.attribute.strip():
        return rule.value.strip() in _values(claims.get(rule.attribute.strip()))
    return True


def rule_for(*, provider: str, email: str, claims: dict, email_verified: bool) -> SignOnRule | None:
    """The first rule, by position, that matches; a rule of an e-mail domain only matches an
    address the provider verified."""
    domain = email.rpartition("@")[2].lower()
    for rule in SignOnRule.objects.all():
        if _matches(
            rule, provider=provider, domain=domain, email_verified=email_verified, claims=claims
        ):
            return rule
    return None


def role_for(*, provider: str, email: str, claims: dict, email_verified: bool) -> str:
    """The role of the first rule that matches, else settings.SSO_DEFAULT_ROLE; "" for none.
    The default role is given only to an address the provider verified: at a provider where
    anyone can type any address, an unverified one says nothing about who signs on."""
    rule = rule_for(provider=provider, email=email, claims=claims, email_verified=email_verified)
    if rule is not None:
        return rule.role
    if not email_verified:
        return ""
    default = settings.SSO_DEFAULT_ROLE
    return default if default in {Role.STUDENT, Role.STAFF, Role.MENTOR} else ""


def email_of(sociallogin) -> str:
    return normalise_email(sociallogin.user.email or "") if sociallogin.user else ""


def email_is_verified(sociallogin, email: str) -> bool:
    """Whether the provider vouches for the address: OpenID Connect's email_verified claim,
    or, for SAML, the provider's email_verified setting (or an email_verified attribute)."""
    return any(
        address.verified and normalise_email(address.email) == email
        for address in sociallogin.email_addresses
    )


def account_with_email(email: str) -> User | None:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else None
    return user


def has_confirmed(user: User, email: str) -> bool:
    """Whether `user` confirmed `email` (allauth's verified address). Only then may a sign-on
    the provider vouches for be linked to the account: anyone can sign up with a password
    under someone else's address and wait for its owner's first sign-on (pre-hijacking)."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
