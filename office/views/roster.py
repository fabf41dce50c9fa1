"""The roster import of the staff workspace: upload a CSV file, read the preview, confirm."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from core.permissions import role_required
from core.views import page_of, run_service

from .. import roster as rosters
from ..forms.roster import RosterConfirmForm, RosterUploadForm, RowFilterForm

RECENT_IMPORTS = 10


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def roster_upload(request):
    form = RosterUploadForm()
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            outcome = run_service(
                request, rosters.preview_roster, show=False, upload=form.cleaned_data["file"]
            )
            if outcome.ok:
                return redirect("roster_confirm", pk=outcome.value.pk)
            form.add_error("file", outcome.text)
    context = {
        "form": form,
        "imports": rosters.recent_roster_imports(request.user)[:RECENT_IMPORTS],
    }
    return render(request, "office/roster/upload.html", context, status=400 if form.errors else 200)


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def roster_confirm(request, pk):
    roster = get_object_or_404(rosters.roster_imports(request.user), pk=pk)
    counts = rosters.summary(roster)
    form = RosterConfirmForm(invalid_rows=counts["invalid"])
    if request.method == "POST":
        form = RosterConfirmForm(request.POST, invalid_rows=counts["invalid"])
        if form.is_valid():
            outcome = run_service(
                request,
                rosters.import_roster,
                show=False,
                roster=roster,
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            if outcome.ok:
                messages.success(request, _("The roster is imported."))
                return redirect("roster_confirm", pk=roster.pk)
            form.add_error(None, outcome.text)
    rows = RowFilterForm(request.GET)
    context = {
        "roster": roster,
        "counts": counts,
        "form": form,
        "filter_form": rows,
        "page": page_of(request, rows.rows_of(roster.rows)),
    }
    return render(
        request, "office/roster/confirm.html", context, status=400 if form.errors else 200
    )
