# ruff: noqa: F811 (the fixtures imported from publish_world are parameters)
"""Staff publish one run of a round: offers through the offer flow, unmatched students
told, every refusal clear and changing nothing (alloc-publish)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from allocation.models import Match, Round, Run
from allocation.services import publishing
from core.services import ServiceError
from internships import services as internship_services
from internships.models import Application, Internship
from notifications.models import Event, Notification
from tests.factories import ApplicationFactory, StaffFactory
from tests.races import at_once

from .publish_world import _digest, done_run, world  # noqa: F401 (fixtures)


def publish_url(w):
    return reverse("allocation_publish_run", args=[w.round.pk, w.run.pk])


def nothing_changed(w):
    w.round.refresh_from_db()
    assert w.round.status == Round.Status.OPEN and w.round.published_run_id is None
    assert not Application.objects.exists()
    assert not Match.objects.filter(application__isnull=False).exists()
    assert not Notification.objects.filter(kind__in=["offer_made", "allocation_unmatched"])


def refused(w, message):
    with pytest.raises(ServiceError) as error:
        publishing.publish_run(run=w.run, by=w.staff)
    assert message in error.value.text
    nothing_changed(w)


# Happy path ----------------------------------------------------------------------------


def test_publishing_makes_the_offers_and_tells_the_unmatched(world):
    w = world
    publishing.publish_run(run=w.run, by=w.staff)

    w.round.refresh_from_db()
    assert w.round.status == "published"
    assert w.round.published_run == w.run and w.round.published_by == w.staff
    assert w.round.published_at is not None
    offers = Application.objects.order_by("student__first_name")
    assert [(a.student, a.placement, a.status) for a in offers] == [
        (w.ana, w.first, "offered"),
        (w.bogdan, w.second, "offered"),
    ]
    for application in offers:
        assert application.offer_deadline == w.round.offer_deadline
        assert "Summer round" in application.cover_letter
        assert application.cv_label == "Round CV"
        with application.cv.open("rb") as cv:
            assert cv.read().startswith(b"%PDF")
        assert Match.objects.get(run=w.run, student=application.student).application == application
        event = Event.objects.get(object_id=application.pk, action="offered")
        assert event.note_kind == "allocation_offer"
        assert event.note_params == {"round": "Summer round"}
    made = Notification.objects.filter(kind="offer_made")
    assert {n.recipient for n in made} == {w.ana, w.bogdan}
    told = Notification.objects.get(kind="allocation_unmatched")
    assert told.recipient == w.carmen
    assert told.url == reverse("allocation_student_result", args=[w.round.pk])


def test_the_timeline_says_the_offer_came_from_the_round(client, world):
    publishing.publish_run(run=world.run, by=world.staff)
    application = Application.objects.get(student=world.ana)
    client.force_login(world.ana)

    page = client.get(reverse("student_application", args=[application.pk])).content.decode()

    assert "Offered through allocation round Summer round." in page


def test_an_open_application_becomes_the_offer(world):
    w = world
    earlier = ApplicationFactory(placement=w.first, student=w.ana, status="in_review")

    publishing.publish_run(run=w.run, by=w.staff)

    earlier.refresh_from_db()
    assert earlier.status == "offered" and earlier.offer_deadline == w.round.offer_deadline
    assert Application.objects.filter(student=w.ana).count() == 1
    assert Match.objects.get(run=w.run, student=w.ana).application == earlier


def test_the_student_accepts_beyond_the_open_applications_limit(settings, world):
    w = world
    settings.MAX_OPEN_APPLICATIONS_PER_PERIOD = 1
    ApplicationFactory(placement__period=w.round.period, student=w.ana)
    publishing.publish_run(run=w.run, by=w.staff)
    offer = Application.objects.get(student=w.ana, placement=w.first)

    internship = internship_services.accept_offer(application=offer, by=w.ana)

    assert internship.placement == w.first
    assert Internship.objects.filter(student=w.ana).count() == 1


def test_the_publish_page_says_how_many_offers(client, world):
    client.force_login(world.staff)

    page = client.get(publish_url(world)).content.decode()

    assert "2 offers are made" in page and "1 student was not placed" in page
    nothing_changed(world)


def test_publishing_by_the_page(client, world):
    client.force_login(world.staff)

    response = client.post(publish_url(world))

    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.status == "published"
    assert Application.objects.filter(status="offered").count() == 2


# Refusals ------------------------------------------------------------------------------


def test_a_run_not_done_is_refused(world):
    Run.objects.filter(pk=world.run.pk).update(status=Run.Status.FAILED)
    refused(world, "has not finished")


def test_a_second_click_is_told_it_was_published(client, world):
    publishing.publish_run(run=world.run, by=world.staff)
    with pytest.raises(ServiceError, match="already been published"):
        publishing.publish_run(run=world.run, by=world.staff)
    assert Application.objects.count() == 2
    assert Notification.objects.filter(kind="offer_made").count() == 2

    client.force_login(world.staff)
    response = client.post(publish_url(world), follow=True)
    assert "already been published" in response.content.decode() or "was published" in (
        response.content.decode()
    )
    assert Application.objects.count() == 2


def test_a_closed_placement_makes_the_result_out_of_date(world):
    world.first.status = "closed"
    world.first.save(update_fields=["status"])
    refused(world, "The result is out of date")
    with pytest.raises(ServiceError) as error:
        publishing.publish_run(run=world.run, by=world.staff)
    assert "Backend intern (Django)" in error.value.text
    assert "Run the allocation again." in error.value.text


def test_a_seat_taken_after_the_run_makes_the_result_out_of_date(world, other_student):
    ApplicationFactory(placement=world.second, student=other_student, status="accepted")
    with pytest.raises(ServiceError, match="The result is out of date"):
        publishing.publish_run(run=world.run, by=world.staff)
    assert not Application.objects.filter(status="offered").exists()


def test_a_run_not_the_latest_is_refused(world):
    done_run(world.round, world.staff, {})
    refused(world, "A newer run")


def test_a_round_still_ranking_is_refused(world):
    Round.objects.filter(pk=world.round.pk).update(hosts_until=timezone.now() + timedelta(hours=1))
    refused(world, "has not closed")


def test_a_refusal_on_the_page_changes_nothing(client, world):
    Run.objects.filter(pk=world.run.pk).update(status=Run.Status.RUNNING)
    client.force_login(world.staff)

    page = client.get(publish_url(world)).content.decode()
    assert "has not finished" in page and "Publish and make the offers" not in page
    response = client.post(publish_url(world), follow=True)
    assert "has not finished" in response.content.decode()
    nothing_changed(world)


# Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_refused(client, request, world, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(publish_url(world)).status_code == 403
    assert client.post(publish_url(world)).status_code == 403
    nothing_changed(world)


def test_staff_of_another_faculty_get_404(client, world):
    from tests.factories import FacultyFactory

    other = StaffFactory(faculties=[FacultyFactory(code="FL", name="Faculty of Letters")])
    client.force_login(other)

    assert client.post(publish_url(world)).status_code == 404
    nothing_changed(world)


def test_a_run_of_another_round_is_404(client, world, period, programme):
    from .publish_world import make_round

    other_round = make_round(period=period, programme=programme, staff=world.staff, name="B")
    client.force_login(world.staff)
    url = reverse("allocation_publish_run", args=[other_round.pk, world.run.pk])

    assert client.post(url).status_code == 404
    nothing_changed(world)


# Second round --------------------------------------------------------------------------


def test_a_second_round_for_the_unmatched(client, world):
    publishing.publish_run(run=world.run, by=world.staff)
    client.force_login(world.staff)

    response = client.post(reverse("allocation_second_round", args=[world.round.pk]))

    assert response.status_code == 302
    second = Round.objects.get(previous=world.round)
    assert second.status == "draft" and second.period == world.round.period
    assert list(second.programmes.all()) == list(world.round.programmes.all())
    world.round.refresh_from_db()
    assert list(publishing.unmatched_students(world.round)) == [world.carmen]
    with pytest.raises(ServiceError, match="already has a second round"):
        publishing.create_second_round(round=world.round, by=world.staff)


def test_no_second_round_before_publishing(client, world):
    client.force_login(world.staff)
    client.post(reverse("allocation_second_round", args=[world.round.pk]))
    assert not Round.objects.filter(previous=world.round).exists()


def test_students_cannot_start_a_second_round(client, world):
    publishing.publish_run(run=world.run, by=world.staff)
    client.force_login(world.ana)
    assert client.post(reverse("allocation_second_round", args=[world.round.pk])).status_code == 403


# Race ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_publishing_at_once_make_the_offers_once(postgresql, world, attempt):
    other_staff = StaffFactory()
    outcomes = at_once(
        lambda: publishing.publish_run(run=world.run, by=world.staff),
        lambda: publishing.publish_run(run=world.run, by=other_staff),
    )

    assert sorted(outcomes)[0] == "done", outcomes
    assert "already been published" in sorted(outcomes)[1], outcomes
    assert Application.objects.count() == 2
    assert Notification.objects.filter(kind="offer_made").count() == 2
    assert Notification.objects.filter(kind="allocation_unmatched").count() == 1


def test_the_run_page_links_to_publishing_and_the_round_page_to_a_second_round(client, world):
    client.force_login(world.staff)
    run_page = client.get(reverse("staff_round_run", args=[world.run.pk])).content.decode()
    assert publish_url(world) in run_page

    publishing.publish_run(run=world.run, by=world.staff)
    round_page = client.get(reverse("staff_round", args=[world.round.pk])).content.decode()
    assert reverse("allocation_second_round", args=[world.round.pk]) in round_page
    assert "Start a second round for the 1 unmatched student" in round_page


def test_hosts_hear_once_per_placement_how_many_offers_were_made(world, organisation):
    from tests import factories

    """Two company accounts of the host; two placements with one offer each and a third
    student on the first: each account gets one notification per placement, never one per
    student, with a link to the placement's applicants."""
    w = world
    admin = factories.MembershipFactory(organisation=organisation).user
    recruiter = factories.MembershipFactory(organisation=organisation, role="recruiter").user
    factories.MembershipFactory()  # another organisation's account hears nothing
    extra = factories.StudentFactory(programme=w.ana.student_profile.programme).user
    Match.objects.filter(run=w.run, student=w.carmen).update(placement=w.first)
    Match.objects.create(run=w.run, student=extra, placement=w.first, choice_rank=1)
    publishing.publish_run(run=w.run, by=w.staff)

    told = Notification.objects.filter(kind="allocation_offers_made")
    hosts = {recruiter.pk, admin.pk}
    assert {n.recipient_id for n in told} == hosts
    assert told.count() == 2 * len(hosts)  # one per placement per account
    first = told.filter(recipient=recruiter, url=reverse("pipeline", args=[w.first.pk])).get()
    assert first.params["count"] == "3"
    assert "3 students were offered “Backend intern (Django)”" in first.text
    assert not told.filter(recipient__in=[w.ana, w.bogdan, w.carmen, extra]).exists()
