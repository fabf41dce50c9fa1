"""Each person's language: chosen at sign-up and with the switcher, kept on the account, and
followed by the pages they open and the e-mails they receive (issue 15)."""

import pytest
from django.urls import reverse

from accounts.models import County, Sector, User
from notifications.models import Event
from notifications.services import notify
from tests.factories import valid_cui

SWITCH = reverse("set_language")


def test_the_switcher_keeps_a_signed_in_persons_choice(client, student):
    client.force_login(student)

    response = client.post(SWITCH, {"language": "ro", "next": "/"})

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.language == "ro"
    event = Event.objects.get(action="language_chosen")
    assert (event.object_id, event.from_status, event.to_status) == (student.pk, "", "ro")


def test_the_chosen_language_follows_the_person_to_a_new_device(client, student):
    User.objects.filter(pk=student.pk).update(language="ro")
    client.force_login(student)  # no language cookie: a new browser

    page = client.get(reverse("student_home"), HTTP_ACCEPT_LANGUAGE="en")

    assert page["Content-Language"] == "ro"
    assert '<html lang="ro"' in page.content.decode()


def test_an_unknown_language_changes_nothing(client, student):
    client.force_login(student)

    client.post(SWITCH, {"language": "xx", "next": "/"})

    student.refresh_from_db()
    assert student.language == ""
    assert not Event.objects.filter(action="language_chosen").exists()


def test_anyone_not_signed_in_switches_with_the_cookie_only(client, db):
    response = client.post(SWITCH, {"language": "ro", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ro"


def test_a_person_who_never_chose_reads_the_sites_language(student):
    assert student.language == ""
    assert student.reads == "en"


@pytest.mark.parametrize("language", ["ro", "en"])
def test_the_organisation_chooses_its_language_at_sign_up(client, db, mailoutbox, language):
    response = client.post(
        reverse("signup_organisation"),
        {
            "first_name": "Andrei",
            "last_name": "Pop",
            "email": "andrei.pop@codeaza.ro",
            "password1": "Practica-2026!",
            "password2": "Practica-2026!",
            "language": language,
            "legal_name": "Codează Someș SRL",
            "registration_number": valid_cui(4242),
            "sector": Sector.objects.get(name="Creative industries and ICT").pk,
            "county": County.objects.get(code="CJ").pk,
            "city": "Cluj-Napoca",
            "address": "Str. Memorandumului nr. 28",
            "phone": "0264 123 456",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="andrei.pop@codeaza.ro").language == language


def test_each_email_leaves_in_its_readers_language(
    student, other_student, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=student.pk).update(language="ro")
    student.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        notify([student, other_student], "application_rejected", placement="Backend intern")

    by_reader = {message.to[0]: message for message in mailoutbox}
    assert "nu a fost selectată" in by_reader[student.email].body
    assert "was not selected" in by_reader[other_student.email].body


def test_a_password_reset_is_written_in_the_accounts_language_not_the_pages(
    client, student, mailoutbox
):
    User.objects.filter(pk=student.pk).update(language="ro")

    client.post(reverse("account_reset_password"), {"email": student.email})  # an English page

    body = mailoutbox[-1].body
    assert body.startswith("Salutări de la Practica!")


def test_a_password_reset_for_an_account_without_a_choice_follows_the_page(
    client, student, mailoutbox
):
    client.post(
        reverse("account_reset_password"), {"email": student.email}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert mailoutbox[-1].body.startswith("Hello from Practica!")
