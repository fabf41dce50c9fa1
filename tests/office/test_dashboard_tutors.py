"""The office sees the interns no one can approve: running internships whose host tutor is
not assigned or deactivated, counted on the dashboard and listed in the internships list."""

import pytest
from django.urls import reverse

from internships.services import assign_host_tutor
from office import stats
from tests import factories

URL = reverse("staff_home")
LIST = reverse("staff_internships")


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@pytest.fixture
def interns(organisation, period):
    """One of each: an active tutor, a deactivated one, none, and a finished internship
    whose tutor has since left."""
    tutor = factories.MentorFactory(organisation=organisation).user
    gone = deactivate(factories.MentorFactory(organisation=organisation).user)

    def intern(last_name, **kwargs):
        placement = factories.PlacementFactory(organisation=organisation, period=period)
        application = factories.ApplicationFactory(
            placement=placement, status="accepted", student__last_name=last_name
        )
        return factories.InternshipFactory(application=application, **kwargs)

    return {
        "tutored": intern("Avram", host_tutor=tutor),
        "stranded": intern("Bogdan", host_tutor=gone),
        "untutored": intern("Cozma", host_tutor=None, status="planned"),
        "finished": intern("Dinu", host_tutor=gone, status="completed"),
    }


def test_the_queue_counts_running_interns_without_an_active_host_tutor(interns):
    assert stats.queues()["without_host_tutor"] == 2


def test_the_dashboard_links_the_count_to_the_list(client, staff, interns):
    client.force_login(staff)

    response = client.get(URL)

    page = response.content.decode()
    assert response.context["figures"]["queues"]["without_host_tutor"] == 2
    assert f'href="{LIST}?host_tutor=none"' in page
    assert "interns without an active host tutor" in page


def test_the_list_shows_those_interns(client, staff, interns):
    client.force_login(staff)

    response = client.get(LIST, {"host_tutor": "none"})

    assert set(response.context["page"]) == {interns["stranded"], interns["untutored"]}
    assert "account deactivated" in response.content.decode()


def test_the_count_is_current_after_a_reassignment(client, staff, interns, organisation):
    client.force_login(staff)
    client.get(URL)  # the period's figures are now in the cache
    replacement = factories.MentorFactory(organisation=organisation).user

    assign_host_tutor(
        internship=interns["stranded"], mentor=replacement, by=staff, reason="Tutorele a plecat."
    )

    assert client.get(URL).context["figures"]["queues"]["without_host_tutor"] == 1


def test_an_unknown_choice_is_refused_with_a_message(client, staff, interns):
    client.force_login(staff)

    response = client.get(LIST, {"host_tutor": "zzz"})

    assert response.context["filter"].errors["host_tutor"]
