"""The audit log: every change recorded and every personal file opened, newest first."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from accounts.faculties import manages_faculties
from accounts.models import Role
from core import exports
from core.permissions import role_required
from notifications.queries import Cursor

from .. import audit_log
from ..forms.audit import AuditLogFilterForm

PAGE_SIZE = 50


@role_required(Role.STAFF)
@require_GET
def staff_audit_log(request):
    """Filtered by the form, a page at a time (`before`: where the last page ended); with
    `export=csv|xlsx`, every filtered line (all pages) as a file. The log names people of
    every faculty: staff of all faculties read it, no one else."""
    if not manages_faculties(request.user):
        raise PermissionDenied
    form = AuditLogFilterForm(request.GET, actions=audit_log.action_choices())
    flt = form.audit_filter()
    fmt = exports.requested_format(request)
    if fmt and not form.errors:
        # The log as it stood when asked: not the line that records this very export.
        until = min(flt.until, timezone.now()) if flt.until else timezone.now()
        return exports.export(
            fmt,
            rows=audit_log.every_entry(replace(flt, until=until)),
            columns=audit_log.COLUMNS,
            name=pgettext_lazy("file name", "audit log"),
            viewer=request.user,
            filters=request.GET,
        )
    cursor = Cursor.decode(request.GET.get("before", ""))
    entries = audit_log.page(flt, cursor=cursor, limit=PAGE_SIZE + 1)
    older = audit_log.cursor_after(entries[PAGE_SIZE - 1]) if len(entries) > PAGE_SIZE else None
    context = {
        "form": form,
        "entries": entries[:PAGE_SIZE],
        "older": older.encode() if older else "",
        "is_first_page": cursor is None,
    }
    return render(request, "office/audit/log.html", context)
