"""`{% interview_slots_link application %}`: the application pages' way to the interview
slots (the host's of the placement, the student's booking page). A template tag, so that
internships' pages show it without importing this app."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role

from ..queries import MAY_BOOK, booking_of
from ..receivers import interview_invitation_refusal

register = template.Library()


@register.inclusion_tag("interviews/_link.html", takes_context=True)
def interview_slots_link(context, application):
    request = context.get("request")
    user = getattr(request, "user", None)
    role = getattr(user, "role", None)
    if role == Role.COMPANY:
        return {
            "url": reverse("interview_slots", args=[application.placement_id]),
            "text": _("Publish and manage the interview slots of this placement"),
        }
    if role == Role.STUDENT and application.status in MAY_BOOK:
        return {
            "url": reverse("interview_booking", args=[application.pk]),
            "text": _("Choose or change your interview time"),
        }
    return {"url": ""}


@register.simple_tag
def interview_calendar_url(application) -> str:
    """`{% interview_calendar_url application as url %}`: the calendar file of the
    application's booked interview slot (the event the e-mails carry), or "" when the
    interview was not booked in a slot (the application page then offers its own)."""
    booking = booking_of(application)
    return reverse("interview_booking_ics", args=[booking.pk]) if booking else ""


@register.simple_tag
def manual_interview_refusal(application) -> str:
    """`{% manual_interview_refusal application as refusal %}`: why the host may not set the
    interview's time by hand ("" when they may), as `invite_to_interview` says: a booked
    slot holds it."""
    return interview_invitation_refusal(None, application=application)
