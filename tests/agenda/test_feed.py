from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import CalendarFeed
from core.services import ServiceError


def feed_url(token):
    return reverse("calendar_feed", args=[token])


@pytest.fixture
def token(student):
    return services.create_feed(user=student, by=student)


def events_of(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_is_read_without_a_login_and_parses(client, student, internship, token):
    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    calendar, events = events_of(response)
    assert str(calendar["version"]) == "2.0"
    assert "prodid" in calendar
    assert str(calendar["x-wr-calname"]) == "Practica — Ioana Bălan"
    assert set(events) == {
        f"internship-end-{internship.pk}@localhost",
        f"self-evaluation-due-{internship.pk}@localhost",
    }
    event = events[f"self-evaluation-due-{internship.pk}@localhost"]
    assert event.decoded("dtstart") == internship.ends_on
    assert isinstance(event.decoded("dtstart"), date)
    assert str(event["summary"]) == "Self-evaluation due (Codează Someș SRL)"
    assert str(event["url"]) == (
        "http://localhost:8000" + reverse("evaluation_form", args=[internship.pk, "self"])
    )
    assert "dtstamp" in event
    assert str(event["description"])


def test_the_uids_stay_the_same_from_one_read_to_the_next(client, student, internship, token):
    _, first = events_of(client.get(feed_url(token)))
    _, second = events_of(client.get(feed_url(token)))

    assert set(first) == set(second)


def test_the_feed_speaks_the_owners_language(client, student, internship, token, monkeypatch):
    from django.utils import translation

    from agenda import views

    spoken = []
    write = views.feed_calendar

    def feed_calendar(user, deadlines):
        spoken.append(translation.get_language())
        return write(user, deadlines)

    monkeypatch.setattr(views, "feed_calendar", feed_calendar)
    student.language = "ro"
    student.save()

    response = client.get(feed_url(token), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert spoken == ["ro"]


def test_an_overdue_deadline_says_so(client, student, internship, token):
    internship.starts_on = timezone.localdate() - timedelta(days=2)
    internship.save()
    internship.agreement.student_confirmed_at = None
    internship.agreement.save()

    _, events = events_of(client.get(feed_url(token)))

    assert str(events[f"agreement-due-{internship.pk}@localhost"]["description"]).startswith(
        "Overdue."
    )


@pytest.mark.parametrize("token_text", ["nope", "x" * 43, "x" * 500])
def test_an_unknown_address_is_not_found(client, db, token_text):
    response = client.get(feed_url(token_text))

    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "There is no calendar feed at this address" in response.content.decode()


def test_a_reset_address_stops_working(client, student, token):
    new = services.reset_feed(user=student, by=student)

    assert client.get(feed_url(token)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_a_stopped_feed_is_not_found(client, student, token):
    services.revoke_feed(user=student, by=student)

    assert client.get(feed_url(token)).status_code == 404


def test_a_deactivated_persons_feed_is_not_found(client, student, token):
    student.is_active = False
    student.save()

    assert client.get(feed_url(token)).status_code == 404


def test_the_feed_answers_get_only(client, token):
    assert client.post(feed_url(token)).status_code == 405


def test_the_feed_is_rate_limited_by_address(client, token, settings, one_rate_window):
    settings.CALENDAR_FEED_RATE_LIMIT = "2/m"

    answers = [client.get(feed_url(token)).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_last_read_is_written_at_most_once_an_hour(client, student, token):
    client.get(feed_url(token))
    first = CalendarFeed.objects.get().last_used_at
    client.get(feed_url(token))

    assert first is not None
    assert CalendarFeed.objects.get().last_used_at == first

    CalendarFeed.objects.update(last_used_at=first - timedelta(hours=2))
    client.get(feed_url(token))
    assert CalendarFeed.objects.get().last_used_at > first


def test_the_feed_reads_a_fixed_number_of_queries(client, host_tutor, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    token = services.create_feed(user=host_tutor, by=host_tutor)

    def add_interns(count):
        for _ in range(count):
            factories.InternshipFactory(
                application=factories.ApplicationFactory(
                    placement=factories.PlacementFactory(organisation=organisation),
                    status="accepted",
                ),
                host_tutor=host_tutor,
            )

    def read():
        with CaptureQueriesContext(connection) as context:
            response = client.get(feed_url(token))
        return response, len(context)

    add_interns(1)
    client.get(feed_url(token))  # the first read notes when it was read
    _, few = read()
    add_interns(9)
    response, many = read()

    assert few == many
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 20


# Services --------------------------------------------------------------------------------


def test_no_one_else_makes_resets_or_stops_your_feed(student, other_student, staff, token):
    for by in (other_student, staff):
        for service in (services.create_feed, services.reset_feed, services.revoke_feed):
            with pytest.raises(PermissionDenied):
                service(user=student, by=by)

    feed = CalendarFeed.objects.get()
    assert feed.revoked_at is None


def test_reset_needs_a_feed(student):
    with pytest.raises(ServiceError, match="no calendar feed to reset"):
        services.reset_feed(user=student, by=student)


def test_a_stopped_feed_can_be_made_again_with_a_new_address(client, student, token):
    services.revoke_feed(user=student, by=student)

    new = services.create_feed(user=student, by=student)

    assert new != token
    assert client.get(feed_url(new)).status_code == 200
    assert client.get(feed_url(token)).status_code == 404
    assert CalendarFeed.objects.count() == 1


def test_a_feed_with_no_deadlines_is_still_a_valid_calendar(client, student, token, settings):
    response = client.get(feed_url(token))

    calendar, events = events_of(response)
    assert events == {}
    assert calendar.subcomponents
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == [settings.TIME_ZONE]
    assert b"BEGIN:VTIMEZONE" in response.content


def test_the_time_zone_leaves_the_all_day_dates_as_dates(client, student, internship, token):
    calendar, events = events_of(client.get(feed_url(token)))

    assert len(calendar.walk("VTIMEZONE")) == 1
    for event in events.values():
        for name in ("dtstart", "dtend"):
            assert type(event.decoded(name)) is date
            assert "TZID" not in event[name].params
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
    assert b"DTSTART;VALUE=DATE:" in client.get(feed_url(token)).content
