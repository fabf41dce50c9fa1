"""An invitation's state is shown by its label, never by its raw value."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import InvitationFactory


def test_the_list_shows_each_state_by_its_label(client, staff):
    now = timezone.now()
    InvitationFactory(invited_by=staff)
    InvitationFactory(invited_by=staff, revoked_at=now)
    InvitationFactory(invited_by=staff, expires_at=now - timedelta(days=1))
    client.force_login(staff)

    html = client.get(reverse("staff_invitations")).content.decode()

    for label in ("Pending", "Withdrawn", "Expired"):
        assert f">{label}</span>" in html
    for raw in (">pending<", ">revoked<", ">expired<"):
        assert raw not in html


def test_the_state_label_is_translated(staff):
    invitation = InvitationFactory(invited_by=staff)

    with translation.override("en"):
        assert (invitation.state, invitation.get_state_display()) == ("pending", "Pending")
