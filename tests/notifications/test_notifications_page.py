import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification

LIST_URL = reverse("notifications")
READ_URL = reverse("notifications_read")


def notification(recipient, title="Backend intern", url="/placements/1/", read=False):
    return Notification.objects.create(
        recipient=recipient,
        kind="placement_published",
        params={"placement": title},
        url=url,
        read_at=timezone.now() if read else None,
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    for response in (client.get(LIST_URL), client.post(READ_URL)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_marking_read_answers_only_to_post(client, student):
    client.force_login(student)

    assert client.get(READ_URL).status_code == 405


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "staff"])
def test_every_role_sees_its_own_notifications(client, request, role, other_student):
    user = request.getfixturevalue(role)
    notification(user, title="Mine")
    notification(other_student, title="Someone else's")
    client.force_login(user)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "“Mine” is published." in page
    assert "Someone else" not in page


def test_notifications_show_newest_first_with_link_time_and_unread_marker(client, student):
    older = notification(student, title="Older", url="", read=True)
    newer = notification(student, title="Newer", url="/placements/7/")
    client.force_login(student)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert [n.pk for n in response.context["page"]] == [newer.pk, older.pk]
    assert '<a href="/placements/7/">“Newer” is published.</a>' in page
    assert "“Older” is published." in page
    assert page.count('class="unread-marker"') == 1
    assert "<time datetime=" in page
    assert "Mark all as read" in page


def test_mark_all_as_read_touches_only_the_viewers_notifications(client, student, other_student):
    mine = [notification(student), notification(student)]
    theirs = notification(other_student)
    client.force_login(student)

    response = client.post(READ_URL, follow=True)

    assert response.redirect_chain[-1][0] == LIST_URL
    assert all(n.read_at for n in Notification.objects.filter(pk__in=[m.pk for m in mine]))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "2 notifications marked as read." in response.content.decode()
    assert "Mark all as read" not in response.content.decode()


def test_one_notification_can_be_marked_read(client, student):
    first, second = notification(student), notification(student)
    client.force_login(student)

    client.post(READ_URL, {"id": first.pk})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_someone_elses_notification_read_changes_nothing(client, student, other_student):
    theirs = notification(other_student)
    client.force_login(student)

    client.post(READ_URL, {"id": theirs.pk})

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_goes_back_to_a_local_next_page_only(client, student):
    client.force_login(student)

    local = client.post(READ_URL, {"next": f"{LIST_URL}?page=2"})
    foreign = client.post(READ_URL, {"next": "https://evil.example.com/"})

    assert local.url == f"{LIST_URL}?page=2"
    assert foreign.url == LIST_URL


def test_the_service_marks_only_the_given_unread_notifications(student, other_student):
    first, second = notification(student), notification(student)
    theirs = notification(other_student)

    count = services.mark_notifications_read(by=student, ids=[first.pk, theirs.pk])

    assert count == 1
    assert Notification.objects.filter(read_at__isnull=False).get() == first
    assert services.mark_notifications_read(by=student) == 1
    second.refresh_from_db()
    assert second.read_at is not None


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_needs_the_same_queries_for_3_or_30_notifications(
    client, student, rows, django_assert_max_num_queries
):
    for index in range(rows):
        notification(student, title=f"Placement {index}", read=index % 2 == 0)
    client.force_login(student)

    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL)

    assert len(response.context["page"]) == min(rows, 20)
