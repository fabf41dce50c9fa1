"""Everyone's notifications."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.views import is_id, next_url, page_of, run_service

from . import emails, kinds, queries, services
from .choices import choices_of, to_turn_off
from .forms import NotificationChoicesForm


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


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Anyone signed in: their language, their digest and how each group reaches them."""
    form = NotificationChoicesForm(
        request.POST or None, user=request.user, choices=choices_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, services.save_choices, user=request.user, show=False, **form.choices()
        )
        if outcome.ok:
            # Said in the language just chosen, which the next page is in.
            with translation.override(request.user.reads):
                messages.success(request, _("Your choices are saved."))
            return redirect("notification_settings")
        form.add_error(None, outcome.error)
    if form.errors:
        messages.error(request, _("Nothing was saved: correct the choices marked below."))
    return render(
        request, "notifications/settings.html", {"form": form}, status=400 if form.errors else 200
    )


@login_not_required
@never_cache  # a person's own page, though anyone with the link may open it
@csrf_exempt  # the one-click unsubscribe of RFC 8058: a mail client POSTs without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link of every notification e-mail: no login, the signed token names the person
    and the group. GET asks, POST (the page's button, or the mail client's one click)
    turns that one group off."""
    try:
        user_id, group, kind = emails.read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "notifications/unsubscribe_expired.html", status=400)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if not request.user.is_authenticated:
        translation.activate(person.reads)
        request.LANGUAGE_CODE = person.reads
    mandatory = kinds.KINDS[kind].mandatory if kind in kinds.KINDS else False
    context = {
        "group": emails.group_label(group),
        "is_digest": group == emails.DIGEST_GROUP,
        "mandatory": mandatory,
        "all_mandatory": mandatory and kinds.all_mandatory(group),
        "email": emails.masked(person.email),
    }
    if request.method == "POST":
        turned_off = services.unsubscribe(by=person, group=group)
        context["turned_off"] = [kinds.GROUPS[name].label for name in turned_off]
        return render(request, "notifications/unsubscribed.html", context)
    context["already_off"] = not to_turn_off(choices_of(person), group)
    return render(request, "notifications/unsubscribe.html", context)
