"""Two people acting on one offer at once on PostgreSQL: one of them wins, the other is
told why, and nobody meets a deadlock or a server error. Every service locks the rows it
changes in the same order (the student, the placement, the application) and no others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from internships import services
from internships.models import Application, Internship
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    PeriodFactory,
    PlacementFactory,
    StaffFactory,
    StudentFactory,
    pdf_upload,
)
from tests.races import at_once

from .test_accept_offer_service import offered

ROUNDS = 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_accepting_while_the_organisation_rejects_ends_one_way(postgresql, round_number):
    placement = PlacementFactory(positions=1)
    admin = MembershipFactory(organisation=placement.organisation).user
    application = offered(placement)

    outcomes = at_once(
        lambda: services.accept_offer(application=application, by=application.student),
        lambda: services.reject_application(application=application, by=admin),
    )

    assert all(o == "done" or o.startswith("refused: ") for o in outcomes), outcomes
    status = Application.objects.get(pk=application.pk).status
    assert status in {"accepted", "rejected"}
    assert Internship.objects.filter(application=application).exists() == (status == "accepted")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_accepting_while_offers_expire_ends_one_way(postgresql, round_number):
    placement = PlacementFactory(positions=1)
    application = offered(placement)
    Application.objects.filter(pk=application.pk).update(
        offer_deadline=timezone.now() + timedelta(milliseconds=50)
    )
    application.refresh_from_db()
    late = timezone.now() + timedelta(seconds=1)
    expired = []

    outcomes = at_once(
        lambda: services.accept_offer(application=application, by=application.student),
        lambda: expired.append(services.expire_offers(now=late)),
    )

    assert all(o == "done" or o.startswith("refused: ") for o in outcomes), outcomes
    status = Application.objects.get(pk=application.pk).status
    assert status in {"accepted", "expired"}
    assert expired == [1 if status == "expired" else 0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_students_taking_the_last_seats_of_each_others_placements_both_succeed(
    postgresql, round_number
):
    first, second = PlacementFactory(positions=1), PlacementFactory(positions=1)
    first.period = second.period = PeriodFactory()
    first.save(update_fields=["period"])
    second.save(update_fields=["period"])
    mine = offered(first)
    theirs = offered(second)
    ApplicationFactory(placement=second, student=mine.student, status="submitted")
    ApplicationFactory(placement=first, student=theirs.student, status="submitted")

    outcomes = at_once(
        lambda: services.accept_offer(application=mine, by=mine.student),
        lambda: services.accept_offer(application=theirs, by=theirs.student),
    )

    assert outcomes == ["done", "done"], outcomes
    statuses = list(Application.objects.values_list("status", flat=True))
    assert statuses.count("accepted") == 2
    assert set(statuses) - {"accepted"} <= {"withdrawn", "closed"}  # whichever came first


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_suspending_while_a_student_accepts_ends_one_way(postgresql, round_number):
    placement = PlacementFactory(positions=2)
    staff = StaffFactory()
    application = offered(placement)

    outcomes = at_once(
        lambda: services.accept_offer(application=application, by=application.student),
        lambda: services.suspend_organisation(
            organisation=placement.organisation, by=staff, note="Fraud"
        ),
    )

    assert outcomes == ["done", "done"] or outcomes[0].startswith("refused: "), outcomes
    status = Application.objects.get(pk=application.pk).status
    assert status in {"accepted", "closed"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_applying_while_the_placement_closes_leaves_nothing_open(postgresql, round_number):
    placement = PlacementFactory(positions=2)
    admin = MembershipFactory(organisation=placement.organisation).user
    student = StudentFactory(programme=placement.programmes.first()).user

    outcomes = at_once(
        lambda: services.apply(
            by=student, placement=placement, cover_letter="Hello", cv_upload=pdf_upload()
        ),
        lambda: services.close_placement(placement=placement, by=admin),
    )

    assert all(o == "done" or o.startswith("refused: ") for o in outcomes), outcomes
    assert not Application.objects.filter(status__in=Application.OPEN_STATUSES).exists()
