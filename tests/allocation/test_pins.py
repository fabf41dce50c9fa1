"""Staff pin a student to a placement (or unpin), then run again."""

import pytest
from django.urls import reverse

from allocation.models import Match, Pin, Run
from allocation.services import rounds as services
from core.services import ServiceError
from tests import factories
from tests.allocation.staff_world import engine, make_round, rank  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff, period, programme, organisation):
    first, second = (
        factories.PlacementFactory(
            organisation=organisation, period=period, programmes=[programme], positions=1
        )
        for _ in range(2)
    )
    round = make_round(staff=staff, programmes=[programme], period=period)
    students = [factories.StudentFactory(programme=programme).user for _ in range(2)]
    rank(round, students[0], [first, second])
    rank(round, students[1], [first, second])
    return round, students, (first, second)


def test_pin_then_rerun_places_the_pinned_student(
    client,
    staff,
    world,
    engine,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    round, (ana, bogdan), (first, second) = world
    client.force_login(staff)
    page = client.get(reverse("staff_round_pin", args=[round.pk]), {"student": bogdan.pk})
    assert page.context["form"].initial["student"] == bogdan.email
    response = client.post(
        reverse("staff_round_pin", args=[round.pk]),
        {"student": bogdan.email, "placement": first.pk, "reason": "Accessibility needs"},
    )
    assert response.status_code == 302
    pin = Pin.objects.get()
    assert (pin.student, pin.placement, pin.created_by) == (bogdan, first, staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff_round_start_run", args=[round.pk]))
    run = Run.objects.get()
    match = Match.objects.get(run=run, student=bogdan)
    assert match.placement == first and match.pinned
    assert Match.objects.get(run=run, student=ana).placement == second
    preview = client.get(reverse("staff_round_run", args=[run.pk])).content.decode()
    assert "pinned" in preview and "Accessibility needs" in preview
    client.post(reverse("staff_round_unpin", args=[round.pk, pin.pk]), {"run": run.pk})
    assert not Pin.objects.exists()


def test_a_student_by_student_number(client, staff, world):
    round, (_ana, bogdan), (first, _second) = world
    client.force_login(staff)
    client.post(
        reverse("staff_round_pin", args=[round.pk]),
        {"student": bogdan.student_profile.student_number, "placement": first.pk},
    )
    assert Pin.objects.get().student == bogdan


def test_a_full_placement_is_refused(client, staff, world, programme):
    round, (ana, bogdan), (first, _second) = world
    factories.ApplicationFactory(placement=first, status="accepted")  # its one seat is taken
    client.force_login(staff)
    response = client.post(
        reverse("staff_round_pin", args=[round.pk]),
        {"student": bogdan.email, "placement": first.pk},
    )
    assert response.status_code == 400
    assert "has no free seat left" in response.content.decode()
    assert not Pin.objects.exists()


def test_a_seat_already_pinned_is_refused(staff, world):
    round, (ana, bogdan), (first, _second) = world
    services.pin_student(round=round, student=ana, placement=first, by=staff)
    with pytest.raises(ServiceError, match="no free seat"):
        services.pin_student(round=round, student=bogdan, placement=first, by=staff)
    # Moving the pinned student's own pin is no clash.
    services.pin_student(round=round, student=ana, placement=first, by=staff)
    assert Pin.objects.count() == 1


def test_a_student_not_in_the_round_is_refused(client, staff, world, programme):
    round, _students, (first, _second) = world
    stranger = factories.StudentFactory(programme=programme).user
    client.force_login(staff)
    response = client.post(
        reverse("staff_round_pin", args=[round.pk]),
        {"student": stranger.email, "placement": first.pk},
    )
    assert response.status_code == 400
    assert "No student of this round has that e-mail or number." in response.content.decode()
    with pytest.raises(ServiceError, match="does not take part in this round"):
        services.pin_student(round=round, student=stranger, placement=first, by=staff)
    assert not Pin.objects.exists()


def test_a_placement_outside_the_round_is_refused(staff, world, programme):
    round, (ana, _bogdan), _placements = world
    elsewhere = factories.PlacementFactory(programmes=[factories.ProgrammeFactory()])
    with pytest.raises(ServiceError, match="not open to this round"):
        services.pin_student(round=round, student=ana, placement=elsewhere, by=staff)


def test_pins_are_for_staff_of_the_round(client, staff, world, student):
    round, (ana, _bogdan), (first, _second) = world
    pin = services.pin_student(round=round, student=ana, placement=first, by=staff)
    client.force_login(student)
    assert client.get(reverse("staff_round_pin", args=[round.pk])).status_code == 403
    other = factories.FacultyFactory(code="FSEGA", name="Economics", name_ro="Economie")
    client.force_login(factories.StaffFactory(faculties=[other]))
    assert client.post(reverse("staff_round_unpin", args=[round.pk, pin.pk])).status_code == 404
    assert Pin.objects.exists()
