from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from post_office.models import Email

from interviews import services
from tests import factories


def tomorrow_at(hour: int, minute: int = 0):
    day = timezone.localtime() + timedelta(days=1)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture
def shortlisted(placement, student):
    return factories.ApplicationFactory(placement=placement, student=student, status="shortlisted")


@pytest.fixture
def other_shortlisted(placement, other_student):
    return factories.ApplicationFactory(
        placement=placement, student=other_student, status="shortlisted"
    )


@pytest.fixture
def slots(placement, company_admin):
    """Three 30-minute slots tomorrow from 10:00, in room 204."""
    return services.publish_slots(
        by=company_admin,
        placement=placement,
        first_start=tomorrow_at(10),
        count=3,
        minutes=30,
        location="Str. Memorandumului 28, room 204",
    )


def queued_calendars():
    """The calendar attachments of the e-mails in the outbox, oldest first: (recipient,
    parsed calendar, its text, its mimetype)."""
    found = []
    for email in Email.objects.order_by("pk").prefetch_related("attachments"):
        for attachment in email.attachments.all():
            with attachment.file.open("rb") as stored:
                text = stored.read().decode()
            found.append((email.to[0], Calendar.from_ical(text), text, attachment.mimetype))
    return found
