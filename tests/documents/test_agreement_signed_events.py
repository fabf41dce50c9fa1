"""The university's signature is on the internship's timeline; /verify/ names the university
by its legal name; a version number that is no number is simply not found."""

import pytest
from django.urls import reverse

from accounts.models import University
from documents import signed_agreements
from mentors.timeline import timeline
from notifications.models import Event
from tests import factories

from .test_certificates_verify import upload
from .test_signed_agreements import make_amendment, make_version, signed_bytes


@pytest.fixture
def internship(student, placement):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(application=application)


def test_signing_a_version_is_on_the_internships_timeline(internship):
    version = make_version(internship)

    signed_agreements.sign_version(version.pk)
    signed_agreements.sign_version(version.pk)

    events = Event.objects.filter(action="agreement_signed", object_id=internship.pk)
    assert [(e.actor_id, e.note_text) for e in events] == [(None, "Version 1")]
    labels = [event.action_label for event in timeline(internship)]
    assert "Agreement signed electronically by the university" in labels


def test_signing_an_amendment_is_on_the_internships_timeline(internship):
    amendment = make_amendment(internship)

    signed_agreements.sign_amendment(amendment.pk)

    events = Event.objects.filter(action="amendment_signed", object_id=internship.pk)
    assert [(e.actor_id, e.note_text) for e in events] == [(None, "Amendment no. 1")]
    labels = [event.action_label for event in timeline(internship)]
    assert "Amendment signed electronically by the university" in labels


def test_verify_names_the_university_by_its_legal_name(client, internship, settings):
    settings.UNIVERSITY_NAME = "Some Other Name"
    university = University.current()
    university.legal_name = "Universitatea Babeș-Bolyai"
    university.save()
    version = make_version(internship)
    signed_agreements.sign_version(version.pk)
    version.refresh_from_db()

    response = upload(client, signed_bytes(version), name="agreement.pdf")

    content = response.content.decode()
    assert "Universitatea Babeș-Bolyai" in content
    assert "Some Other Name" not in content


@pytest.mark.parametrize("number", ["²", "١", "99999999999999999999999", "1.0", "-1", "x"])
def test_a_version_that_is_no_number_is_not_found(client, staff, internship, number):
    client.force_login(staff)

    response = client.get(reverse("agreement_pdf", args=[internship.pk]), {"version": number})

    assert response.status_code == 404
