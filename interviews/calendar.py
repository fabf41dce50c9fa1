"""The calendar e-mails of a booking: an iCalendar invitation (RFC 5546, iTIP) to the student
and to the host who organises it (the member who published the slot when it was booked,
kept for the booking's life), each in their own language.

A booking keeps one UID for its life; each change raises its SEQUENCE, so that a calendar
app replaces the event it holds: METHOD:REQUEST when booked or moved, METHOD:CANCEL when
cancelled. The times carry the site's time zone (a VTIMEZONE), so an interview at 10:00 in
Cluj stays at 10:00 in Cluj whatever the reader's device thinks.
"""

from django.core.mail import get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import OrganisationMembership, User
from internships.ics import site_host, site_timezone
from notifications import emails

REQUEST, CANCEL = "REQUEST", "CANCEL"


def uid_of(booking) -> str:
    return f"interview-booking-{booking.pk}@{site_host()}"


def _address(user, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.display_name)
    for name, value in params.items():
        address.params[name] = vText(value)
    return address


def host(user, organisation_id):
    """`user` while an active member of the organisation; else (left, deactivated) an active
    admin of it, else an active member, so that somebody on the host's side is told."""
    if (
        user.is_active
        and OrganisationMembership.objects.filter(
            user=user, organisation_id=organisation_id
        ).exists()
    ):
        return user
    members = User.objects.filter(membership__organisation_id=organisation_id, is_active=True)
    admin = OrganisationMembership.Role.ADMIN
    return (
        members.filter(membership__role=admin).order_by("pk").first()
        or members.order_by("pk").first()
        or user
    )


def organizer_of(booking):
    """The host side of the booking's calendar event: the organiser kept on the booking
    (older bookings: the slot's publisher), or their stand-in."""
    organizer = booking.organizer or booking.slot.created_by
    return host(organizer, booking.slot.placement.organisation_id)


def invitation(booking, *, method: str, organizer=None) -> bytes:
    """The booking's iCalendar text, in the active language."""
    slot, application = booking.slot, booking.application
    placement = slot.placement
    calendar = Calendar()
    calendar.add("prodid", "-//Practica//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    now = timezone.now()
    calendar.add_component(site_timezone(timezone.localdate(now)))
    event = Event()
    event.add("uid", uid_of(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    event.add("summary", _("Interview: %(placement)s") % {"placement": placement.title})
    event.add("location", slot.location)
    event.add(
        "description",
        _("Interview of %(student)s with %(organisation)s for “%(placement)s”.")
        % {
            "student": application.student.display_name,
            "organisation": placement.organisation.legal_name,
            "placement": placement.title,
        },
    )
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _address(organizer or organizer_of(booking)))
    event.add(
        "attendee",
        _address(application.student, role="REQ-PARTICIPANT", partstat="ACCEPTED", rsvp="FALSE"),
    )
    calendar.add_component(event)
    return calendar.to_ical()


def _text(booking, *, method: str, moved: bool) -> tuple[str, str]:
    slot, placement = booking.slot, booking.slot.placement
    values = {
        "placement": placement.title,
        "when": formats.date_format(timezone.localtime(slot.starts_at), "DATETIME_FORMAT"),
        "minutes": slot.minutes,
        "where": slot.location,
        "student": booking.application.student.display_name,
    }
    if method == CANCEL:
        subject = _("Interview cancelled: %(placement)s, %(when)s") % values
        body = _("The interview for “%(placement)s” on %(when)s with %(student)s is cancelled.")
    elif moved:
        subject = _("Interview moved: %(placement)s, %(when)s") % values
        body = _(
            "The interview for “%(placement)s” with %(student)s is moved to %(when)s "
            "(%(minutes)s minutes), at %(where)s."
        )
    else:
        subject = _("Interview booked: %(placement)s, %(when)s") % values
        body = _(
            "The interview for “%(placement)s” with %(student)s is on %(when)s "
            "(%(minutes)s minutes), at %(where)s."
        )
    body = body % values + "\n\n" + _("The calendar file attached adds it to your calendar.")
    return subject, body


def _message(booking, person, *, method: str, moved: bool, url: str, organizer):
    with translation.override(person.reads):
        subject, body = _text(booking, method=method, moved=moved)
        message = emails.message(
            to=person.email,
            subject="[Practica] " + subject,
            body=f"{body}\n\n{emails.absolute(url)}\n",
            # An invitation to an interview is mandatory (internships' `interview_invited`).
            unsubscribe=emails.unsubscribe_url(person.pk, "applications", "interview_invited"),
            group="applications",
        )
        # The method in the part's type too: mail clients show their "accept / decline" buttons.
        message.attach(
            "interview.ics",
            invitation(booking, method=method, organizer=organizer),
            f"text/calendar; method={method}",
        )
    return message


def send_invitations(booking, *, method: str = REQUEST, moved: bool = False) -> None:
    """Queue the e-mails in the outbox, in the caller's transaction: a change rolled back
    sends nothing."""
    student, host = booking.application.student, organizer_of(booking)
    student_url = reverse("interview_booking", args=[booking.application_id])
    host_url = reverse("interview_slots", args=[booking.slot.placement_id])
    messages = [
        _message(booking, person, method=method, moved=moved, url=url, organizer=host)
        for person, url in ((student, student_url), (host, host_url))
        if person.is_active
    ]
    get_connection(fail_silently=False).send_messages(messages)
