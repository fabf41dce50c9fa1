"""The interview invitation as an iCalendar file (RFC 5545), written by the icalendar
library: it escapes and folds every value, so no text typed into a field (a carriage
return in the place, say) can become a property of its own."""

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone


def site_host() -> str:
    """The host name in the calendar UIDs (UID@host): the site's, stable across requests."""
    return urlsplit(settings.SITE_URL).hostname or "practica"


def site_timezone(today: date) -> Timezone:
    """The site's time zone as a VTIMEZONE, from a year back to two years ahead: wide enough
    for every event a calendar of ours holds, short enough to stay a few lines."""
    return Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=date(today.year - 1, 1, 1),
        last_date=date(today.year + 2, 1, 1),
    )


def interview_calendar(application, *, host: str) -> str:
    start = application.interview_at
    placement = application.placement
    calendar = Calendar()
    calendar.add("prodid", "-//Practica//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"application-{application.pk}-interview@{host or 'practica'}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=1))
    event.add("summary", _("Interview: %(placement)s") % {"placement": placement.title})
    event.add("location", application.interview_location)
    event.add("description", placement.organisation.legal_name)
    calendar.add_component(event)
    return calendar.to_ical().decode()
