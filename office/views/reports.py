"""Saved reports: a staff list with its filters, columns and format, kept under a name
and downloaded again, with the day's data, in one click."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from core import exports as core_exports
from core import reports
from core.permissions import role_required
from core.views import run_service

from .. import queries, services


def _own(request, pk):
    return get_object_or_404(queries.saved_reports_of(request.user), pk=pk)


@role_required(Role.STAFF)
def saved_reports(request):
    saved = reports.with_summaries(queries.saved_reports_of(request.user))
    return render(request, "office/reports/list.html", {"saved_reports": saved})


@role_required(Role.STAFF)
@require_POST
def saved_report_create(request, slug):
    """Saves the list whose filters and columns are this URL's parameters, under the name
    and in the format posted."""
    report = reports.get(slug)
    if report is None:
        raise Http404
    outcome = run_service(
        request,
        services.save_report,
        success=lambda saved: (
            _("Report “%(name)s” saved. Download it from Saved reports.") % {"name": saved.name}
        ),
        report=report,
        name=request.POST.get("name", ""),
        format=request.POST.get("format", ""),
        data=request.GET,
    )
    if outcome.ok:
        return redirect("saved_reports")
    query = request.GET.urlencode()
    return redirect(f"{report.url()}?{query}" if query else report.url())


@role_required(Role.STAFF)
def saved_report_download(request, pk):
    """The report's file with today's rows; a report its list no longer accepts gets no
    file but a page saying which filter or column to correct."""
    saved = _own(request, pk)
    report = reports.get(saved.list_slug)
    problems = reports.problems(saved, viewer=request.user)
    if problems:
        context = {"saved_report": saved, "report": report, "problems": problems}
        if report is not None:
            kept = [key for key in saved.columns if key in {c.key for c in report.columns}]
            context["list_url"] = reports.list_url(report, params=saved.params, columns=kept)
        return render(request, "office/reports/problem.html", context, status=409)
    filterset = report.filter(reports.query_of(saved.params), viewer=request.user)
    columns = reports.chosen_columns(report, saved.columns, viewer=request.user)
    run_service(request, services.mark_report_downloaded, show=False, saved_report=saved)
    return core_exports.export(
        saved.format,
        rows=report.rows_for_file(filterset),
        columns=columns,
        name=report.file_name,
        viewer=request.user,
        filters=reports.query_of(saved.params),
    )


@role_required(Role.STAFF)
def saved_report_open(request, pk):
    """The report's list, with its filters and columns chosen."""
    saved = _own(request, pk)
    report = reports.get(saved.list_slug)
    if report is None:
        messages.error(request, _("The list this report was saved from no longer exists."))
        return redirect("saved_reports")
    return redirect(reports.list_url(report, params=saved.params, columns=saved.columns))


@role_required(Role.STAFF)
@require_POST
def saved_report_rename(request, pk):
    saved = _own(request, pk)
    run_service(
        request,
        services.rename_report,
        success=lambda renamed: _("Report renamed “%(name)s”.") % {"name": renamed.name},
        saved_report=saved,
        name=request.POST.get("name", ""),
    )
    return redirect("saved_reports")


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def saved_report_delete(request, pk):
    """GET asks to confirm; POST deletes."""
    saved = _own(request, pk)
    if request.method != "POST":
        return render(request, "office/reports/delete.html", {"saved_report": saved})
    run_service(
        request,
        services.delete_report,
        success=_("Report “%(name)s” deleted.") % {"name": saved.name},
        saved_report=saved,
    )
    return redirect("saved_reports")
