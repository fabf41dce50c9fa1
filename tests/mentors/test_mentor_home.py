from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentors.models import Evaluation
from tests import factories

HOME = reverse("mentor_home")
TODAY = timezone.localdate


def intern_of(tutor, *, starts_days_ago=30, ends_in_days=30, status="active", last_name="Bălan"):
    organisation = tutor.mentor_profile.organisation
    application = factories.ApplicationFactory(
        placement=factories.PlacementFactory(organisation=organisation),
        status="accepted",
        student=factories.StudentFactory(user__first_name="Ana", user__last_name=last_name).user,
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=tutor,
        status=status,
        starts_on=TODAY() - timedelta(days=starts_days_ago),
        ends_on=TODAY() + timedelta(days=ends_in_days),
    )


def section(content, heading_id):
    """The HTML of one section of the page, from its heading to the next section."""
    start = content.index(f'id="{heading_id}"')
    return content[start : content.index("</section>", start)]


# Access -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "staff"])
def test_the_home_is_for_mentors(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(HOME).status_code == 403


# What it shows ------------------------------------------------------------------------


def test_a_mentor_without_interns_is_told_so(client, host_tutor):
    client.force_login(host_tutor)

    content = client.get(HOME).content.decode()

    assert "Host tutor at Codează Someș SRL." in content
    assert "No interns are assigned to you yet." in content


def test_the_supervisor_sees_their_profile_line(client, supervisor, internship):
    client.force_login(supervisor)

    content = client.get(HOME).content.decode()

    assert "Academic supervisor at the university." in content
    assert "Ioana Bălan" in content


def test_the_mentor_sees_only_their_running_interns(
    client, host_tutor, internship, other_internship
):
    finished = intern_of(host_tutor, status="completed", last_name="Terminată")
    factories.LogbookEntryFactory(internship=internship, status="approved", hours=8)
    client.force_login(host_tutor)

    response = client.get(HOME)

    content = response.content.decode()
    assert list(response.context["page"]) == [internship]
    assert internship.get_absolute_url() in content
    assert other_internship.get_absolute_url() not in content
    assert finished.get_absolute_url() not in content
    assert "8 of 120 hours approved" in content


def test_entries_awaiting_approval_are_listed_with_their_count(client, host_tutor, internship):
    calm = intern_of(host_tutor, last_name="Calmă")
    for days_ago in (1, 2, 3):
        factories.LogbookEntryFactory(
            internship=internship, status="submitted", date=TODAY() - timedelta(days=days_ago)
        )
    factories.LogbookEntryFactory(internship=calm, status="approved", date=TODAY())
    client.force_login(host_tutor)

    awaiting = section(client.get(HOME).content.decode(), "awaiting-heading")

    assert "Ioana Bălan: 3 entries awaiting approval" in awaiting
    assert reverse("logbook", args=[internship.pk]) in awaiting
    assert "Ana Calmă" not in awaiting


def test_evaluations_due_link_to_their_form(client, host_tutor, internship):
    ending = intern_of(host_tutor, starts_days_ago=80, ends_in_days=3, last_name="Finală")
    Evaluation.objects.create(
        internship=ending, kind="midterm", author=host_tutor, status="submitted"
    )
    early = intern_of(host_tutor, starts_days_ago=2, ends_in_days=80, last_name="Devreme")
    client.force_login(host_tutor)

    due = section(client.get(HOME).content.decode(), "evaluations-due-heading")

    assert reverse("evaluation_form", args=[internship.pk, "midterm"]) in due
    assert reverse("evaluation_form", args=[ending.pk, "final"]) in due
    assert reverse("evaluation_form", args=[ending.pk, "midterm"]) not in due
    assert "Final evaluation" in due
    assert early.get_absolute_url() not in due
    assert "Ana Devreme" not in due


def test_interns_quiet_for_14_days_are_listed(client, host_tutor, internship):
    busy = intern_of(host_tutor, last_name="Harnică")
    factories.LogbookEntryFactory(internship=busy, date=TODAY() - timedelta(days=2))
    lapsed = intern_of(host_tutor, last_name="Tăcută")
    factories.LogbookEntryFactory(internship=lapsed, date=TODAY() - timedelta(days=20))
    client.force_login(host_tutor)

    quiet = section(client.get(HOME).content.decode(), "quiet-heading")

    assert internship.get_absolute_url() in quiet
    assert "no entry yet" in quiet
    assert lapsed.get_absolute_url() in quiet
    assert "last entry on" in quiet
    assert busy.get_absolute_url() not in quiet


def test_a_new_intern_is_not_yet_quiet(client, host_tutor):
    newcomer = intern_of(host_tutor, starts_days_ago=5, last_name="Nouă")
    client.force_login(host_tutor)

    quiet = section(client.get(HOME).content.decode(), "quiet-heading")

    assert newcomer.get_absolute_url() not in quiet


@pytest.mark.parametrize("rows", [3, 30])
def test_the_home_needs_the_same_queries_for_3_or_30_interns(
    client, host_tutor, rows, django_assert_max_num_queries
):
    for n in range(rows):
        intern = intern_of(host_tutor, last_name=f"Intern{n}")
        factories.LogbookEntryFactory(internship=intern, status="submitted")
        Evaluation.objects.create(internship=intern, kind="midterm", author=host_tutor)
    client.force_login(host_tutor)

    with django_assert_max_num_queries(7):  # 6, and the coming deadlines
        response = client.get(HOME)

    assert len(response.context["page"]) == min(rows, 20)
    assert len(response.context["attention"]["awaiting"]) == rows
