"""Once the three parties have confirmed the agreement, it names the host tutor: the
organisation's admin changes the tutor through an amendment; staff reassign at once (the
tutor left, say), giving a reason, and the change is recorded as an amendment in force."""

import pytest
from django.urls import reverse

from core.services import ServiceError
from internships import services as internship_services
from internships.models import Agreement, Amendment, Internship
from internships.services.amendments import propose_amendment
from tests import factories


def tutor_url(internship):
    return reverse("assign_host_tutor", args=[internship.pk])


def fresh(internship):
    return Internship.objects.select_related("host_tutor").get(pk=internship.pk)


@pytest.fixture
def replacement(organisation):
    return factories.MentorFactory(
        organisation=organisation, user__first_name="Radu", user__last_name="Pop"
    ).user


def test_the_agreement_is_confirmed_by_all(internship):
    assert Agreement.objects.get(internship=internship).is_confirmed_by_all


def test_the_admin_is_sent_to_propose_an_amendment(
    internship, company_admin, host_tutor, replacement
):
    with pytest.raises(ServiceError, match="Propose an amendment"):
        internship_services.assign_host_tutor(
            internship=internship, mentor=replacement, by=company_admin
        )

    assert fresh(internship).host_tutor == host_tutor
    assert not Amendment.objects.exists()


def test_the_admin_is_told_so_on_the_page(client, internship, company_admin, replacement):
    client.force_login(company_admin)

    response = client.post(tutor_url(internship), {"mentor": replacement.pk}, follow=True)

    assert "Propose an amendment" in response.content.decode()
    assert fresh(internship).host_tutor != replacement


def test_staff_give_the_reason(internship, staff, host_tutor, replacement):
    with pytest.raises(ServiceError, match="give the reason"):
        internship_services.assign_host_tutor(internship=internship, mentor=replacement, by=staff)

    assert fresh(internship).host_tutor == host_tutor


def test_staff_reassign_and_the_change_is_recorded_as_an_amendment_in_force(
    client, internship, staff, host_tutor, replacement
):
    host_tutor.is_active = False  # the tutor left: the intern must not be stranded
    host_tutor.save(update_fields=["is_active"])
    client.force_login(staff)

    client.post(tutor_url(internship), {"mentor": replacement.pk, "reason": "Tutorele a plecat."})

    assert fresh(internship).host_tutor == replacement
    amendment = Amendment.objects.get()
    assert amendment.status == Amendment.Status.CONFIRMED and amendment.decided_at
    before, after = amendment.changes["host_tutor"]
    assert (before["pk"], after["pk"]) == (host_tutor.pk, replacement.pk)
    assert after["name"] == "Radu Pop"
    reason, note = amendment.reason.split("\n\n")  # the note in the agreement's language
    assert reason == "Tutorele a plecat." and note
    assert amendment.proposed_by == staff
    # Its document says it is in force since the office recorded it, not "once confirmed".
    from documents.amendments import amendment_pdf
    from tests.pdfs import text_of

    text = " ".join(text_of(amendment_pdf(amendment)).split())
    assert "recorded it; it has been in force since" in text or "a înregistrat" in text
    assert "takes effect once" not in text and "după ce l-au confirmat" not in text
    # A later amendment starts from the new tutor.
    later = propose_amendment(
        internship=internship, by=staff, terms={"hours_per_week": 30}, reason="Mai multe ore."
    )
    assert later.number == 2


def test_naming_the_same_tutor_again_records_nothing(internship, company_admin, host_tutor):
    internship_services.assign_host_tutor(
        internship=internship, mentor=host_tutor, by=company_admin
    )

    assert not Amendment.objects.exists()
