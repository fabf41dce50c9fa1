"""The interview invitation as an iCalendar file (RFC 5545)."""

from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _ics_time(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_calendar(application, *, host: str) -> str:
    start = application.interview_at
    placement = application.placement
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Practica//Interviews//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:application-{application.pk}-interview@{host or 'practica'}",
        f"DTSTAMP:{_ics_time(timezone.now())}",
        f"DTSTART:{_ics_time(start)}",
        f"DTEND:{_ics_time(start + timedelta(hours=1))}",
        "SUMMARY:" + _ics_text(_("Interview: %(placement)s") % {"placement": placement.title}),
        "LOCATION:" + _ics_text(application.interview_location),
        "DESCRIPTION:" + _ics_text(placement.organisation.legal_name),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_ics_fold(line) + "\r\n" for line in lines)
