"""Closing a placement: the page that asks first and says what will follow, for its
organisation (the company's placement list) and for the internship office."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from core.permissions import role_required
from core.views import run_service

from .. import queries, services
from ..forms.closing import ClosePlacementForm


def closed_message(placement) -> str:
    return _(
        "“%(title)s” is closed: it takes no more applications, and the applications still "
        "open on it have ended. Their applicants are told."
    ) % {"title": placement.title}


def close_page(request, placement, *, action: str, back: str, form=None, status=200):
    """Asks before closing: how many open applications will end, and an optional reason."""
    context = {
        "placement": placement,
        "open_count": queries.open_applications_on(placement).count(),
        "form": form or ClosePlacementForm(),
        "action": action,
        "back": back,
    }
    return render(request, "internships/placement_close.html", context, status=status)


def close_from_post(request, placement, *, action: str, back: str, done: str):
    """Close the placement with the reason posted; a bad form or a refusal changes nothing."""
    form = ClosePlacementForm(request.POST)
    if not form.is_valid():
        return close_page(request, placement, action=action, back=back, form=form, status=400)
    outcome = run_service(
        request,
        services.close_placement,
        success=closed_message,
        placement=placement,
        note=form.cleaned_data["note"],
    )
    return redirect(done if outcome.ok else back)


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def staff_placement_close(request, pk):
    placement = queries.placement_detail(request.user, pk)
    action = request.path
    back = placement.get_absolute_url()
    if request.method == "POST":
        return close_from_post(request, placement, action=action, back=back, done=back)
    return close_page(request, placement, action=action, back=back)
