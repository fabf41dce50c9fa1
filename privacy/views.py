from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.faculties import manages_faculties
from core import audit
from core.permissions import role_required
from core.views import form_errors, page_of, run_service

from . import queries, services
from .forms import ErasureForm, RegisterFilter
from .models import ErasureRequest


@never_cache
@require_GET
def my_data(request):
    """Anyone signed in: their copies of data, and erasure."""
    return render(
        request,
        "privacy/my_data.html",
        {
            "exports": queries.recent_exports_of(request.user),
            "erasures": queries.erasures_of(request.user),
            "form": ErasureForm(),
            "expiry_days": settings.EXPORT_EXPIRY_DAYS,
        },
    )


@require_POST
def request_export(request):
    run_service(
        request,
        services.request_export,
        success=_("Your copy is being prepared. You will be told when it is ready."),
    )
    return redirect("privacy_data")


@never_cache
@require_GET
def download_export(request, pk):
    export = queries.ready_export_of(request.user, pk)
    if export is None:
        raise Http404
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"practica-data-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    return audit.served(response, export, request=request, kind="data_copy")


@require_POST
def request_erasure(request):
    form = ErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("privacy_data")
    outcome = run_service(request, services.request_erasure, email=form.cleaned_data["email"])
    if not outcome.ok:
        return redirect("privacy_data")
    if outcome.value.status == ErasureRequest.Status.REFUSED:
        messages.error(
            request,
            _("Your data cannot be erased now: %(reason)s") % {"reason": outcome.value.reason},
        )
        return redirect("privacy_data")
    logout(request)
    return redirect("privacy_erasure_requested")


@login_not_required
@require_GET
def erasure_requested(request):
    return render(request, "privacy/erasure_requested.html")


@login_not_required
@require_GET
def notice(request):
    """The public privacy notice, with the periods the settings give."""
    return render(
        request,
        "privacy/notice.html",
        {
            "retention_years": settings.DATA_RETENTION_YEARS,
            "cv_months": settings.CV_RETENTION_MONTHS,
            "inactivity_years": settings.ACCOUNT_INACTIVITY_YEARS,
            "warning_days": settings.ACCOUNT_INACTIVITY_WARNING_DAYS,
            "expiry_days": settings.EXPORT_EXPIRY_DAYS,
            "contact": settings.PRIVACY_CONTACT_EMAIL,
            "data_url": reverse("privacy_data"),
        },
    )


@role_required("staff")
@require_GET
def register(request):
    """Staff of all faculties (the register names people of every faculty): every erasure
    request and its outcome, filterable by status."""
    if not manages_faculties(request.user):
        raise PermissionDenied
    filters = RegisterFilter(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = page_of(request, queries.erasure_register(status=status))
    queries.describe_kept(page.object_list)
    return render(request, "privacy/register.html", {"filters": filters, "page": page})


@role_required("staff")
@require_POST
def retry_erasure(request, pk):
    """Staff of all faculties (those who keep the register): try a failed erasure again."""
    if not manages_faculties(request.user):
        raise PermissionDenied
    erasure_request = get_object_or_404(ErasureRequest, pk=pk)
    if services.retry_erasure(erasure_request, by=request.user):
        messages.success(request, _("The erasure will be tried again."))
    else:
        messages.error(request, _("This erasure has not failed: there is nothing to retry."))
    return redirect("privacy_register")
