"""A cohort's paperwork: the agreements of a period's internships, who has not confirmed
them, a reminder to those missing, and the confirmed ones as one ZIP."""

import tempfile
import zipfile

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from core import audit
from core.exports import filters_of
from core.permissions import role_required
from core.views import page_of, run_service

from .. import paperwork, queries, services
from ..filters import PaperworkFilter

NOT_FILTERS = ("page", "csrfmiddlewaretoken")


def _cohort(request, data) -> PaperworkFilter:
    """The filtered cohort; the latest period when none is asked for."""
    data = data.copy()
    for name in NOT_FILTERS:
        data.pop(name, None)
    if not data.get("period"):
        latest = queries.latest_period()
        if latest is not None:
            data["period"] = str(latest.pk)
    return PaperworkFilter(data, queryset=paperwork.cohort(request.user), request=request)


def _back(filterset) -> str:
    return f"{reverse('staff_paperwork')}?{filterset.data.urlencode()}"


def _refused(request, filterset) -> bool:
    """A reminder or a ZIP is of one period's cohort, with filters the form accepts."""
    filterset.qs  # noqa: B018 (filters, so that the form's errors are known)
    if filterset.is_valid() and filterset.form.cleaned_data.get("period"):
        return False
    messages.error(request, _("Choose a period, and correct the filters, first."))
    return True


@role_required(Role.STAFF)
def staff_paperwork(request):
    filterset = _cohort(request, request.GET)
    page = page_of(request, filterset.qs)
    without_state = filterset.data.copy()
    without_state.pop("state", None)
    return render(
        request,
        "office/paperwork/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(internship, paperwork.paperwork_of(internship)) for internship in page],
            "counts": paperwork.counts(filterset.cohort),
            "period": filterset.form.cleaned_data.get("period"),
            "programme": filterset.form.cleaned_data.get("programme"),
            "query": filterset.data.urlencode(),
            "cohort_query": without_state.urlencode(),
        },
    )


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def staff_paperwork_remind(request):
    """GET: who would be reminded, with the button; POST: remind them."""
    filterset = _cohort(request, request.POST if request.method == "POST" else request.GET)
    if _refused(request, filterset):
        return redirect(_back(filterset))
    if request.method == "GET":
        return render(
            request,
            "office/paperwork/remind.html",
            {
                "filter": filterset,
                "period": filterset.form.cleaned_data["period"],
                "plan": paperwork.reminder_plan(filterset.qs, now=timezone.now()),
                "hidden": [(k, v) for k, values in filterset.data.lists() for v in values],
                "back": _back(filterset),
            },
        )
    outcome = run_service(
        request, services.remind_missing_parties, show=False, internships=filterset.qs
    )
    if not outcome.ok:
        messages.error(request, outcome.text)
        return redirect(_back(filterset))
    plan = outcome.value
    messages.success(
        request,
        ngettext(
            "%(count)d person was reminded of the agreement awaiting their confirmation.",
            "%(count)d people were reminded of the agreements awaiting their confirmation.",
            plan.people,
        )
        % {"count": plan.people},
    )
    if plan.held_back:
        messages.warning(
            request,
            ngettext(
                "%(count)d person was reminded recently (last on %(when)s) and was not "
                "reminded again.",
                "%(count)d people were reminded recently (last on %(when)s) and were not "
                "reminded again.",
                plan.held_back_people,
            )
            % {"count": plan.held_back_people, "when": paperwork.when(plan.last_sent_at)},
        )
    return redirect(_back(filterset))


@role_required(Role.STAFF)
@require_GET
def staff_paperwork_zip(request):
    """Every agreement of the cohort the three parties confirmed, one PDF each, as one ZIP
    written to a temporary file (never held in memory whole) and streamed from it."""
    filterset = _cohort(request, request.GET)
    if _refused(request, filterset):
        return redirect(_back(filterset))
    if not paperwork.confirmed_by_all(filterset.qs).exists():
        messages.error(
            request,
            _(
                "No agreement of these internships is confirmed by all three parties yet: "
                "there is nothing to download."
            ),
        )
        return redirect(_back(filterset))
    spool = tempfile.TemporaryFile()  # FileResponse closes it once sent
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        paperwork.write_zip(filterset.qs, archive)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=paperwork.zip_name(filterset.form.cleaned_data),
        content_type="application/zip",
    )
    # Personal data: kept by no cache on the way, nor by the browser's.
    patch_cache_control(response, private=True, no_store=True)
    audit.record_access(
        by=request.user,
        kind="agreements_zip",
        label=paperwork.zip_name(filterset.form.cleaned_data),
        details={"filters": filters_of(request.GET)},
    )
    return response
