"""The roster import of the staff workspace: upload a CSV file, read the preview, confirm."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from core.permissions import role_required
from core.services import ServiceError
from core.views import page_of

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
            try:
                roster = rosters.preview_roster(by=request.user, upload=form.cleaned_data["file"])
            except ServiceError as error:
                form.add_error("file", error.text)
            else:
                return redirect("roster_confirm", pk=roster.pk)
    context = {"form": form, "imports": rosters.recent_roster_imports()[:RECENT_IMPORTS]}
    return render(request, "office/roster/upload.html", context, status=400 if form.errors else 200)


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def roster_confirm(request, pk):
    roster = get_object_or_404(rosters.roster_imports(), pk=pk)
    counts = rosters.summary(roster)
    form = RosterConfirmForm(invalid_rows=counts["invalid"])
    if request.method == "POST":
        form = RosterConfirmForm(request.POST, invalid_rows=counts["invalid"])
        if form.is_valid():
            try:
                rosters.import_roster(
                    roster=roster, by=request.user, skip_invalid=form.cleaned_data["skip_invalid"]
                )
            except ServiceError as error:
                form.add_error(None, error.text)
            else:
                messages.success(request, _("The roster is imported."))
                return redirect("roster_confirm", pk=roster.pk)
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
