"""Background jobs: what waits, runs or stopped with an error, and running a failed one again."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from core.permissions import role_required
from core.views import next_url, page_of, run_service

from .. import jobs


@role_required(Role.STAFF)
@require_GET
def staff_jobs(request):
    state = request.GET.get("state", "")
    state = state if state in jobs.OPEN_STATES else ""
    page = page_of(request, jobs.open_jobs(state=state))
    retried = jobs.retried_ids(page)
    for job in page:
        jobs.describe(job, retried=retried)
    context = {
        "page": page,
        "counts": jobs.job_counts(),
        "state": state,
        "states": jobs.STATE_LABELS,
        "uses_queue": jobs.uses_queue(),
    }
    return render(request, "office/jobs/list.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_job_retry(request, pk):
    job = get_object_or_404(jobs.open_jobs(), pk=pk)
    run_service(
        request,
        jobs.retry_job,
        job=job,
        success=_("The task is queued again: a worker runs it in a moment."),
    )
    return redirect(next_url(request, reverse("staff_jobs")))
