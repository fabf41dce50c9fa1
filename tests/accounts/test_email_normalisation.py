"""One mailbox, one account: `idn@exämple.ro` and `idn@xn--exmple-cua.ro` are the same
address, whichever spelling sign-up, login, password reset, invitations or the roster get."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services
from accounts.emails import normalise_email
from accounts.forms import email_domain_allowed
from accounts.models import Invitation, User
from core.services import ServiceError
from office.roster import parse_roster
from tests.factories import PASSWORD, InvitationFactory, StudentFactory, UserFactory

UNICODE = "idn@exämple.ro"
ASCII = "idn@xn--exmple-cua.ro"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        (UNICODE, ASCII),
        (ASCII, ASCII),
        ("  IDN@EXÄMPLE.RO ", ASCII),
        ("Ana.Pop@Stud.Example.RO", "ana.pop@stud.example.ro"),
        ("ana@faß.de", "ana@xn--fa-hia.de"),
        ("ana@example.ro.", "ana@example.ro"),
        ("ana@-bad-.ro", "ana@-bad-.ro"),
        ("no-at-sign", "no-at-sign"),
        ("", ""),
    ],
)
def test_normalise_email(written, normalised):
    assert normalise_email(written) == normalised


def test_the_user_manager_stores_the_ascii_form(db):
    user = User.objects.create_user(UNICODE, role="student")

    assert user.email == ASCII
    assert User.objects.get_by_natural_key(UNICODE) == user


def test_a_form_cleaning_the_user_normalises_the_address(db):
    user = User(email="IDN@EXÄMPLE.RO", first_name="Ioana", last_name="Bălan", role="student")

    user.clean()

    assert user.email == ASCII


@pytest.fixture
def ascii_student(programme):
    return StudentFactory(programme=programme, user__email=ASCII).user


def test_sign_up_with_a_unicode_domain_stores_the_ascii_form(client, programme):
    client.post(
        reverse("signup_student"),
        {
            "first_name": "Ioana",
            "last_name": "Bălan",
            "email": UNICODE,
            "password1": "Practica-2026!",
            "password2": "Practica-2026!",
            "programme": programme.pk,
            "year_of_study": "2",
        },
    )

    assert User.objects.get().email == ASCII
    assert EmailAddress.objects.get().email == ASCII


@pytest.mark.parametrize("spelling", [UNICODE, "IDN@XN--EXMPLE-CUA.RO"])
def test_login_with_either_spelling_finds_the_account(client, ascii_student, spelling):
    response = client.post(reverse("account_login"), {"login": spelling, "password": PASSWORD})

    assert response.status_code == 302, response.context["form"].errors
    assert client.session["_auth_user_id"] == str(ascii_student.pk)


def test_password_reset_with_the_unicode_spelling_reaches_the_account(
    client, ascii_student, mailoutbox
):
    client.post(reverse("account_reset_password"), {"email": UNICODE})

    assert mailoutbox[0].subject == "[Practica] Password Reset Email"
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_inviting_the_unicode_spelling_of_an_account_is_refused(staff, ascii_student):
    with pytest.raises(ServiceError, match="already exists"):
        services.invite(by=staff, email=UNICODE, kind=Invitation.Kind.SUPERVISOR)

    assert not Invitation.objects.exists()


def test_the_invitation_form_refuses_it_beside_the_field(client, staff, ascii_student):
    client.force_login(staff)

    response = client.post(
        reverse("staff_invitations"), {"email": UNICODE, "kind": Invitation.Kind.SUPERVISOR}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["email"]


def test_an_invitation_keeps_the_ascii_form_and_replaces_the_other_spelling(staff):
    first = services.invite(by=staff, email=ASCII, kind=Invitation.Kind.SUPERVISOR)
    second = services.invite(by=staff, email="Idn@Exämple.ro", kind=Invitation.Kind.SUPERVISOR)

    first.refresh_from_db()
    assert second.email == ASCII
    assert first.revoked_at is not None


def test_the_roster_reads_the_ascii_form(db):
    upload = SimpleUploadedFile(
        "roster.csv",
        b"first_name,last_name,email,student_number,programme,year\n"
        + "Ana,Pop,Ana@Exämple.RO,S1,INFO,1\n".encode(),
    )

    [(_line, values, _extra)] = parse_roster(upload)

    assert values["email"] == "ana@xn--exmple-cua.ro"


def test_student_domains_match_in_either_spelling():
    assert email_domain_allowed(ASCII, ["exämple.ro"])
    assert email_domain_allowed("ana@stud.xn--exmple-cua.ro", ["EXÄMPLE.ro"])
    assert not email_domain_allowed("ana@example.ro", ["exämple.ro"])


def test_the_migration_normalises_stored_addresses_but_leaves_duplicates(db):
    migration = importlib.import_module("accounts.migrations.0006_normalise_email_domains")
    lone = UserFactory(email="ana@exämple.ro")
    twin = UserFactory(email=UNICODE)
    UserFactory(email=ASCII)
    invitation = InvitationFactory(email="Vlad@Exämple.ro")

    migration.normalise_addresses(apps, None)

    lone.refresh_from_db()
    twin.refresh_from_db()
    invitation.refresh_from_db()
    assert lone.email == "ana@xn--exmple-cua.ro"
    assert EmailAddress.objects.get(user=lone).email == "ana@xn--exmple-cua.ro"
    assert twin.email == UNICODE  # the office merges these two by hand
    assert invitation.email == "vlad@xn--exmple-cua.ro"


def test_the_migration_leaves_the_address_rows_of_an_account_it_leaves_alone(db):
    migration = importlib.import_module("accounts.migrations.0006_normalise_email_domains")
    twin = UserFactory(email=UNICODE)
    other = UserFactory(email=ASCII)
    EmailAddress.objects.filter(user=other).delete()  # made with createsuperuser: no row

    migration.normalise_addresses(apps, None)

    twin.refresh_from_db()
    assert twin.email == UNICODE
    assert list(EmailAddress.objects.filter(user=twin).values_list("email", flat=True)) in (
        [UNICODE],
        [],
    )
