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


def posted(role="student", **changes):
    data = {
        "language": "en",
        "digest": "daily",
        "digest_weekday": "0",
        **{f"group_{name}": kinds.GROUPS[name].default for name in kinds.groups_for(role)},
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
    assert "Internships and agreements" in content and "Everything else" in content
    assert 'value="immediate"' in content


def test_a_student_is_asked_about_the_groups_that_reach_students_only(client, student):
    client.force_login(student)

    content = client.get(URL).content.decode()

    assert "Offers" in content and "An offer made to you is always e-mailed." in content
    assert "Your internship certificates issued." in content
    assert "Placements and vetting" not in content
    assert "verified or suspended" not in content and "Issuing jobs" not in content
    assert 'name="group_placements"' not in content


def test_staff_are_asked_about_vetting_and_issuing_jobs_not_offers(client, staff):
    client.force_login(staff)

    content = client.get(URL).content.decode()

    assert "Placements and vetting" in content
    assert "Issuing jobs of certificates that failed or were tried again." in content
    assert "verified or suspended" not in content
    assert "A certificate of yours revoked" not in content
    assert 'name="group_offers"' not in content and 'name="group_logbook"' not in content


def test_a_group_of_another_role_posted_is_ignored_and_the_unasked_keep_their_choice(
    client, student
):
    NotificationSettings.objects.create(
        user=student, choices={"placements": "digest", "offers": "in_app"}
    )
    client.force_login(student)

    response = client.post(URL, posted(group_placements="in_app", group_offers="digest"))

    assert response.status_code == 302
    defaults = {name: kinds.GROUPS[name].default for name in kinds.groups_for("student")}
    assert NotificationSettings.objects.get(user=student).choices == {
        **defaults,
        "offers": "digest",
        "placements": "digest",
    }


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
        {"group_offers": "digest\x00"},
        {"digest": "daily\x00\x1b[31m"},
        {"digest_weekday": "\x004"},
        {"language": "ro\x00"},
    ],
)
def test_bad_input_answers_400_with_a_message_and_saves_nothing(client, student, bad):
    client.force_login(student)

    response = client.post(URL, posted(**bad))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in content
    assert "\x00" not in content and "\x1b" not in content
    assert "is not one of the available choices" not in content
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


def test_the_service_leaves_a_group_of_another_role_as_it_was(student):
    services.save_choices(
        user=student,
        by=student,
        language="en",
        digest="daily",
        digest_weekday=0,
        groups={"placements": "in_app", "offers": "digest"},
    )
    assert NotificationSettings.objects.get(user=student).choices == {"offers": "digest"}


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


def test_a_group_moved_to_the_app_only_takes_its_waiting_notifications(client, company_admin):
    NotificationSettings.objects.create(user=company_admin, choices={"placements": "digest"})
    waiting = Notification.objects.create(
        recipient=company_admin, kind="placement_published", params={}, delivery="digest"
    )
    other = Notification.objects.create(
        recipient=company_admin, kind="application_received", params={}, delivery="digest"
    )
    client.force_login(company_admin)

    client.post(URL, posted("company", group_placements="in_app", group_applications="digest"))

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert (waiting.delivery, other.delivery) == ("in_app", "digest")


def test_a_group_moved_to_email_at_once_emails_what_waited_for_the_digest(
    client, company_admin, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=company_admin, choices={"placements": "digest"})
    waiting = Notification.objects.create(
        recipient=company_admin,
        kind="placement_published",
        params={"placement": "Backend"},
        delivery="digest",
    )
    read = Notification.objects.create(
        recipient=company_admin,
        kind="placement_published",
        params={"placement": "Frontend"},
        delivery="digest",
        read_at=timezone.now(),
    )
    client.force_login(company_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, posted("company", group_placements="immediate"))

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


def test_a_student_may_turn_the_alerts_of_saved_searches_off(client, student):
    client.force_login(student)

    content = client.get(URL).content.decode()
    assert "Alerts of saved searches" in content
    assert 'name="group_saved_searches" value="digest"' in content
    assert 'name="group_saved_searches" value="in_app"' in content
    assert 'name="group_saved_searches" value="immediate"' not in content

    client.post(URL, posted(group_saved_searches="in_app"))

    assert choices_of(student).channel_of("saved_searches") == "in_app"


def test_the_alerts_of_saved_searches_cannot_be_e_mailed_at_once(client, student):
    client.force_login(student)

    response = client.post(URL, posted(group_saved_searches="immediate"))

    assert response.status_code == 400
    assert "Choose how each group reaches you" in response.content.decode()
    assert not NotificationSettings.objects.exists()
    with pytest.raises(ServiceError):
        services.save_choices(
            user=student,
            by=student,
            language="en",
            digest="daily",
            digest_weekday=0,
            groups={"saved_searches": "immediate"},
        )


def test_other_roles_are_not_asked_about_saved_searches(client, company_admin):
    client.force_login(company_admin)

    assert 'name="group_saved_searches"' not in client.get(URL).content.decode()
