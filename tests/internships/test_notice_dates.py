"""A date in a notice is stored as ISO and shown in its reader's language and format, not
in the language of the person whose action sent it."""

from datetime import timedelta

from django.utils import formats, timezone, translation

from internships import services
from notifications.models import Notification
from tests import factories

from .test_accept_offer_service import offered


def shown_in(language, moment) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def read_in(language, notice) -> str:
    with translation.override(language):
        return notice.text


def test_an_extended_offer_s_deadline_reads_in_the_student_s_language(recruiter, placement):
    offer = offered(placement)
    later = offer.offer_deadline + timedelta(days=2)
    with translation.override("en"):
        services.extend_offer(application=offer, by=recruiter, deadline=later)

    notice = Notification.objects.get(kind="offer_extended")
    assert notice.params["deadline"] == later.isoformat()
    assert shown_in("ro", later) in read_in("ro", notice)
    assert shown_in("en", later) in read_in("en", notice)


def test_an_offer_s_deadline_reads_in_the_student_s_language(recruiter, placement):
    application = factories.ApplicationFactory(placement=placement, status="shortlisted")
    deadline = timezone.now() + timedelta(days=5)
    with translation.override("en"):
        services.make_offer(application=application, by=recruiter, deadline=deadline)

    notice = Notification.objects.get(kind="offer_made")
    assert shown_in("ro", deadline) in read_in("ro", notice)


def test_an_interview_s_time_reads_in_the_student_s_language(recruiter, placement):
    application = factories.ApplicationFactory(placement=placement, status="shortlisted")
    when = timezone.now() + timedelta(days=3)
    with translation.override("en"):
        services.invite_to_interview(
            application=application, by=recruiter, when=when, location="Sala 2"
        )

    notice = Notification.objects.get(kind="interview_invited")
    assert shown_in("ro", when) in read_in("ro", notice)


def test_a_date_stored_formatted_by_an_older_version_is_shown_as_it_was(student):
    notice = Notification.objects.create(
        recipient=student,
        kind="offer_extended",
        params={"placement": "Stagiu", "deadline": "Dec. 7, 2026, 2 p.m."},
    )

    assert "Dec. 7, 2026, 2 p.m." in read_in("ro", notice)
