"""Sign-up and password reset answer alike whether or not an address has an account; only
the mailbox learns which (allauth's ACCOUNT_PREVENT_ENUMERATION)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User

UNKNOWN = "nobody@example.org"


def answer(response, email):
    """What a visitor can observe: status, where it leads, the flash messages (which may
    repeat the address they typed)."""
    return (
        response.status_code,
        response.get("Location"),
        [str(m).replace(email, "ADDRESS") for m in get_messages(response.wsgi_request)],
    )


def signup(client, email, programme):
    return client.post(
        reverse("signup_student"),
        {
            "first_name": "Ioana",
            "last_name": "Bălan",
            "email": email,
            "password1": "Practica-2026!",
            "password2": "Practica-2026!",
            "programme": programme.pk,
            "year_of_study": "2",
        },
    )


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, student, mailoutbox
):
    known = client.post(reverse("account_reset_password"), {"email": student.email})
    unknown = client.post(reverse("account_reset_password"), {"email": UNKNOWN})

    assert answer(known, student.email) == answer(unknown, UNKNOWN)
    assert known.url == reverse("account_reset_password_done")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([student.email], "[Practica] Password Reset Email"),
        ([UNKNOWN], "[Practica] Unknown Account"),
    ]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


def test_the_reset_form_itself_does_not_tell(client, student):
    page = client.post(reverse("account_reset_password"), {"email": UNKNOWN}, follow=True)

    assert "not assigned to any user account" not in page.content.decode()


def test_sign_up_answers_the_same_for_known_and_unknown_addresses(
    client, student, programme, mailoutbox
):
    known = signup(client, student.email, programme)
    client.cookies.clear()
    unknown = signup(client, UNKNOWN, programme)

    assert answer(known, student.email) == answer(unknown, UNKNOWN)
    assert known.url == reverse("account_email_verification_sent")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([student.email], "[Practica] Account Already Exists"),
        ([UNKNOWN], "[Practica] Please Confirm Your Email Address"),
    ]
    assert "/accounts/password/reset/" in mailoutbox[0].body
    assert User.objects.filter(email=student.email).count() == 1


def test_the_page_after_sign_up_is_the_same_for_known_and_unknown_addresses(
    client, student, programme
):
    def page_after(email):
        client.cookies.clear()
        body = signup(client, email, programme)
        body = client.get(body.url).content.decode()
        return re.sub(r'value="[^"]{40,}"|"X-CSRFToken": "[^"]+"', "TOKEN", body)

    known, unknown = page_after(student.email), page_after(UNKNOWN)

    assert known.replace(student.email, "ADDRESS") == unknown.replace(UNKNOWN, "ADDRESS")


@pytest.mark.parametrize("spelling", ["upper", "unicode"])
def test_another_spelling_of_a_known_address_is_known_too(client, programme, mailoutbox, spelling):
    User.objects.create_user(
        "idn@exämple.ro", first_name="Ioana", last_name="Bălan", role="student"
    )
    email = {"upper": "IDN@XN--EXMPLE-CUA.RO", "unicode": "idn@exämple.ro"}[spelling]

    response = signup(client, email, programme)

    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["idn@xn--exmple-cua.ro"], "[Practica] Account Already Exists")
    ]
