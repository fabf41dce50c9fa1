"""Everyone's notifications."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.views import is_id, next_url, page_of, run_service

from . import queries, services


def notifications(request):
    page = page_of(request, queries.notifications_of(request.user))
    return render(request, "notifications/notifications.html", {"page": page})


def _marked(count: int) -> str:
    if not count:
        return ""
    return ngettext(
        "%(count)d notification marked as read.",
        "%(count)d notifications marked as read.",
        count,
    ) % {"count": count}


@require_POST
def notifications_read(request):
    ids = [int(value) for value in request.POST.getlist("id") if is_id(value)]
    run_service(
        request,
        services.mark_notifications_read,
        ids=ids if "id" in request.POST else None,
        success=_marked,
    )
    return redirect(next_url(request, reverse("notifications")))
