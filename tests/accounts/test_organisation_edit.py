"""An organisation's admins keep its details (issue #16); a new name or CUI means vetting again."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from accounts.models import Organisation
from core.services import ServiceError
from notifications.models import Event
from tests.factories import OrganisationFactory, PlacementFactory, valid_cui

URL = reverse("company_organisation")


def data_of(organisation, **changes):
    data = {
        "legal_name": organisation.legal_name,
        "registration_number": organisation.registration_number,
        "sector": organisation.sector_id,
        "county": organisation.county_id,
        "city": organisation.city,
        "address": "Strada Memorandumului 28",
        "phone": "0264 123 456",
        "legal_representative": "Ioana Pop",
        "legal_representative_function": "Administrator",
        "website": organisation.website,
        "description": "We build hospital software.",
        "contact_name": "Mihai Rus",
        "contact_email": "contact@example.org",
    }
    data.update(changes)
    return data


def events(organisation, action):
    return Event.objects.filter(object_id=organisation.pk, action=action)


def test_an_admin_saves_the_details_and_it_stays_verified(
    client, company_admin, organisation, mailoutbox, staff, django_capture_on_commit_callbacks
):
    client.force_login(company_admin)
    page = client.get(URL).content.decode()
    assert "sends your organisation back to the internship office" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data_of(organisation, city="Turda"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.city == "Turda"
    assert organisation.description == "We build hospital software."
    assert organisation.contact_email == "contact@example.org"
    assert organisation.status == Organisation.Status.VERIFIED
    assert "city: Cluj-Napoca → Turda" in events(organisation, "organisation_edited").get().note
    assert not events(organisation, "organisation_sent_back_to_vetting").exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "change", [{"legal_name": "Renamed SRL"}, {"registration_number": f"RO{valid_cui(9000)}"}]
)
def test_a_new_name_or_cui_sends_it_back_to_vetting_and_tells_staff(
    client,
    company_admin,
    organisation,
    staff,
    mailoutbox,
    change,
    django_capture_on_commit_callbacks,
):
    published = PlacementFactory(organisation=organisation)
    client.force_login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data_of(organisation, **change), follow=True)
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    if "registration_number" in change:
        assert organisation.registration_number == valid_cui(9000)  # without the RO prefix
    published.refresh_from_db()
    assert published.status == "published"  # it stays; no new ones until verified
    assert events(organisation, "organisation_sent_back_to_vetting").exists()
    assert any(
        staff.email in m.to and "awaiting verification again" in m.subject for m in mailoutbox
    )


def test_a_member_who_is_not_admin_reads_but_cannot_edit(client, recruiter, organisation):
    client.force_login(recruiter)
    page = client.get(URL)
    assert page.status_code == 200
    assert "<form" not in page.content.decode().split("<main", 1)[-1].split("</main>")[0]
    assert client.post(URL, data_of(organisation, city="Turda")).status_code == 403
    organisation.refresh_from_db()
    assert organisation.city == "Cluj-Napoca"


def test_another_organisations_admin_edits_only_their_own(
    client, other_company_admin, organisation
):
    client.force_login(other_company_admin)
    client.post(URL, data_of(organisation, city="Turda"))
    organisation.refresh_from_db()
    assert organisation.city == "Cluj-Napoca"
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            organisation=organisation, by=other_company_admin, data={"city": "Turda"}
        )


def test_a_student_may_not(client, student, organisation):
    client.force_login(student)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data_of(organisation)).status_code == 403


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration_number": "12345678"}, "CUI"),
        ({"registration_number": "taken"}, "Another organisation is already registered"),
        ({"legal_name": "taken"}, "Another organisation is already registered"),
        ({"city": "Cluj\x00"}, "Null characters are not allowed"),
        ({"city": "x" * 101}, "at most 100 characters"),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    client, company_admin, organisation, change, message
):
    other = OrganisationFactory()
    for field, value in change.items():
        if value == "taken":
            change[field] = getattr(other, field)
    before = Organisation.objects.values().get(pk=organisation.pk)
    client.force_login(company_admin)
    response = client.post(URL, data_of(organisation, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.values().get(pk=organisation.pk) == before
    assert not events(organisation, "organisation_edited").exists()


def test_the_service_refuses_a_taken_cui_itself(company_admin, organisation):
    other = OrganisationFactory()
    with pytest.raises(ServiceError):
        services.update_organisation(
            organisation=organisation,
            by=company_admin,
            data={"registration_number": other.registration_number},
        )
    organisation.refresh_from_db()
    assert organisation.registration_number != other.registration_number


def test_company_home_links_to_the_details_and_the_public_page(client, company_admin):
    client.force_login(company_admin)
    page = client.get(reverse("company_home")).content.decode()
    assert URL in page
    assert reverse("organisation_page", args=[company_admin.membership.organisation_id]) in page
