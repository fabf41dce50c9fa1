import time
from unittest import mock

from django.core import signing
from django.urls import reverse

from notifications import emails, kinds
from notifications.choices import choices_of
from notifications.models import Event, NotificationSettings

UNSUBSCRIBE_BUTTON = 'class="button button--primary">Unsubscribe</button>'


def url_for(user, group="offers", kind=""):
    return reverse(
        "notifications_unsubscribe", args=[emails.unsubscribe_token(user.pk, group, kind)]
    )


def test_the_link_asks_first_and_changes_nothing_on_get(client, student):
    response = client.get(url_for(student))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Unsubscribe from Offers" in content
    assert "You will no longer get e-mails about Offers" in content
    assert UNSUBSCRIBE_BUTTON in content
    assert student.email not in content
    assert emails.masked(student.email) in content
    assert not NotificationSettings.objects.exists()


def test_the_button_turns_that_group_off_only(client, student):
    response = client.post(url_for(student))

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert reverse("notification_settings") in response.content.decode()
    choices = choices_of(student)
    assert choices.channel_of("offers") == "in_app"
    assert choices.channel_of("applications") == "immediate"
    event = Event.objects.get(action="notifications_unsubscribed")
    assert (event.actor, event.note) == (student, "offers")


def test_a_mail_clients_one_click_post_needs_no_csrf_token_nor_login(student):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(url_for(student), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert choices_of(student).channel_of("offers") == "in_app"


def test_a_second_click_changes_nothing_more(client, student):
    client.post(url_for(student))
    response = client.post(url_for(student))

    assert "already turned off" in response.content.decode()
    assert Event.objects.filter(action="notifications_unsubscribed").count() == 1


def test_the_digests_link_turns_off_every_group_sent_to_the_digest(client, student):
    NotificationSettings.objects.create(user=student, choices={"logbook": "digest"})

    client.post(url_for(student, "digest"))

    choices = choices_of(student)
    assert choices.channel_of("logbook") == "in_app"
    assert choices.channel_of("reminders") == "in_app"
    assert choices.channel_of("offers") == "immediate"


def test_a_tampered_link_is_not_valid(client, student):
    token = emails.unsubscribe_token(student.pk, "offers")
    forged = token.replace(
        token.split(":")[0], emails.unsubscribe_token(999, "offers").split(":")[0]
    )

    for path in (
        reverse("notifications_unsubscribe", args=[forged]),
        reverse("notifications_unsubscribe", args=["nonsense"]),
    ):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 400
            assert "This link is not valid" in response.content.decode()
    assert not NotificationSettings.objects.exists()


def test_a_token_of_another_salt_is_not_valid(client, student):
    token = signing.dumps({"u": student.pk, "g": "offers"})
    response = client.post(reverse("notifications_unsubscribe", args=[token]))
    assert response.status_code == 400


def test_an_expired_link_says_so_and_offers_to_log_in(client, student, settings):
    settings.UNSUBSCRIBE_MAX_AGE_DAYS = 90
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 91 * 86400):
        path = url_for(student)

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        content = response.content.decode()
        assert "This link has expired" in content
        assert reverse("account_login") in content
    assert not NotificationSettings.objects.exists()


def test_a_link_within_its_age_still_works(client, student):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 89 * 86400):
        path = url_for(student)
    assert client.post(path).status_code == 200


def test_a_mandatory_kinds_link_says_it_cannot_be_turned_off(client, student):
    path = url_for(student, "offers", kind="offer_made")

    response = client.get(path)
    content = response.content.decode()
    assert "E-mails like this one are always sent: they cannot be turned off." in content
    assert "You can stop the other e-mails about Offers" in content
    assert "You will no longer get e-mails about" not in content
    assert UNSUBSCRIBE_BUTTON in content

    response = client.post(path)
    assert "still reach you" in response.content.decode()
    assert choices_of(student).channel_for("offer_made") == "immediate"
    assert choices_of(student).channel_for("offer_expired") == "in_app"


def test_a_link_of_a_group_already_off_says_so_and_offers_the_settings(client, student):
    NotificationSettings.objects.create(user=student, choices={"offers": "in_app"})

    response = client.get(url_for(student))

    content = response.content.decode()
    assert response.status_code == 200
    assert "E-mails about Offers are already turned off" in content
    assert "You will no longer get" not in content
    assert UNSUBSCRIBE_BUTTON not in content
    assert reverse("notification_settings") in content


def test_a_mandatory_kinds_link_of_a_group_already_off_offers_no_button(client, student):
    NotificationSettings.objects.create(user=student, choices={"offers": "in_app"})

    response = client.get(url_for(student, "offers", kind="offer_made"))

    content = response.content.decode()
    assert "always sent" in content
    assert "The other e-mails about Offers are already turned off." in content
    assert UNSUBSCRIBE_BUTTON not in content


def test_a_mandatory_kinds_link_of_a_group_all_mandatory_offers_no_button(client, student):
    only_mandatory = {name: kind for name, kind in kinds.KINDS.items() if kind.mandatory}
    with mock.patch.dict(kinds.KINDS, only_mandatory, clear=True):
        response = client.get(url_for(student, "documents", kind="certificate_revoked"))

    content = response.content.decode()
    assert "E-mails like this one are always sent: they cannot be turned off." in content
    assert "other e-mails" not in content and "no longer get" not in content
    assert UNSUBSCRIBE_BUTTON not in content


def test_a_digests_link_when_nothing_is_sent_to_the_digest_says_so(client, student):
    NotificationSettings.objects.create(
        user=student, choices={"reminders": "immediate", "saved_searches": "in_app"}
    )

    response = client.get(url_for(student, "digest"))

    content = response.content.decode()
    assert "The digest is already turned off" in content
    assert UNSUBSCRIBE_BUTTON not in content


def test_a_deactivated_accounts_link_is_not_valid(client, student):
    student.is_active = False
    student.save(update_fields=["is_active"])
    assert client.post(url_for(student)).status_code == 400


def test_another_method_is_refused(client, student):
    assert client.put(url_for(student)).status_code == 405


def test_the_page_is_in_the_persons_language(client, student):
    student.language = "ro"
    student.save(update_fields=["language"])

    response = client.get(url_for(student))

    assert response.wsgi_request.LANGUAGE_CODE == "ro"
    assert '<html lang="ro">' in response.content.decode()


def test_unsubscribing_from_the_digest_leaves_nothing_waiting_for_one(client, student):
    from notifications import digests
    from notifications.models import Notification

    Notification.objects.create(
        recipient=student, kind="placement_published", params={}, delivery="digest"
    )
    NotificationSettings.objects.create(user=student, choices={"placements": "digest"})

    client.post(url_for(student, "digest"))

    assert Notification.objects.get().delivery == "in_app"
    assert digests.send_digests(today="2027-03-01") == 0


def test_no_shared_cache_keeps_the_page(client, student):
    response = client.get(url_for(student))
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
