"""The account pages beyond allauth's own strings: Django's password rules and the page
shown when a rate limit is reached, in Romanian and in our layout."""

import pytest
from django.urls import reverse

from accounts.django_strings import MSGIDS


@pytest.fixture
def romanian(client, db):
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    return client


def test_the_password_rules_read_well_in_romanian(romanian, student, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": f"django.contrib.auth.password_validation.{name}"}
        for name in ("UserAttributeSimilarityValidator", "NumericPasswordValidator")
    ]
    romanian.force_login(student)

    page = romanian.get(reverse("account_change_password")).content.decode()

    assert "Parola nu poate semăna prea mult cu celelalte date personale" in page
    assert "Parola nu poate fi alcătuită numai din cifre." in page
    assert "ca parola sa fie" not in page


def test_every_listed_django_string_is_translated():
    from django.utils import translation

    with translation.override("ro"):
        for msgid in MSGIDS:
            assert translation.gettext(msgid) != msgid, msgid


def test_too_many_attempts_answer_our_page_in_romanian(romanian, student, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/ip"}
    url = reverse("account_reset_password")

    statuses = [romanian.post(url, {"email": student.email}).status_code for _ in range(4)]
    response = romanian.post(url, {"email": student.email})

    assert 429 in statuses and response.status_code == 429
    page = response.content.decode()
    assert "<h1>Prea multe încercări</h1>" in page
    assert 'href="/"' in page  # our layout, with its way home
    assert "Too Many Requests" not in page


def test_account_emails_greet_from_practica_not_the_host(romanian, student, mailoutbox):
    romanian.post(reverse("account_reset_password"), {"email": student.email})

    body = mailoutbox[-1].body
    assert body.startswith("Salutări de la Practica!")
    assert "Vă mulțumim că folosiți Practica!" in body
    assert "testserver!" not in body
