"""Staff pages under /staff/api/: service accounts, their scopes and faculties, their tokens
(made and shown once, revoked). For staff of all faculties (api.rules)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.permissions import role_required
from core.views import page_of, run_service

from . import queries, services
from .forms import ServiceAccountForm, TokenForm
from .models import Token


def manager_only(view):
    @role_required(Role.STAFF)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("api.manage_service_accounts"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _account_data(account):
    user = account.user
    return {
        "name": account.name,
        "description": account.description,
        "scopes": account.scopes,
        "all_faculties": "1" if user.all_faculties else "0",
        "faculties": list(user.faculties.all()),
    }


@manager_only
def accounts(request):
    page = page_of(request, queries.service_accounts())
    return render(request, "api/staff_accounts.html", {"page": page})


@manager_only
def account_new(request):
    form = ServiceAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, services.create_service_account, show=False, **form.cleaned_data
        )
        if outcome.ok:
            messages.success(
                request, _("Service account “%(name)s” created.") % {"name": outcome.value}
            )
            return redirect("staff_api_account", outcome.value.pk)
        form.add_error(None, outcome.error)
    status = 400 if form.errors else 200
    return render(request, "api/staff_account_form.html", {"form": form}, status=status)


@manager_only
def account(request, pk):
    account = get_object_or_404(queries.service_accounts(), pk=pk)
    form = TokenForm()
    return _account_page(request, account, form)


def _account_page(request, account, token_form, status=200):
    return render(
        request,
        "api/staff_account.html",
        {
            "account": account,
            "tokens": queries.tokens_of(account),
            "webhooks": account.webhooks.order_by("-created_at", "-pk"),
            "token_form": token_form,
        },
        status=status,
    )


@manager_only
def account_edit(request, pk):
    account = get_object_or_404(queries.service_accounts(), pk=pk)
    form = ServiceAccountForm(request.POST or None, initial=_account_data(account))
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, services.edit_service_account, show=False, account=account, **form.cleaned_data
        )
        if outcome.ok:
            messages.success(
                request, _("Service account “%(name)s” saved.") % {"name": outcome.value}
            )
            return redirect("staff_api_account", account.pk)
        form.add_error(None, outcome.error)
    status = 400 if form.errors else 200
    return render(
        request, "api/staff_account_form.html", {"form": form, "account": account}, status=status
    )


@manager_only
@require_POST
def account_switch(request, pk):
    account = get_object_or_404(queries.service_accounts(), pk=pk)
    on = request.POST.get("on") == "1"
    run_service(
        request,
        services.switch_service_account,
        account=account,
        on=on,
        success=_("The account is switched on.")
        if on
        else _("The account is switched off: its tokens are refused."),
    )
    return redirect("staff_api_account", account.pk)


@manager_only
def token_new(request, pk):
    """POST: the token is made and shown on this answer only (never stored raw, never shown
    again); the page is not cached."""
    account = get_object_or_404(queries.service_accounts(), pk=pk)
    if request.method != "POST":
        return redirect("staff_api_account", account.pk)
    form = TokenForm(request.POST)
    if form.is_valid():
        outcome = run_service(
            request, services.create_token, show=False, account=account, **form.cleaned_data
        )
        if outcome.ok:
            token, raw = outcome.value
            response = render(
                request,
                "api/staff_token_created.html",
                {"account": account, "token": token, "raw": raw},
            )
            add_never_cache_headers(response)
            return response
        form.add_error(None, outcome.error)
    return _account_page(request, account, form, status=400)


@manager_only
def token_revoke(request, pk, token_pk):
    account = get_object_or_404(queries.service_accounts(), pk=pk)
    token = get_object_or_404(Token.objects.filter(account=account), pk=token_pk)
    if request.method == "POST":
        outcome = run_service(
            request,
            services.revoke_token,
            token=token,
            success=_("Token %(prefix)s… revoked.") % {"prefix": token.prefix},
        )
        if outcome.ok or token.revoked_at is not None:
            return redirect("staff_api_account", account.pk)
        return redirect("staff_api_account", account.pk)
    return render(request, "api/staff_token_revoke.html", {"account": account, "token": token})
