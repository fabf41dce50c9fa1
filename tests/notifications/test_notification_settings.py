import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from accounts.models import User
from core.services import ServiceError
from notifications import digests, kinds, services
from notifications.choices import choices_of
from notifications.models import Event, Notification, NotificationSettings

URL = reverse("notification_settings")


def posted(**changes):
    data = {
        "language": "en",
        "digest": "daily",
        "digest_weekday": "0",
        **{f"group_{name}": group.default for name, group in kinds.GROUPS.items()},
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor", "staff"])
def test_every_role_sees_the_page_linked_from_the_header(client, role, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{URL}" aria-current="page"' in content
    assert "Offers" in content and "An offer made to you is always e-mailed." in content
    assert 'value="immediate"' in content


def test_the_student_profile_links_to_it(client, student):
    client.force_login(student)
    assert URL in client.get(reverse("student_profile")).content.decode()


def test_a_person_saves_their_choices_and_language(client, student):
    client.force_login(student)

    response = client.post(
        URL, posted(language="ro", digest="weekly", digest_weekday="4", group_logbook="digest")
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.language == "ro"
    choices = choices_of(student)
    assert (choices.digest, choices.digest_weekday) == ("weekly", 4)
    assert choices.channel_of("logbook") == "digest"
    assert Event.objects.filter(action="notification_choices_saved", actor=student).exists()
    assert Event.objects.filter(action="language_chosen", actor=student).exists()
    page = client.get(URL)
    assert '<html lang="ro">' in page.content.decode()
    assert (
        'name="group_logbook" value="digest" required id="id_group_logbook_1" checked'
        in page.content.decode()
    )


def test_saving_the_same_choices_records_nothing(client, student):
    client.force_login(student)
    client.post(URL, posted(group_offers="digest"))
    client.post(URL, posted(group_offers="digest"))
    assert Event.objects.filter(action="notification_choices_saved").count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"group_offers": "carrier_pigeon"},
        {"digest": "hourly"},
        {"digest_weekday": "7"},
        {"language": "fr"},
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(client, student, bad):
    client.force_login(student)

    response = client.post(URL, posted(**bad))

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not NotificationSettings.objects.exists()
    student.refresh_from_db()
    assert student.language == ""
    assert not Event.objects.exists()


def test_no_one_changes_another_persons_choices(student, other_student):
    with pytest.raises(PermissionDenied):
        services.save_choices(
            user=other_student,
            by=student,
            language="ro",
            digest="daily",
            digest_weekday=0,
            groups={"offers": "in_app"},
        )
    assert not NotificationSettings.objects.exists()


def test_the_service_refuses_an_unknown_group_or_channel(student):
    for groups in ({"nonsense": "in_app"}, {"offers": "pigeon"}):
        with pytest.raises(ServiceError):
            services.save_choices(
                user=student,
                by=student,
                language="en",
                digest="daily",
                digest_weekday=0,
                groups=groups,
            )
    assert not NotificationSettings.objects.exists()


def test_the_page_answers_only_get_and_post(client, student):
    client.force_login(student)
    assert client.put(URL).status_code == 405


def test_the_page_costs_the_same_queries_whatever_was_chosen(
    client, student, django_assert_max_num_queries
):
    client.force_login(student)
    with django_assert_max_num_queries(6):
        client.get(URL)
    NotificationSettings.objects.create(user=student, choices={"offers": "digest"})
    with django_assert_max_num_queries(6):
        client.get(URL)


def test_a_group_moved_to_the_app_only_takes_its_waiting_notifications(client, student):
    NotificationSettings.objects.create(user=student, choices={"placements": "digest"})
    waiting = Notification.objects.create(
        recipient=student, kind="placement_published", params={}, delivery="digest"
    )
    other = Notification.objects.create(
        recipient=student, kind="logbook_approved", params={}, delivery="digest"
    )
    client.force_login(student)

    client.post(URL, posted(group_placements="in_app", group_logbook="digest"))

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert (waiting.delivery, other.delivery) == ("in_app", "digest")


def test_a_group_moved_to_email_at_once_emails_what_waited_for_the_digest(
    client, student, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=student, choices={"placements": "digest"})
    waiting = Notification.objects.create(
        recipient=student,
        kind="placement_published",
        params={"placement": "Backend"},
        delivery="digest",
    )
    read = Notification.objects.create(
        recipient=student,
        kind="placement_published",
        params={"placement": "Frontend"},
        delivery="digest",
        read_at=timezone.now(),
    )
    client.force_login(student)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, posted(group_placements="immediate"))

    waiting.refresh_from_db()
    read.refresh_from_db()
    assert waiting.delivery == "immediate" and waiting.emailed_at is not None
    assert (read.delivery, read.emailed_at) == ("in_app", None)
    assert list(Email.objects.values_list("subject", flat=True)) == [f"[Practica] {waiting.text}"]
    assert digests.send_digests(today="2027-03-01") == 0


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_make_one_row_and_no_error(student):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    User.objects.filter(pk=student.pk).update(language="en")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(channel):
        try:
            person = User.objects.get(pk=student.pk)
            barrier.wait()
            services.save_choices(
                user=person,
                by=person,
                language="en",
                digest="daily",
                digest_weekday=0,
                groups={"offers": channel},
            )
            outcomes.append("saved")
        except Exception as error:  # noqa: BLE001 (the assertion below shows it)
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(c,)) for c in ("digest", "in_app")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == ["saved", "saved"]
    assert NotificationSettings.objects.filter(user=student).count() == 1
