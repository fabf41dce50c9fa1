import threading
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, MentorProfile, Role, User
from core.services import ServiceError
from tests.factories import InvitationFactory, OrganisationFactory

PASSWORD = "Practica-2026!"


def accept_data(**extra):
    return {
        "first_name": "Ana",
        "last_name": "Lazăr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


def url(token):
    return reverse("accept_invitation", args=[token])


def test_host_tutor_accepts_and_lands_on_the_mentor_home(client, organisation):
    invitation = InvitationFactory(kind="host_tutor", organisation=organisation, token="tok-1")

    response = client.post(url("tok-1"), accept_data(), follow=True)

    user = User.objects.get(email=invitation.email)
    assert user.role == Role.MENTOR
    assert user.mentor_profile.kind == MentorProfile.Kind.HOST_TUTOR
    assert user.mentor_profile.organisation == organisation
    assert EmailAddress.objects.get(user=user).verified
    assert response.redirect_chain[-1][0] == reverse("mentor_home")
    assert f"Host tutor at {organisation.legal_name}" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_user == user


@pytest.mark.parametrize(
    ("kind", "role", "check"),
    [
        ("staff", Role.STAFF, lambda u: True),
        (
            "supervisor",
            Role.MENTOR,
            lambda u: (
                u.mentor_profile.kind == "supervisor" and u.mentor_profile.organisation is None
            ),
        ),
        ("recruiter", Role.COMPANY, lambda u: u.membership.role == "recruiter"),
        ("org_admin", Role.COMPANY, lambda u: u.membership.role == "admin"),
    ],
)
def test_each_kind_creates_the_right_account(client, organisation, kind, role, check):
    org = organisation if kind in Invitation.ORGANISATION_KINDS else None
    invitation = InvitationFactory(kind=kind, organisation=org, token="tok-2")

    client.post(url("tok-2"), accept_data())

    user = User.objects.get(email=invitation.email)
    assert user.role == role
    assert check(user)


def test_page_shows_who_invited_and_the_login(client, db):
    invitation = InvitationFactory(token="tok-3")

    response = client.get(url("tok-3"))

    assert response.status_code == 200
    body = response.content.decode()
    assert invitation.email in body
    assert invitation.invited_by.get_full_name() in body


def test_reused_invitation_is_refused(client, db):
    InvitationFactory(token="tok-4")
    client.post(url("tok-4"), accept_data())
    client.logout()

    response = client.post(url("tok-4"), accept_data(first_name="Other"))

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.count() == 2  # the inviter and the one account


def test_expired_invitation_is_refused(client, db):
    InvitationFactory(token="tok-5", expires_at=timezone.now() - timedelta(minutes=1))
    users_before = User.objects.count()

    response = client.post(url("tok-5"), accept_data())

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert User.objects.count() == users_before


def test_withdrawn_invitation_is_refused(client, db):
    InvitationFactory(token="tok-6", revoked_at=timezone.now())

    response = client.get(url("tok-6"))

    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_unknown_token_is_404(client, db):
    response = client.get(url("no-such-token"))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_weak_password_is_refused_beside_the_field(client, db):
    invitation = InvitationFactory(token="tok-7")

    response = client.post(url("tok-7"), accept_data(password1="password", password2="password"))

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_forged_role_is_ignored(client, db):
    invitation = InvitationFactory(kind="supervisor", token="tok-8")

    client.post(url("tok-8"), accept_data(role="staff", kind="staff"))

    assert User.objects.get(email=invitation.email).role == Role.MENTOR


def test_address_registered_meanwhile_is_refused(client, student):
    InvitationFactory(token="tok-9", email=student.email)

    response = client.post(url("tok-9"), accept_data())

    assert "already exists" in response.content.decode()
    assert User.objects.filter(email=student.email).count() == 1


def test_logged_in_user_is_told_to_log_out_first(client, student):
    InvitationFactory(token="tok-10")
    client.force_login(student)

    response = client.post(url("tok-10"), accept_data(), follow=True)

    assert "Log out first" in response.content.decode()
    assert User.objects.filter(role=Role.MENTOR).count() == 0


@pytest.mark.django_db(transaction=True)
def test_link_used_twice_at_once_creates_one_account():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    InvitationFactory(token="tok-race", kind="recruiter", organisation=OrganisationFactory())
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(first_name):
        try:
            barrier.wait()
            services.accept_invitation(
                token="tok-race", first_name=first_name, last_name="Pop", password=PASSWORD
            )
            outcomes.append("ok")
        except ServiceError as error:
            outcomes.append(error.text)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(n,)) for n in ("Ana", "Ion")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes.count("ok") == 1
    assert any("already been used" in outcome for outcome in outcomes)
    assert User.objects.filter(role=Role.COMPANY).count() == 1
