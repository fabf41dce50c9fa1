"""The staff pages' reads."""

from django.db.models import Count, Q, QuerySet

from .models import ServiceAccount, Token


def service_accounts() -> QuerySet[ServiceAccount]:
    return (
        ServiceAccount.objects.select_related("user")
        .prefetch_related("user__faculties")
        .annotate(live_tokens=Count("tokens", filter=Q(tokens__revoked_at=None)))
        .order_by("name", "pk")
    )


def tokens_of(account: ServiceAccount) -> QuerySet[Token]:
    return account.tokens.select_related("created_by", "revoked_by").order_by("-created_at", "-pk")
