"""The calendar page (every role: their deadlines a year ahead, and their feed) and the feed
itself, read by calendar apps without a login."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import ratelimit
from core.requestid import client_address
from core.views import run_service

from . import queries, services
from .ics import absolute, feed_calendar

# What became of stopping the feed, carried over the redirect to the page: the page opens at
# the feed's section, so the message is shown there rather than at the top, out of view on a
# phone.
FEED_NOTICE = "agenda_feed_notice"


def feed_address(token: str) -> str:
    return absolute(reverse("calendar_feed", args=[token]))


def _calendar_page(request, *, feed_notice=None, new_address: str = ""):
    context = {
        "deadlines": queries.calendar_deadlines(request.user),
        "feed": queries.feed_of(request.user),
        "new_address": new_address,
        "feed_notice": feed_notice,
    }
    return render(request, "agenda/calendar.html", context)


@require_GET
def calendar(request):
    return _calendar_page(request, feed_notice=request.session.pop(FEED_NOTICE, None))


def _show_new_address(request, service, success: str):
    """Making or resetting the feed answers with the page itself, the new address in it: the
    address lives only in this response (not in the session, not in a cache), so the page
    shows it once. Reloading asks to send the form again; making one again is refused."""
    outcome = run_service(request, service, user=request.user, success=success, show=False)
    response = _calendar_page(
        request,
        feed_notice={"ok": outcome.ok, "text": outcome.text},
        new_address=feed_address(outcome.value) if outcome.ok else "",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def feed_create(request):
    return _show_new_address(
        request, services.create_feed, _("Your calendar feed is ready: copy its address now.")
    )


@require_POST
def feed_reset(request):
    return _show_new_address(
        request,
        services.reset_feed,
        _("The feed has a new address: the old one no longer works. Copy the new one now."),
    )


@require_POST
def feed_revoke(request):
    outcome = run_service(
        request,
        services.revoke_feed,
        user=request.user,
        success=_("The calendar feed is stopped: its address no longer works."),
        show=False,
    )
    request.session[FEED_NOTICE] = {"ok": outcome.ok, "text": outcome.text}
    return redirect(f"{reverse('calendar')}#feed-heading")


def _plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_GET
def feed(request, token):
    """The person's deadlines as iCalendar, in their language. The address is the only key:
    an unknown, reset or stopped one, or a deactivated account's, is simply not found."""
    if not ratelimit.hit(
        "calendar-feed", client_address(request), settings.CALENDAR_FEED_RATE_LIMIT
    ):
        response = _plain(_("Too many requests. Try again in a minute."), 429)
        response["Retry-After"] = "60"
        return response
    found = queries.feed_by_token(token)
    if found is None:
        return _plain(_("There is no calendar feed at this address, or it was stopped."), 404)
    services.note_feed_read(found)
    user = found.user
    with translation.override(user.reads):
        body = feed_calendar(user, queries.calendar_deadlines(user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="practica.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
