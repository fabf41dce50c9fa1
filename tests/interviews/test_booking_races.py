"""Two students booking the last free slot at once on PostgreSQL: exactly one gets it, the
other is told the slot was just taken, and nothing of theirs changes."""

import pytest

from internships.models import Application
from interviews import services
from interviews.models import Booking
from tests import factories
from tests.internships.test_offer_races import at_once, postgresql  # noqa: F401 (a fixture)

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
