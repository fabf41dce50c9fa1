"""The reads of the interview pages, each scoped to the viewer: outside the scope is 404."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Role
from accounts.rules import organisation_id_of
from internships.models import Application, Placement

from .models import Booking, Slot

# The applications that may book a slot: shortlisted, or invited already (to book again
# after a cancellation).
MAY_BOOK = (Application.Status.SHORTLISTED, Application.Status.INTERVIEW)


def _live_bookings():
    return Booking.objects.filter(status=Booking.Status.BOOKED)


def _holding():
    """Live bookings that hold their slot: of an application still open. One whose
    application ended (withdrawn, rejected, closed) leaves its slot free to book again."""
    return _live_bookings().filter(application__status__in=Application.OPEN_STATUSES)


def placements_of_host(user) -> QuerySet[Placement]:
    if user.role != Role.COMPANY or organisation_id_of(user) is None:
        return Placement.objects.none()
    return Placement.objects.filter(organisation_id=organisation_id_of(user)).select_related(
        "organisation", "period"
    )


def slots_of_host(user) -> QuerySet[Slot]:
    if user.role != Role.COMPANY or organisation_id_of(user) is None:
        return Slot.objects.none()
    return Slot.objects.filter(
        placement__organisation_id=organisation_id_of(user), cancelled_at=None
    ).select_related("placement__organisation")


def bookings_of_host(user) -> QuerySet[Booking]:
    if user.role != Role.COMPANY or organisation_id_of(user) is None:
        return Booking.objects.none()
    return (
        _holding()
        .filter(slot__placement__organisation_id=organisation_id_of(user))
        .select_related("slot__placement__organisation", "application__student")
    )


def slot_board(placement) -> list[Slot]:
    """The placement's slots to come and of the last day, each with its live booking (or
    None) as `booking`: three queries however many slots."""
    since = timezone.now() - timedelta(days=1)
    slots = list(
        Slot.objects.filter(placement=placement, cancelled_at=None, starts_at__gte=since)
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=_holding().select_related("application__student"),
                to_attr="live",
            )
        )
        .order_by("starts_at", "pk")
    )
    for slot in slots:
        slot.booking = slot.live[0] if slot.live else None
    return slots


def waiting_to_book(placement) -> QuerySet[Application]:
    """Shortlisted or invited applicants of the placement with no live booking."""
    return (
        Application.objects.filter(placement=placement, status__in=MAY_BOOK)
        .exclude(Exists(_live_bookings().filter(application=OuterRef("pk"))))
        .select_related("student")
        .order_by("created_at")
    )


def free_slots(placement) -> QuerySet[Slot]:
    """Slots of the placement still to come that nobody has booked."""
    return (
        Slot.objects.filter(placement=placement, cancelled_at=None, starts_at__gt=timezone.now())
        .exclude(Exists(_holding().filter(slot=OuterRef("pk"))))
        .order_by("starts_at", "pk")
    )


def slots_of_placement(placement) -> QuerySet[Slot]:
    """Every slot of the placement, taken or cancelled too: the booking service says why
    one cannot be booked."""
    return Slot.objects.filter(placement=placement)


def applications_of_student(user) -> QuerySet[Application]:
    if user.role != Role.STUDENT:
        return Application.objects.none()
    return Application.objects.filter(student=user).select_related(
        "placement__organisation", "placement__period"
    )


def booking_of(application) -> Booking | None:
    return _holding().filter(application=application).select_related("slot").first()


def bookings_of_student(user) -> QuerySet[Booking]:
    if user.role != Role.STUDENT:
        return Booking.objects.none()
    return (
        _holding()
        .filter(application__student=user)
        .select_related("slot__placement__organisation", "application")
    )
