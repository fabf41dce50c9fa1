# ruff: noqa: F811 (the fixtures imported from publish_world are parameters)
"""What a student sees of their result in a round, and why (alloc-publish)."""

import pytest
from django.urls import reverse

from allocation.models import Match, Round
from allocation.services import publishing
from tests.factories import PlacementFactory, StudentFactory

from .publish_world import _digest, done_run, enter, world  # noqa: F401 (fixtures)


def result_url(w):
    return reverse("allocation_student_result", args=[w.round.pk])


@pytest.fixture
def published(world):
    publishing.publish_run(run=world.run, by=world.staff)
    return world


def test_placed_student_sees_the_offer_and_why_not_higher(client, published):
    w = published
    client.force_login(w.bogdan)

    page = client.get(result_url(w)).content.decode()

    assert "Data analyst intern" in page
    offer = w.bogdan.applications.get()
    assert reverse("confirm_accept_offer", args=[offer.pk]) in page
    assert reverse("confirm_decline_offer", args=[offer.pk]) in page
    assert "Answer the offer by" in page
    assert "Backend intern (Django)" in page
    assert "Full: its 1 seat went to a student the host ranked above you." in page
    assert "Ana" not in page  # never who took the seat


def test_unmatched_student_sees_why_for_each_choice(client, published):
    w = published
    client.force_login(w.carmen)

    page = client.get(result_url(w)).content.decode()

    assert "You were not placed in this round" in page
    assert "The host did not accept applicants for this placement from your list." in page
    assert "Full: its 1 seat went to a student the host ranked above you." in page
    assert "Ana" not in page and "Bogdan" not in page


def test_unmatched_student_is_shown_the_open_second_round(client, published):
    w = published
    w.round.refresh_from_db()
    second = publishing.create_second_round(round=w.round, by=w.staff)
    Round.objects.filter(pk=second.pk).update(status=Round.Status.OPEN)
    client.force_login(w.carmen)

    assert "second round" in client.get(result_url(w)).content.decode()


def test_quota_and_no_seats_reasons(client, published):
    w = published
    Match.objects.filter(run=w.run, student=w.carmen).update(
        reasons=[
            {"placement": w.first.pk, "rank": 1, "why": "quota", "higher": 2},
            {"placement": w.second.pk, "rank": 2, "why": "no_seats", "higher": 0},
        ]
    )
    client.force_login(w.carmen)

    page = client.get(result_url(w)).content.decode()

    assert "Its seats for your programme (quota) went to students ranked above you." in page
    assert "It had no seats left in this round." in page


def test_pinned_student_sees_the_office_placed_them(client, world):
    w = world
    Match.objects.filter(run=w.run, student=w.ana).update(pinned=True)
    publishing.publish_run(run=w.run, by=w.staff)
    client.force_login(w.ana)

    assert "Placed here by the internship office." in client.get(result_url(w)).content.decode()


def test_before_publishing_no_result_is_shown(client, world):
    client.force_login(world.bogdan)

    response = client.get(result_url(world))

    assert response.status_code == 200
    page = response.content.decode()
    assert "not published yet" in page
    assert "Data analyst intern" not in page and "Full:" not in page


def test_a_student_outside_the_round_gets_404(client, published, programme):
    outsider = StudentFactory(programme=programme).user
    client.force_login(outsider)

    assert client.get(result_url(published)).status_code == 404


def test_a_draft_round_is_404(client, world):
    Round.objects.filter(pk=world.round.pk).update(status=Round.Status.DRAFT)
    client.force_login(world.ana)

    assert client.get(result_url(world)).status_code == 404


@pytest.mark.parametrize("role", ["company_admin", "host_tutor", "supervisor", "staff"])
def test_other_roles_are_refused(client, request, published, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(result_url(published)).status_code == 403


def test_anonymous_is_sent_to_log_in(client, published):
    response = client.get(result_url(published))
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.parametrize("choices", [2, 20])
def test_the_result_page_reads_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, staff, period, programme, organisation, choices
):
    from .publish_world import make_round

    round = make_round(period=period, programme=programme, staff=staff)
    placements = [
        PlacementFactory(organisation=organisation, period=period, programmes=[programme])
        for _ in range(choices)
    ]
    student = StudentFactory(programme=programme).user
    enter(round, student, placements)
    run = done_run(
        round,
        staff,
        {student: None},
        reasons={
            student: [
                {"placement": p.pk, "rank": n, "why": "full", "higher": 2}
                for n, p in enumerate(placements, start=1)
            ]
        },
    )
    publishing.publish_run(run=run, by=staff)
    client.force_login(student)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("allocation_student_result", args=[round.pk]))
    assert response.status_code == 200


def test_the_round_pages_link_to_the_published_result(client, world):
    w = world
    client.force_login(w.carmen)
    link = result_url(w)
    # Before publishing: the student's round pages do not point at a result.
    assert link not in client.get(reverse("student_round", args=[w.round.pk])).content.decode()
    publishing.publish_run(run=w.run, by=w.staff)
    listing = client.get(reverse("student_rounds")).content.decode()
    assert link in listing
    page = client.get(reverse("student_round", args=[w.round.pk])).content.decode()
    assert link in page
    assert "The result of this round is published." in page
    assert "This round is not open." not in page  # no warning that reads as a refusal
