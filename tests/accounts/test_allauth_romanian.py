from pathlib import Path

import allauth
import polib
import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.allauth_strings import MSGIDS
from tests.factories import PASSWORD

ALLAUTH_RO = Path(allauth.__file__).parent / "locale/ro/LC_MESSAGES/django.po"
OUR_RO = Path(__file__).resolve().parents[2] / "locale/ro/LC_MESSAGES/django.po"


@pytest.fixture
def romanian(client, db):
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    return client


def test_sign_in_page_speaks_romanian_with_diacritics(romanian):
    response = romanian.get(reverse("account_login"))

    body = response.content.decode()
    assertContains(response, "<h1>Autentificare</h1>", html=True)
    assert "Dacă nu aveți încă un cont, vă rugăm să vă" in body
    assert "Ține-mă minte" in body
    assert "Ați uitat parola?" in body
    assert 'placeholder="Adresă de e-mail"' in body
    for allauths in ("Conecteaza-te", "Tine-ma minte", "Daca nu ai un cont", "Ai uitat parola"):
        assert allauths not in body


def test_wrong_password_is_refused_in_romanian(romanian, student):
    response = romanian.post(
        reverse("account_login"), {"login": student.email, "password": "not-the-password"}
    )

    body = response.content.decode()
    assert "Adresa de e-mail și/sau parola introduse nu sunt corecte." in body
    assert "si / sau parola sunt incorecte" not in body


def test_signed_in_and_signed_out_messages_are_romanian(romanian, student):
    signed_in = romanian.post(
        reverse("account_login"), {"login": student.email, "password": PASSWORD}, follow=True
    )
    signed_out = romanian.post(reverse("account_logout"), follow=True)

    assert "V-ați autentificat ca Ioana Bălan." in signed_in.content.decode()
    assert "Esti conectat" not in signed_in.content.decode()
    assert "V-ați deconectat." in signed_out.content.decode()
    assert "Te-ai deconectat." not in signed_out.content.decode()


def test_password_reset_page_and_email_are_romanian(romanian, student, mailoutbox):
    response = romanian.get(reverse("account_reset_password"))
    done = romanian.post(reverse("account_reset_password"), {"email": student.email}, follow=True)

    page = response.content.decode()
    assertContains(response, "<h1>Resetarea parolei</h1>", html=True)
    assert "Introduceți mai jos adresa de e-mail" in page
    assert "Resetează parola" in page
    assert "Vă rugăm să ne contactați dacă întâmpinați dificultăți" in page
    for allauths in ("Reseteaza parola", "Te rugam contacteaza-ne", "Introdu adresa"):
        assert allauths not in page
    assert "V-am trimis un e-mail." in done.content.decode()
    assert mailoutbox[0].subject == "[Practica] Resetarea parolei"
    assert "Primiți acest e-mail deoarece" in mailoutbox[0].body
    assert "Vă mulțumim că folosiți" in mailoutbox[0].body
    assert "Iti multumim" not in mailoutbox[0].body


def test_english_pages_keep_allauths_english(client, db):
    response = client.get(reverse("account_login"))

    assertContains(response, "<h1>Sign In</h1>", html=True)
    assertContains(response, "Remember Me")


def test_every_listed_string_is_still_one_of_allauths_and_ours_translates_it():
    allauths = {e.msgid for e in polib.pofile(str(ALLAUTH_RO)) if not e.obsolete}
    ours = {e.msgid: e.msgstr for e in polib.pofile(str(OUR_RO)) if not e.obsolete}

    assert set(MSGIDS) - allauths == set(), "allauth reworded these: update allauth_strings"
    assert [m for m in MSGIDS if not ours.get(m)] == []
