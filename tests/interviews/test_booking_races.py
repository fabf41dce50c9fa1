"""Two students booking the last free slot at once on PostgreSQL: exactly one gets it, the
other is told the slot was just taken, and nothing of theirs changes."""

import pytest

from internships.models import Application
from interviews import services
from interviews.models import Booking
from tests import factories
from tests.races import at_once

from .conftest import tomorrow_at

ROUNDS = 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_students_booking_the_last_slot_one_wins(postgresql, round_number):  # noqa: F811
    placement = factories.PlacementFactory()
    admin = factories.MembershipFactory(organisation=placement.organisation).user
    first, second = (
        factories.ApplicationFactory(placement=placement, status="shortlisted") for _ in range(2)
    )
    (slot,) = services.publish_slots(
        by=admin,
        placement=placement,
        first_start=tomorrow_at(9),
        count=1,
        minutes=30,
        location="Online",
    )

    outcomes = at_once(
        lambda: services.book_slot(by=first.student, application=first, slot=slot),
        lambda: services.book_slot(by=second.student, application=second, slot=slot),
    )

    assert sorted(outcomes) == [
        "done",
        "refused: This slot was just booked by someone else. Choose another one.",
    ]
    assert Booking.objects.filter(slot=slot, status="booked").count() == 1
    loser = second if outcomes[0] == "done" else first
    loser.refresh_from_db()
    assert loser.status == Application.Status.SHORTLISTED
    assert loser.interview_at is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_withdrawing_a_slot_while_it_is_booked_leaves_no_booking_on_it(
    postgresql,  # noqa: F811
    round_number,
):
    placement = factories.PlacementFactory()
    admin = factories.MembershipFactory(organisation=placement.organisation).user
    application = factories.ApplicationFactory(placement=placement, status="shortlisted")
    (slot,) = services.publish_slots(
        by=admin,
        placement=placement,
        first_start=tomorrow_at(9),
        count=1,
        minutes=30,
        location="Online",
    )

    outcomes = at_once(
        lambda: services.book_slot(by=application.student, application=application, slot=slot),
        lambda: services.cancel_slot(by=admin, slot=slot),
    )

    assert all(o == "done" or o.startswith("refused: ") for o in outcomes), outcomes
    slot.refresh_from_db()
    live = Booking.objects.filter(slot=slot, status="booked").exists()
    assert not (slot.is_cancelled and live)
    assert slot.is_cancelled or live
