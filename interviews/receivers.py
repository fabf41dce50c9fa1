"""What interviews does when internships changes an application (connected in apps.py)."""

from django.utils.translation import gettext as _

from internships.models import Application

from . import queries, services


def application_moved(sender, *, application, old, by, **kwargs):
    """internships.signals.application_moved: an ended application lets its booked slot go
    (both calendars told); one just shortlisted is invited to book a published slot."""
    if old in Application.OPEN_STATUSES and application.status not in Application.OPEN_STATUSES:
        services.end_booking_of(application, by=by)
    elif application.status == Application.Status.SHORTLISTED and old != application.status:
        services.invite_to_book(application, by=by)


def interview_invitation_refusal(sender, *, application, **kwargs) -> str:
    """internships.signals.interview_invitation_refusal: a booked slot holds the interview's
    time; setting another by hand would contradict it and the calendars."""
    if queries.booking_of(application) is None:
        return ""
    return refusal_while_booked()


def refusal_while_booked() -> str:
    return _(
        "The student has booked one of the interview slots. Move or cancel that interview "
        "on the interview slots page."
    )
