"""The staff preview of reminders: what goes out today, and what went out."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from core.permissions import role_required
from core.views import page_of

from . import queries
from .forms import SentFilterForm


@role_required(Role.STAFF)
@require_GET
def staff_reminders(request):
    form = SentFilterForm(request.GET)
    preview = queries.due_today_cached(request.user)
    page = page_of(request, queries.sent_reminders(viewer=request.user, **form.filters()))
    context = {
        "due": preview.due,
        "as_of": preview.as_of,
        "next_run": queries.next_run(),
        "last_run": queries.last_run(),
        "form": form,
        "page": page,
        "sent": queries.with_rule_labels(page),
    }
    return render(request, "reminders/staff_reminders.html", context)
