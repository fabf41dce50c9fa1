from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.services import ServiceError
from interviews import services
from interviews.models import Slot
from notifications.models import Event, Notification

from .conftest import tomorrow_at


def publish(by, placement, **overrides):
    values = {
        "first_start": tomorrow_at(10),
        "count": 4,
        "minutes": 30,
        "location": "https://meet.example.org/abc",
    }
    return services.publish_slots(by=by, placement=placement, **{**values, **overrides})


def test_a_day_of_slots_one_after_the_other(placement, company_admin):
    slots = publish(company_admin, placement, gap=10)

    starts = [timezone.localtime(slot.starts_at).strftime("%H:%M") for slot in slots]
    assert starts == ["10:00", "10:40", "11:20", "12:00"]
    assert Event.objects.filter(action="interview_slots_published").count() == 1


def test_shortlisted_applicants_are_invited_to_choose(placement, company_admin, shortlisted):
    publish(company_admin, placement)

    notice = Notification.objects.get(recipient=shortlisted.student)
    assert notice.kind == "interview_slots_open"
    assert notice.url == f"/student/applications/{shortlisted.pk}/interview-slots/"
    assert notice.text == (
        "Choose a time for your interview for “Backend intern (Django)”: "
        "the organisation published slots."
    )


def test_slots_overlapping_published_ones_are_refused(placement, company_admin, slots):
    with pytest.raises(ServiceError, match="overlap"):
        publish(company_admin, placement, first_start=tomorrow_at(10, 45), count=1)

    assert Slot.objects.count() == 3


def test_slots_right_after_published_ones_are_fine(placement, company_admin, slots):
    publish(company_admin, placement, first_start=tomorrow_at(11, 30), count=2)

    assert Slot.objects.count() == 5


def test_a_cancelled_slot_frees_its_time(placement, company_admin, slots):
    services.cancel_slot(by=company_admin, slot=slots[0])

    publish(company_admin, placement, first_start=tomorrow_at(10), count=1)

    assert Slot.objects.filter(cancelled_at=None).count() == 3


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"first_start": timezone.now() - timedelta(hours=1)}, "future"),
        ({"first_start": timezone.now() + timedelta(days=4000)}, "days ahead"),
        ({"count": 0}, "between 1 and"),
        ({"count": 500}, "between 1 and"),
        ({"minutes": 2}, "minutes"),
        ({"location": "  "}, "video link"),
    ],
)
def test_bad_slots_are_refused(placement, company_admin, overrides, words):
    with pytest.raises(ServiceError, match=words):
        publish(company_admin, placement, **overrides)

    assert not Slot.objects.exists()


def test_another_organisation_cannot_publish(placement, other_company_admin):
    with pytest.raises(PermissionDenied):
        publish(other_company_admin, placement)


def test_a_draft_placement_gets_no_slots(placement, company_admin):
    placement.status = "draft"
    placement.save()

    with pytest.raises(ServiceError, match="published placement"):
        publish(company_admin, placement)
