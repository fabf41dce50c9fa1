"""A person's deadlines as an iCalendar feed (RFC 5545), written by the icalendar library
(it escapes and folds every value): one all-day event per deadline, each with a UID that
stays the same from one read to the next, so that calendar apps update rather than add.

The site's time zone goes in as a VTIMEZONE: RFC 5545 wants at least one component in a
calendar, and a person with nothing due would otherwise get none. The events are all-day
dates, which no time zone shifts."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from internships.ics import site_host, site_timezone


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def feed_calendar(user, deadlines) -> bytes:
    """The feed's text, in the active language (the view sets the owner's)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Practica//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Practica — {user.display_name}")
    calendar.add("x-wr-caldesc", _("Your deadlines on Practica"))
    host, now = site_host(), timezone.now()
    calendar.add_component(site_timezone(timezone.localdate(now)))
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.uid}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", deadline.on)
        event.add("dtend", deadline.on + timedelta(days=1))
        event.add("summary", deadline.title)
        url = absolute(deadline.url)
        event.add("url", url)
        description = deadline.description or _("Open it on Practica: %(url)s") % {"url": url}
        if deadline.overdue:
            description = _("Overdue.") + " " + description
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
