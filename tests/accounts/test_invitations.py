import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation
from tests.factories import InvitationFactory

STAFF_URL = reverse("staff_invitations")
COMPANY_URL = reverse("company_invitations")


def invite_data(kind, email="new.person@example.org"):
    return {"email": email, "kind": kind, "first_name": "Ana", "last_name": "Lazăr"}


def test_staff_invites_an_academic_supervisor(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STAFF_URL, invite_data("supervisor"), follow=True)

    assert "Invitation sent to new.person@example.org." in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.organisation, invitation.invited_by) == (
        "supervisor",
        None,
        staff,
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]
    token = re.search(r"/invitations/([\w-]+)/", mailoutbox[0].body).group(1)
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash


def test_staff_cannot_invite_organisation_people(client, staff):
    client.force_login(staff)

    response = client.post(STAFF_URL, invite_data("recruiter"))

    assert response.status_code == 400
    assert response.context["form"].errors["kind"]
    assert not Invitation.objects.exists()


def test_organisation_admin_invites_a_host_tutor_of_their_organisation(
    client, company_admin, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(company_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(COMPANY_URL, invite_data("host_tutor"))

    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.organisation) == ("host_tutor", organisation)
    assert organisation.legal_name in mailoutbox[0].body


def test_organisation_admin_cannot_invite_university_staff(client, company_admin):
    client.force_login(company_admin)

    response = client.post(COMPANY_URL, invite_data("staff"))

    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_recruiter_sees_colleagues_but_cannot_invite(client, recruiter, company_admin):
    client.force_login(recruiter)

    page = client.get(COMPANY_URL)
    post = client.post(COMPANY_URL, invite_data("recruiter"))

    assert page.status_code == 200
    assert company_admin.email in page.content.decode()
    assert "Send invitation" not in page.content.decode()
    assert post.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("url", [STAFF_URL, COMPANY_URL])
def test_students_and_mentors_cannot_open_invitation_pages(client, student, host_tutor, url):
    for user in (student, host_tutor):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, invite_data("staff")).status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(STAFF_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_inviting_a_registered_email_is_refused(client, staff, student):
    client.force_login(staff)

    response = client.post(STAFF_URL, invite_data("staff", email=student.email))

    assert response.status_code == 400
    assert "already exists" in response.context["form"].errors["email"][0]
    assert not Invitation.objects.exists()


def test_an_organisation_admin_is_answered_alike_whether_an_address_has_an_account(
    client, company_admin, student, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(company_admin)
    answers = []
    for email in (student.email, "nobody.yet@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(COMPANY_URL, invite_data("host_tutor", email=email), follow=True)
        answers.append((response.status_code, [str(m) for m in response.context["messages"]]))

    assert answers[0][0] == answers[1][0] == 200
    assert answers[0][1] == [f"Invitation sent to {student.email}."]
    assert answers[1][1] == ["Invitation sent to nobody.yet@example.org."]
    assert list(Invitation.objects.values_list("email", flat=True)) == ["nobody.yet@example.org"]
    told, invited = mailoutbox
    assert told.to == [student.email] and "already has a Practica account" in told.body
    assert "/invitations/" not in told.body and "/invitations/" in invited.body


def test_bad_email_is_refused(client, staff):
    client.force_login(staff)

    response = client.post(STAFF_URL, invite_data("staff", email="not-an-email"))

    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_inviting_again_replaces_the_pending_invitation(staff):
    first = services.invite(by=staff, email="a@example.org", kind="staff")
    second = services.invite(by=staff, email="A@example.org", kind="staff")

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_pending


def test_service_refuses_admin_of_another_organisation(company_admin, other_company_admin):
    organisation = company_admin.membership.organisation

    with pytest.raises(PermissionDenied):
        services.invite(
            by=other_company_admin,
            email="x@example.org",
            kind="recruiter",
            organisation=organisation,
        )


def test_staff_withdraws_a_pending_invitation(client, staff):
    invitation = InvitationFactory(invited_by=staff)
    client.force_login(staff)

    response = client.post(reverse("revoke_invitation", args=[invitation.pk]), follow=True)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "was withdrawn" in response.content.decode()


def test_admin_cannot_withdraw_another_organisations_invitation(
    client, company_admin, other_company_admin
):
    invitation = InvitationFactory(
        kind="recruiter",
        organisation=other_company_admin.membership.organisation,
        invited_by=other_company_admin,
    )
    client.force_login(company_admin)

    response = client.post(reverse("revoke_invitation", args=[invitation.pk]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_withdraw_needs_post(client, staff):
    invitation = InvitationFactory(invited_by=staff)
    client.force_login(staff)

    assert client.get(reverse("revoke_invitation", args=[invitation.pk])).status_code == 405


def test_withdrawing_an_accepted_invitation_is_refused(client, staff):
    invitation = InvitationFactory(invited_by=staff, accepted_at=timezone.now())
    client.force_login(staff)

    response = client.post(reverse("revoke_invitation", args=[invitation.pk]), follow=True)

    assert "no longer pending" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invitation_list_query_count_does_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    InvitationFactory.create_batch(3, invited_by=staff)
    with django_assert_max_num_queries(8):
        client.get(STAFF_URL)
    InvitationFactory.create_batch(30, invited_by=staff)
    with django_assert_max_num_queries(8):
        response = client.get(STAFF_URL)
    assert response.content.decode().count("Withdraw") == 33


def test_the_owner_of_an_address_is_told_of_an_invitation_only_once_it_commits(
    staff, student, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = services.invite_for_internship(
            by=staff,
            email=student.email,
            kind=Invitation.Kind.HOST_TUTOR,
            organisation=organisation,
        )

    assert invitation is None and mailoutbox == []  # a rollback now would have told nobody
    for callback in callbacks:
        callback()
    assert [message.to for message in mailoutbox] == [[student.email]]
    assert "already has a Practica account" in mailoutbox[0].body


def test_the_owner_of_an_invited_address_is_told_in_their_own_language(
    client, company_admin, student, mailoutbox, django_capture_on_commit_callbacks
):
    student.language = "ro"
    student.save(update_fields=["language"])
    client.force_login(company_admin)  # reads the site in English

    with django_capture_on_commit_callbacks(execute=True):
        client.post(COMPANY_URL, invite_data("host_tutor", email=student.email))

    (told,) = mailoutbox
    assert told.to == [student.email]
    assert "already has a Practica account" not in told.body
    assert "Bună ziua" in told.body
