"""Service accounts and their tokens: every change, by staff of all faculties, recorded."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Role
from core.audit import changes, record_event
from core.services import ServiceError

from .models import TOKEN_PREFIX, Scope, ServiceAccount, Token, token_digest

User = get_user_model()
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8


def ensure(by, perm="api.manage_service_accounts", obj=None):
    if not by.has_perm(perm, obj):
        raise PermissionDenied


def service_email(name: str) -> str:
    """An address no one receives (.invalid, RFC 2606): the account is never mailed."""
    slug = slugify(name)[:60] or "account"
    email = f"service-{slug}@service.invalid"
    n = 2
    while User.objects.filter(email__iexact=email).exists():
        email = f"service-{slug}-{n}@service.invalid"
        n += 1
    return email


def _clean_scopes(scopes) -> list[str]:
    valid = set(Scope.values)
    unknown = [s for s in scopes if s not in valid]
    if unknown:
        raise ServiceError(_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    return sorted(set(scopes))


def _faculty_names(user) -> str:
    if user.all_faculties:
        return _("all faculties")
    return ", ".join(sorted(f.code for f in user.faculties.all()))


@transaction.atomic
def create_service_account(
    *, by, name: str, description: str = "", scopes=(), all_faculties=True, faculties=()
) -> ServiceAccount:
    """A service account with its own user (role service, no usable password, an address
    nobody receives), scoped to all faculties or to some."""
    ensure(by)
    name = name.strip()
    if ServiceAccount.objects.filter(name__iexact=name).exists():
        raise ServiceError(_("A service account of this name exists already."))
    if not all_faculties and not faculties:
        raise ServiceError(_("Choose the faculties the account may read, or all faculties."))
    user = User(
        email=service_email(name),
        first_name=name[:150],
        last_name="",
        role=Role.SERVICE,
        all_faculties=bool(all_faculties),
    )
    user.set_unusable_password()
    try:
        # Two members of staff naming an account alike at once: the second is told, as if
        # it had come second to the check above (the unique name and address decide).
        with transaction.atomic():
            user.save()
            account = ServiceAccount.objects.create(
                user=user,
                name=name,
                description=description,
                scopes=_clean_scopes(scopes),
                created_by=by,
            )
    except IntegrityError:
        raise ServiceError(_("A service account of this name exists already.")) from None
    if not all_faculties:
        user.faculties.set(faculties)
    record_event(
        account,
        by=by,
        action="service_account_created",
        # The scopes are a note, not the line's `new` (16 characters at most: PostgreSQL
        # refuses a longer value).
        note=f"scopes: {', '.join(account.scopes) or '—'}; faculties: {_faculty_names(user)}",
    )
    return account


@transaction.atomic
def edit_service_account(
    *, account: ServiceAccount, by, name: str, description: str, scopes, all_faculties, faculties
) -> ServiceAccount:
    ensure(by)
    account = ServiceAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
    name = name.strip()
    if ServiceAccount.objects.filter(name__iexact=name).exclude(pk=account.pk).exists():
        raise ServiceError(_("A service account of this name exists already."))
    if not all_faculties and not faculties:
        raise ServiceError(_("Choose the faculties the account may read, or all faculties."))
    user = account.user
    before = {
        "name": account.name,
        "scopes": list(account.scopes),
        "faculties": _faculty_names(user),
    }
    account.name = name
    account.description = description
    account.scopes = _clean_scopes(scopes)
    account.save()
    user.all_faculties = bool(all_faculties)
    user.first_name = name[:150]
    user.save(update_fields=["all_faculties", "first_name"])
    user.faculties.set([] if all_faculties else faculties)
    after = {
        "name": account.name,
        "scopes": list(account.scopes),
        "faculties": _faculty_names(user),
    }
    record_event(account, by=by, action="service_account_edited", note=changes(before, after))
    return account


@transaction.atomic
def switch_service_account(*, account: ServiceAccount, by, on: bool) -> ServiceAccount:
    """Switch an account off (its tokens are refused) or on again."""
    ensure(by)
    user = User.objects.select_for_update().get(pk=account.user_id)
    if user.is_active == on:
        return account
    user.is_active = on
    user.save(update_fields=["is_active"])
    record_event(
        account,
        by=by,
        action="service_account_switched_on" if on else "service_account_switched_off",
    )
    account.user = user
    return account


def max_expiry():
    return timezone.localdate() + timedelta(days=settings.API_TOKEN_MAX_DAYS)


@transaction.atomic
def create_token(
    *, account: ServiceAccount, by, name: str, expires_on=None, rate_limit: int = 600
) -> tuple[Token, str]:
    """A new token: returns it with its raw text, shown once; only its digest is kept."""
    ensure(by)
    if expires_on is not None:
        if expires_on <= timezone.localdate():
            raise ServiceError(_("The expiry date must be after today."))
        if expires_on > max_expiry():
            raise ServiceError(
                _("A token expires at the latest on %(date)s.") % {"date": max_expiry()}
            )
    if not 1 <= rate_limit <= settings.API_TOKEN_MAX_RATE:
        raise ServiceError(
            _("The rate limit is between 1 and %(max)s calls a minute.")
            % {"max": settings.API_TOKEN_MAX_RATE}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = None
    if expires_on is not None:
        # Valid through the whole of its last day, in the site's time zone.
        expires_at = timezone.make_aware(
            timezone.datetime.combine(expires_on + timedelta(days=1), timezone.datetime.min.time())
        )
    token = Token.objects.create(
        account=account,
        name=name.strip(),
        prefix=raw[:PREFIX_LENGTH],
        digest=token_digest(raw),
        rate_limit=rate_limit,
        expires_at=expires_at,
        created_by=by,
    )
    record_event(
        account,
        by=by,
        action="api_token_created",
        new=token.prefix,
        note=f"{token.name}; {rate_limit}/min; {expires_on or '—'}",
    )
    return token, raw


@transaction.atomic
def revoke_token(*, token: Token, by) -> Token:
    ensure(by)
    token = Token.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ServiceError(_("This token has been revoked already."))
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record_event(token.account, by=by, action="api_token_revoked", old=token.prefix)
    return token
