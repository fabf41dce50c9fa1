"""Saving a search: its filters (the URL's parameters), a name and alerts; listing,
changing and deleting them; and absurd filters refused with a clear message."""

import threading

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from core.services import ServiceError
from internships.models import SavedSearch
from internships.services import saved as saved_services
from notifications.models import NotificationSettings
from tests import factories

LIST = reverse("saved_searches")


def create_url(**params):
    return f"{reverse('saved_search_create')}?{urlencode(params, doseq=True)}"


def save(client, params, name="Python in Cluj", alerts="daily"):
    return client.post(create_url(**params), {"name": name, "alerts": alerts}, follow=True)


def test_a_student_saves_the_search_they_see(client, student, programme):
    python = factories.SkillFactory(name="Python")
    client.force_login(student)

    response = save(client, {"q": "django", "skills": [python.pk], "city": "Cluj", "page": 2})

    saved = SavedSearch.objects.get()
    assert saved.student == student
    assert saved.name == "Python in Cluj"
    assert saved.alerts == "daily"
    assert saved.params == {
        "q": ["django"], "skills": [str(python.pk)], "city": ["Cluj"], "eligible": ["yes"],
    }  # fmt: skip
    assert "Python in Cluj" in response.text
    assert response.redirect_chain[-1][0] == LIST


def test_the_search_page_offers_to_save_it_with_its_filters(client, student):
    client.force_login(student)

    html = client.get(reverse("placement_search"), {"city": "Cluj", "page": 1}).text

    assert f'action="{reverse("saved_search_create")}?city=Cluj&amp;eligible=yes"' in html
    assert "Save this search" in html


def test_the_list_shows_the_students_own_searches_only(client, student, other_student):
    SavedSearch.objects.create(student=student, name="Mine", params={"city": ["Iași"]})
    SavedSearch.objects.create(student=other_student, name="Theirs", params={})
    client.force_login(student)

    html = client.get(LIST).text

    assert "Mine" in html and "Theirs" not in html
    assert "/placements/?city=Ia%C8%99i" in html


def test_the_list_says_what_each_search_filters(client, student):
    python = factories.SkillFactory(name="Python")
    cluj = factories.CountyFactory(name="Cluj")
    params = {
        "q": ["django"], "skills": [str(python.pk)], "county": [str(cluj.pk)],
        "work_mode": ["remote"], "eligible": ["yes"], "sort": ["newest"],
    }  # fmt: skip
    SavedSearch.objects.create(student=student, name="Mine", params=params)
    client.force_login(student)

    html = client.get(LIST).text

    assert (
        "“django” · Skills: Python · County: Cluj · Work mode: Remote · "
        "Show: Only placements I can apply to"
    ) in html


@pytest.mark.parametrize("count", [3, 20])
def test_the_list_needs_the_same_queries_for_3_or_20(
    client, student, count, django_assert_max_num_queries
):
    for n in range(count):
        skill = factories.SkillFactory()
        county = factories.CountyFactory()
        SavedSearch.objects.create(
            student=student,
            name=f"Search {n}",
            params={"q": [str(n)], "skills": [str(skill.pk)], "county": [str(county.pk)]},
        )
    client.force_login(student)

    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"colour": "blue"}, "The search has no filter named"),
        ({"county": "999999"}, "These filters were not understood: County"),
        ({"work_mode": "underwater"}, "These filters were not understood: Work mode"),
        ({"q": "x" * 5000}, "too long to be saved"),
        ({"q": "y" * 201}, "longer than 200 characters"),
        ({"q": "null\x00byte"}, "characters that have no place in a search"),
        ({"city": "tab\there"}, "characters that have no place in a search"),
    ],
)
def test_absurd_filters_are_refused_and_nothing_is_saved(client, student, params, message):
    client.force_login(student)

    response = save(client, params)

    assert message in response.text
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("name", "alerts", "message"),
    [
        ("", "daily", "Give the search a name."),
        ("n" * 101, "daily", "Give the search a shorter name"),
        ("bad\x00name", "daily", "Give the search a shorter name"),
        ("Fine", "hourly", "Choose how often you want alerts."),
    ],
)
def test_a_bad_name_or_alert_is_refused(client, student, name, alerts, message):
    client.force_login(student)

    response = save(client, {"city": "Cluj"}, name=name, alerts=alerts)

    assert message in response.text
    assert not SavedSearch.objects.exists()


def test_two_searches_may_not_share_a_name(client, student):
    SavedSearch.objects.create(student=student, name="Cluj", params={})
    client.force_login(student)

    response = save(client, {"city": "Cluj"}, name="  Cluj ")

    assert "already have a saved search named “Cluj”" in response.text
    assert SavedSearch.objects.count() == 1


def test_a_student_keeps_at_most_the_cap(client, student, settings):
    settings.SAVED_SEARCHES_MAX = 3
    for n in range(3):
        SavedSearch.objects.create(student=student, name=f"Search {n}", params={})
    client.force_login(student)

    response = save(client, {"city": "Cluj"}, name="One more")

    assert "You have 3 saved searches, the most you may keep" in response.text
    assert SavedSearch.objects.count() == 3


def test_other_roles_may_not_save_searches(client, company_admin):
    client.force_login(company_admin)

    assert client.post(create_url(city="Cluj"), {"name": "x", "alerts": "daily"}).status_code == 403
    assert client.get(LIST).status_code == 403
    assert not SavedSearch.objects.exists()


def test_anonymous_is_sent_to_log_in(client):
    response = client.post(create_url(city="Cluj"), {"name": "x", "alerts": "daily"})

    assert response.status_code == 302 and "/login/" in response.url
    assert not SavedSearch.objects.exists()


def test_saving_needs_a_post(client, student):
    client.force_login(student)

    assert client.get(create_url(city="Cluj")).status_code == 405


def test_a_student_changes_the_alerts(client, student):
    saved = SavedSearch.objects.create(student=student, name="Cluj", params={}, alerts="none")
    client.force_login(student)

    response = client.post(
        reverse("saved_search_alerts", args=[saved.pk]), {"alerts": "weekly"}, follow=True
    )

    saved.refresh_from_db()
    assert saved.alerts == "weekly"
    assert "Alerts of “Cluj” changed." in response.text


def test_an_unknown_alert_changes_nothing(client, student):
    saved = SavedSearch.objects.create(student=student, name="Cluj", params={}, alerts="daily")
    client.force_login(student)

    response = client.post(
        reverse("saved_search_alerts", args=[saved.pk]), {"alerts": "hourly"}, follow=True
    )

    saved.refresh_from_db()
    assert saved.alerts == "daily"
    assert "Choose how often you want alerts." in response.text


def test_a_student_deletes_a_saved_search(client, student):
    saved = SavedSearch.objects.create(student=student, name="Cluj", params={})
    client.force_login(student)

    response = client.post(reverse("saved_search_delete", args=[saved.pk]), follow=True)

    assert not SavedSearch.objects.exists()
    assert "Saved search “Cluj” deleted." in response.text


def test_another_students_search_is_not_found(client, student, other_student):
    theirs = SavedSearch.objects.create(student=other_student, name="Theirs", params={})
    client.force_login(student)

    assert client.post(reverse("saved_search_delete", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("saved_search_alerts", args=[theirs.pk]), {"alerts": "none"}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.alerts == "weekly"


def test_a_name_taken_meanwhile_is_refused_with_the_same_message(client, student, monkeypatch):
    """Two saves at once: the second finds the name free before the first commits; the
    unique constraint refuses it, and the student reads why instead of an error page."""
    from django.db.models import QuerySet

    exists = QuerySet.exists

    def found_free(queryset):
        return False if queryset.model is SavedSearch else exists(queryset)

    SavedSearch.objects.create(student=student, name="Cluj", params={})
    monkeypatch.setattr(QuerySet, "exists", found_free)
    client.force_login(student)

    response = save(client, {"city": "Cluj"}, name="Cluj")

    assert response.status_code == 200
    assert "already have a saved search named “Cluj”" in response.text
    assert SavedSearch.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_name_at_once_keep_one(programme):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    student = factories.StudentFactory(programme=programme).user
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait()
            saved_services.save_search(
                by=student, name="Cluj", data=QueryDict("city=Cluj"), alerts="daily"
            )
            outcomes.append("saved")
        except ServiceError as error:
            outcomes.append(error.message)
        except Exception as error:  # noqa: BLE001 (the assertion below shows it)
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["You already have a saved search named “Cluj”.", "saved"]
    assert SavedSearch.objects.count() == 1


def test_the_list_says_when_alerts_are_turned_off_in_the_settings(client, student):
    SavedSearch.objects.create(student=student, name="Cluj", params={}, alerts="daily")
    client.force_login(student)
    assert "Alerts of saved searches are turned off" not in client.get(LIST).text

    NotificationSettings.objects.create(user=student, choices={"saved_searches": "in_app"})

    assert "Alerts of saved searches are turned off" in client.get(LIST).text
