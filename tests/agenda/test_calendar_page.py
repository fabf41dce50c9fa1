from datetime import timedelta

import pytest
from django.urls import reverse

from agenda.models import CalendarFeed, hash_token
from agenda.views import FEED_NOTICE
from notifications.models import Event

URL = reverse("calendar")


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (URL, reverse("calendar_feed_create")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor", "staff"])
def test_every_role_has_a_calendar_page(client, request, role, internship):
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL)

    assert response.status_code == 200
    assert "Subscribe in your calendar app" in response.content.decode()


def test_the_page_lists_a_year_of_deadlines(client, student, internship, period):
    period.certificates_on = period.ends_on + timedelta(days=60)
    period.save()
    client.force_login(student)

    content = client.get(URL).content.decode()

    assert "Certificates of Summer 2027 are issued" in content
    assert "Self-evaluation due (Codează Someș SRL)" in content


def token_in(address):
    return address.rsplit("/", 1)[1].removesuffix(".ics")


def test_the_feed_address_is_shown_once_after_it_is_made(client, student):
    client.force_login(student)

    response = client.post(reverse("calendar_feed_create"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    content = response.content.decode()
    feed = CalendarFeed.objects.get(user=student)
    address = response.context["new_address"]
    assert address.startswith("http://localhost:8000/calendar/") and address.endswith(".ics")
    assert f">{address}</textarea>" in content
    assert "Keep it secret" in content
    assert token_in(address) not in feed.token_hash
    assert len(feed.token_hash) == 64
    again = client.get(URL)
    assert again.context["new_address"] == ""
    assert token_in(address) not in again.content.decode()
    assert "Reset the address" in again.content.decode()


@pytest.mark.parametrize("name", ["calendar_feed_create", "calendar_feed_reset"])
def test_the_session_never_holds_the_address(client, student, name):
    client.force_login(student)
    if name == "calendar_feed_reset":
        client.post(reverse("calendar_feed_create"))

    client.post(reverse(name))

    feed = CalendarFeed.objects.get()
    stored = client.session.load()
    assert stored
    assert all(hash_token(str(value)) != feed.token_hash for value in stored.values())


def test_the_outcome_is_shown_in_the_feed_section_the_page_opens_at(client, student):
    client.force_login(student)

    page = client.post(reverse("calendar_feed_create")).content.decode()

    assert f'action="{reverse("calendar_feed_reset")}#feed-heading"' in page
    feed_section = page[page.index('id="feed-heading"') :]
    assert "Your calendar feed is ready: copy its address now." in feed_section
    assert page.count("Your calendar feed is ready") == 1
    assert "Your calendar feed is ready" not in client.get(URL).content.decode()
    assert FEED_NOTICE not in client.session


def test_the_create_button_opens_the_page_at_the_feed_section(client, student):
    client.force_login(student)

    page = client.get(URL).content.decode()

    assert f'action="{reverse("calendar_feed_create")}#feed-heading"' in page


def test_the_copy_button_waits_for_its_script(client, student):
    client.force_login(student)

    page = client.post(reverse("calendar_feed_create")).content.decode()

    assert 'src="/static/js/copy.js"' in page
    assert 'data-copy="feed-address"' in page
    button = page[page.index('data-copy="feed-address"') :]
    assert button[: button.index(">")].rstrip().endswith("hidden")
    assert 'aria-live="polite"' in page


def test_a_second_feed_is_refused_and_the_first_keeps_its_address(client, student):
    client.force_login(student)
    address = client.post(reverse("calendar_feed_create")).context["new_address"]
    first = CalendarFeed.objects.get().token_hash

    response = client.post(reverse("calendar_feed_create"))

    content = response.content.decode()
    feed_section = content[content.index('id="feed-heading"') :]
    assert "You already have a calendar feed." in feed_section
    assert response.context["new_address"] == ""
    assert token_in(address) not in content
    assert CalendarFeed.objects.count() == 1
    assert CalendarFeed.objects.get().token_hash == first
    assert client.get(reverse("calendar_feed", args=[token_in(address)])).status_code == 200


def test_reset_and_stop_change_the_feed(client, student):
    client.force_login(student)
    client.post(reverse("calendar_feed_create"))
    first = CalendarFeed.objects.get().token_hash

    response = client.post(reverse("calendar_feed_reset"))
    assert response.status_code == 200
    assert "The feed has a new address" in response.content.decode()
    assert response.context["new_address"]
    assert CalendarFeed.objects.get().token_hash != first

    response = client.post(reverse("calendar_feed_revoke"), follow=True)
    assert "The calendar feed is stopped" in response.content.decode()
    assert CalendarFeed.objects.get().revoked_at is not None
    assert "Create the feed address" in response.content.decode()
    assert list(
        Event.objects.filter(object_id=student.pk, action__startswith="calendar_feed")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["calendar_feed_created", "calendar_feed_reset", "calendar_feed_stopped"]


def test_stopping_without_a_feed_is_explained(client, student):
    client.force_login(student)

    response = client.post(reverse("calendar_feed_revoke"), follow=True)

    assert "You have no calendar feed to stop." in response.content.decode()


@pytest.mark.parametrize(
    "name", ["calendar_feed_create", "calendar_feed_reset", "calendar_feed_revoke"]
)
def test_feed_actions_need_a_post(client, student, name):
    client.force_login(student)

    assert client.get(reverse(name)).status_code == 405
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_page_needs_the_same_queries_for_1_or_10_interns(
    client, host_tutor, organisation, rows, django_assert_max_num_queries
):
    from tests import factories

    for _ in range(rows):
        factories.InternshipFactory(
            application=factories.ApplicationFactory(
                placement=factories.PlacementFactory(organisation=organisation),
                status="accepted",
            ),
            host_tutor=host_tutor,
        )
    client.force_login(host_tutor)

    with django_assert_max_num_queries(8):
        response = client.get(URL)

    assert len(response.context["deadlines"]) == 2 * rows
