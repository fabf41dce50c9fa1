from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reminders.models import Reminder
from reminders.services import send_reminders
from tests import factories

URL = reverse("staff_reminders")
TODAY = timezone.localdate()
pytestmark = pytest.mark.django_db


def test_staff_see_what_goes_out_today(client, staff, internship, student):
    client.force_login(staff)

    response = client.get(URL)

    assert response.status_code == 200
    assert "To be sent today" in response.text
    assert student.display_name in response.text
    assert reverse("logbook", args=[internship.pk]) in response.text
    assert not Reminder.objects.exists()


def test_sent_reminders_are_listed_and_filtered(client, staff, internship, student):
    send_reminders(today=TODAY - timedelta(days=1))
    client.force_login(staff)

    listed = client.get(URL, {"rule": "logbook_silent"})
    other_rule = client.get(URL, {"rule": "result"})
    other_day = client.get(URL, {"sent_on": TODAY.isoformat()})

    assert listed.context["page"].paginator.count == 1
    assert other_rule.context["page"].paginator.count == 0
    assert other_day.context["page"].paginator.count == 0


def test_the_list_of_today_is_kept_a_minute_and_says_as_of_when(client, staff, internship):
    client.force_login(staff)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = client.get(URL)
        factories.InternshipFactory()
        clock.shift(timedelta(seconds=30))
        again = client.get(URL)
        clock.shift(timedelta(seconds=31))
        later = client.get(URL)

    silent = [item.count for item in first.context["due"] if item.rule.name == "logbook_silent"]
    assert [item.count for item in again.context["due"]] == [
        item.count for item in first.context["due"]
    ]
    assert [item.count for item in later.context["due"] if item.rule.name == "logbook_silent"] == [
        silent[0] + 1
    ]
    assert again.context["as_of"] == first.context["as_of"]
    assert "As of " in again.text


def test_a_reminder_without_its_notification_shows_its_rules_label(client, staff, internship):
    send_reminders(today=TODAY - timedelta(days=1))
    Reminder.objects.update(notification=None)
    client.force_login(staff)

    response = client.get(URL, {"rule": "logbook_silent"})

    assert "<td>Logbook silent</td>" in response.text
    assert "logbook_silent</td>" not in response.text


def test_a_bad_filter_is_shown_and_not_applied(client, staff, internship):
    send_reminders(today=TODAY)
    client.force_login(staff)

    response = client.get(URL, {"sent_on": "not a day", "rule": "nonsense"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"sent_on", "rule"}
    assert response.context["page"].paginator.count == Reminder.objects.count() > 0


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_only_staff_open_it(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_method_is_get(client, staff):
    client.force_login(staff)

    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_for_3_and_30_people(
    client, staff, count, django_assert_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    factories.InternshipFactory.create_batch(count)
    send_reminders(today=TODAY - timedelta(days=1))
    factories.InternshipFactory.create_batch(count)
    client.force_login(staff)
    client.get(URL)  # the session and the content types, once
    cache.clear()  # the list of today worked out again

    with django_assert_num_queries(QUERIES):
        response = client.get(URL)

    assert response.context["due"][1].count == count
    assert response.context["page"].paginator.count == count


# One of them the allocation rounds' rule (allocation.reminders), with no round open.
QUERIES = 27
