import pytest
from django.urls import reverse

from accounts.models import County, Organisation, OrganisationMembership, Role, Sector, User
from tests.factories import valid_cui

URL = reverse("signup_organisation")


@pytest.fixture
def form_data(db):
    return {
        "first_name": "Andrei",
        "last_name": "Pop",
        "email": "andrei.pop@codeaza.ro",
        "password1": "Practica-2026!",
        "password2": "Practica-2026!",
        "legal_name": "Codează Someș SRL",
        "registration_number": "RO " + valid_cui(4242),
        "sector": Sector.objects.get(name="Creative industries and ICT").pk,
        "county": County.objects.get(code="CJ").pk,
        "city": "Cluj-Napoca",
        "address": "Str. Memorandumului nr. 28",
        "phone": "0264 123 456",
        "website": "codeaza.ro",
        "description": "Software for hospitals.",
    }


def test_organisation_signs_up_pending_verification_with_its_first_admin(
    client, form_data, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data)

    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.registration_number == valid_cui(4242)
    assert organisation.website == "https://codeaza.ro"
    user = User.objects.get(email="andrei.pop@codeaza.ro")
    assert user.role == Role.COMPANY
    assert organisation.created_by == user
    membership = OrganisationMembership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (organisation, "admin")
    subjects = {m.subject for m in mailoutbox}
    assert any("awaiting verification" in s for s in subjects)
    assert any(m.to == [staff.email] for m in mailoutbox)


def test_company_home_says_it_awaits_verification(client, form_data, mailoutbox):
    client.post(URL, form_data)
    user = User.objects.get(email="andrei.pop@codeaza.ro")
    client.force_login(user)

    response = client.get(reverse("company_home"))

    assert "Your organisation awaits verification." in response.content.decode()


def test_invalid_registration_number_is_refused(client, form_data):
    form_data["registration_number"] = "12345678"

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert (
        "not a valid Romanian registration code"
        in (response.context["form"].errors["registration_number"][0])
    )
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_already_registered_organisation_is_refused(client, form_data, organisation):
    form_data["registration_number"] = organisation.registration_number

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert (
        "Ask its administrator to invite you"
        in (response.context["form"].errors["registration_number"][0])
    )
    assert Organisation.objects.count() == 1
    assert not User.objects.filter(email=form_data["email"]).exists()


def test_same_name_in_other_case_is_refused(client, form_data, organisation):
    form_data["legal_name"] = organisation.legal_name.lower()

    response = client.post(URL, form_data)

    assert response.context["form"].errors["legal_name"]
    assert Organisation.objects.count() == 1


def test_taken_email_creates_nothing_and_does_not_tell(client, form_data, student, mailoutbox):
    form_data["email"] = student.email

    response = client.post(URL, form_data)

    assert response.url == reverse("account_email_verification_sent")
    assert not Organisation.objects.exists()
    assert User.objects.count() == 1
    assert [m.subject for m in mailoutbox] == ["[Practica] Account Already Exists"]


def test_forged_role_is_ignored(client, form_data):
    form_data["role"] = Role.STAFF

    client.post(URL, form_data)

    assert User.objects.get().role == Role.COMPANY


def test_student_domain_limit_does_not_apply_to_organisations(client, form_data, settings):
    settings.STUDENT_EMAIL_DOMAINS = ["ubbcluj.ro"]

    client.post(URL, form_data)

    assert User.objects.filter(email="andrei.pop@codeaza.ro").exists()


def test_the_organisation_keeps_its_address_and_phone(client, form_data):
    client.post(URL, form_data)

    organisation = Organisation.objects.get()
    assert (organisation.address, organisation.phone) == (
        "Str. Memorandumului nr. 28",
        "0264 123 456",
    )


@pytest.mark.parametrize("phone", ["12", "0264 123 456 789 012 345", "call me", "07+22123456"])
def test_a_phone_that_is_no_phone_is_refused(client, form_data, phone):
    form_data["phone"] = phone

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_legal_representative_is_kept_for_the_agreements(client, form_data, mailoutbox):
    form_data["legal_representative"] = "  Maria Someșan "
    form_data["legal_representative_function"] = "Administrator"

    client.post(URL, form_data)

    organisation = Organisation.objects.get()
    assert organisation.legal_representative == "Maria Someșan"
    assert organisation.legal_representative_function == "Administrator"


def test_each_staff_member_is_told_in_their_own_language(
    client, form_data, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import StaffFactory

    english, romanian = StaffFactory(language="en"), StaffFactory(language="ro")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data)

    told = {m.to[0]: m.subject for m in mailoutbox if "Codează Someș SRL" in m.subject}
    assert told[english.email].startswith("New organisation awaiting verification")
    assert told[romanian.email].startswith("Organizație nouă")
