"""An application's timeline reads as words on the student's and the host's pages, never
as the code of the action recorded."""

import re
from datetime import timedelta
from pathlib import Path

from django.urls import reverse

from internships import services
from internships.timeline import APPLICATION_ACTIONS
from tests import factories

from .test_accept_offer_service import offered

ROOT = Path(__file__).resolve().parents[2]
# Actions recorded on something else than an application (a placement, an internship, a
# note, a saved message, a slot).
NOT_ON_APPLICATIONS = {
    "created",
    "filled",
    "closed",
    "edited",
    "changed",
    "archived",
    "application_note_added",
    "interview_slots_published",
    "interview_slot_cancelled",
}


def recorded_actions(*paths) -> set[str]:
    actions = set()
    for path in paths:
        for source in (ROOT / path).rglob("*.py") if (ROOT / path).is_dir() else [ROOT / path]:
            text = source.read_text()
            actions |= set(re.findall(r'action="([a-z_]+)"', text))
    return actions


def test_every_action_recorded_on_an_application_has_a_label():
    recorded = recorded_actions(
        "internships/services/applications.py",
        "internships/services/offers.py",
        "internships/services/closing.py",
        "interviews",
        "conversations",
    )

    assert recorded - NOT_ON_APPLICATIONS - set(APPLICATION_ACTIONS) == set()


def test_the_student_reads_an_extended_offer_in_words(client, recruiter, placement):
    offer = offered(placement)
    services.extend_offer(
        application=offer, by=recruiter, deadline=offer.offer_deadline + timedelta(days=2)
    )
    client.force_login(offer.student)

    page = client.get(reverse("student_application", args=[offer.pk])).content.decode()

    assert "Offer deadline extended" in page
    assert "offer_extended" not in page


def test_the_host_reads_each_step_in_words(client, recruiter, placement):
    application = factories.ApplicationFactory(placement=placement, status="submitted")
    services.move_application(application=application, by=recruiter, to="in_review")
    client.force_login(recruiter)

    page = client.get(reverse("company_application", args=[application.pk])).content.decode()

    assert "Moved along the pipeline (Submitted → In review)" in page
