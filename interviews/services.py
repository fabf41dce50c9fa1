"""Every write of interview slots: publishing and cancelling slots (the host), booking one
(the student), moving or cancelling a booking (the host), asking to reschedule (the student)
and declining that request (the host).

Lock order, as in internships' services: the placement (publishing), else the application,
then the slots by id. Two students booking the last slot at once queue on the slot's row:
the second finds it booked and is told so; the partial unique constraint on live bookings
is the last word should a path ever skip the lock.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from internships.models import Application, Placement
from internships.services.applications import company_url, student_url, transition
from internships.services.placements import members_of
from notifications.services import notify, record_event

from . import calendar
from .models import Booking, Slot
from .queries import MAY_BOOK, free_slots

A = Application.Status


def _iso(moment) -> str:
    return moment.isoformat()


def _local(moment) -> str:
    """A date and time in the reader's language and the site's time zone, day first."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _check_slot_times(*, first_start, count: int, minutes: int, gap: int) -> None:
    if first_start <= timezone.now():
        raise ServiceError(_("The first slot must start in the future."))
    if first_start > timezone.now() + timedelta(days=settings.INTERVIEW_SLOTS_DAYS_AHEAD):
        raise ServiceError(
            _("Slots can be published at most %(days)d days ahead.")
            % {"days": settings.INTERVIEW_SLOTS_DAYS_AHEAD}
        )
    if not 1 <= count <= settings.INTERVIEW_SLOTS_PER_BATCH:
        raise ServiceError(
            _("Publish between 1 and %(most)d slots at once.")
            % {"most": settings.INTERVIEW_SLOTS_PER_BATCH}
        )
    low, high = settings.INTERVIEW_SLOT_MINUTES_MIN, settings.INTERVIEW_SLOT_MINUTES_MAX
    if not low <= minutes <= high:
        raise ServiceError(
            _("A slot lasts between %(low)d and %(high)d minutes.") % {"low": low, "high": high}
        )
    if not 0 <= gap <= 240:
        raise ServiceError(_("The break between slots is between 0 and 240 minutes."))


@transaction.atomic
def publish_slots(
    *, by, placement, first_start, count: int, minutes: int, location: str, gap: int = 0
) -> list[Slot]:
    """The host publishes `count` slots of `minutes` each, one after the other (with `gap`
    minutes between them), on a published placement, in the future, none overlapping
    another live slot of the placement. Its shortlisted applicants who have not booked yet
    are invited to choose one."""
    ensure(by, "interviews.manage_slots", placement)
    _check_slot_times(first_start=first_start, count=count, minutes=minutes, gap=gap)
    location = location.strip()
    if not location:
        raise ServiceError(_("Say where the interviews take place, or give the video link."))
    placement = Placement.objects.select_for_update(of=("self",), no_key=True).get(pk=placement.pk)
    if placement.status != Placement.Status.PUBLISHED:
        raise ServiceError(_("Interview slots are published for a published placement."))
    step = timedelta(minutes=minutes + gap)
    wanted = [first_start + index * step for index in range(count)]
    length = timedelta(minutes=minutes)
    live = Slot.objects.filter(
        placement=placement,
        cancelled_at=None,
        starts_at__lt=wanted[-1] + length,
        starts_at__gt=wanted[0] - timedelta(minutes=settings.INTERVIEW_SLOT_MINUTES_MAX),
    )
    for slot in live:
        if any(start < slot.ends_at and slot.starts_at < start + length for start in wanted):
            raise ServiceError(
                _("These slots overlap one already published, at %(when)s.")
                % {"when": _local(slot.starts_at)}
            )
    slots = Slot.objects.bulk_create(
        [
            Slot(placement=placement, starts_at=start, minutes=minutes, location=location,
                 created_by=by)
            for start in wanted
        ]
    )  # fmt: skip
    record_event(
        placement,
        by=by,
        action="interview_slots_published",
        note_kind="interview_slots_published",
        note_params={"count": count},
    )
    waiting = (
        Application.objects.filter(placement=placement, status__in=MAY_BOOK)
        .exclude(interview_bookings__status=Booking.Status.BOOKED)
        .select_related("student")
    )
    for application in waiting:
        notify(
            [application.student],
            "interview_slots_open",
            by=by,
            url=booking_url(application),
            placement=placement.title,
        )
    return slots


def booking_url(application) -> str:
    return reverse("interview_booking", args=[application.pk])


def _locked_application(pk) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement__organisation", "student")
        .get(pk=pk)
    )


def _locked_slot(pk) -> Slot:
    return (
        Slot.objects.select_for_update(of=("self",))
        .select_related("placement__organisation", "created_by")
        .get(pk=pk)
    )


def _is_taken(slot, *, but=None) -> bool:
    """Whether another live booking holds the slot. Ending an application cancels its
    booking (`application_ended`); one of an application ended before that was so (older
    data) is released here, by the platform, and its calendars told. Only the booking's row
    is locked (the ended application is not, to keep the lock order)."""
    holder = (
        Booking.objects.select_for_update(of=("self",))
        .filter(slot=slot, status=Booking.Status.BOOKED)
        .exclude(pk=getattr(but, "pk", None))
        .select_related("application__student", "slot__placement__organisation", "organizer")
        .first()
    )
    if holder is None:
        return False
    if holder.application.status in Application.OPEN_STATUSES:
        return True
    _release(holder)
    return False


def _record(application, *, by, action: str, note: str = "", note_params=None) -> None:
    """An event on the application's timeline that leaves its status as it is; its label
    is the action's."""
    record_event(
        application,
        by=by,
        action=action,
        old=application.status,
        new=application.status,
        note=note,
        note_kind=action,
        note_params=note_params,
    )


def _release(booking) -> None:
    """The booking of an ended application lets its slot go. Recorded on that application
    by the platform (by=None): whoever books the slot now is none of its business."""
    booking.status = Booking.Status.CANCELLED
    booking.sequence += 1
    booking.save(update_fields=["status", "sequence", "updated_at"])
    application = booking.application
    _record(
        application,
        by=None,
        action="interview_cancelled",
        note_params={"when": _iso(booking.slot.starts_at)},
    )
    calendar.send_invitations(booking, method=calendar.CANCEL)


def _bookable(slot, placement_id) -> None:
    if slot.placement_id != placement_id:
        raise ServiceError(_("This slot is for another placement."))
    if slot.is_cancelled:
        raise ServiceError(_("This slot was cancelled. Choose another one."))
    if slot.starts_at <= timezone.now():
        raise ServiceError(_("This slot has already started. Choose a later one."))


def _set_interview(application, slot, *, by, action: str, note_kind: str) -> None:
    application.interview_at = slot.starts_at
    application.interview_location = slot.location
    transition(
        application,
        to=A.INTERVIEW,
        by=by,
        action=action,
        note_kind=note_kind,
        note_params={"when": _iso(slot.starts_at)},
        fields=["interview_at", "interview_location"],
    )


def _taken() -> str:
    return _("This slot was just booked by someone else. Choose another one.")


@transaction.atomic
def book_slot(*, by, application, slot) -> Booking:
    """A shortlisted student books one free slot of their placement, in the future; the
    application moves to “interview” and both sides get the calendar invitation. Two
    students booking the last slot at once: exactly one gets it, the other is told."""
    ensure(by, "interviews.book", application)
    application = _locked_application(application.pk)
    if application.status not in MAY_BOOK:
        raise ServiceError(_("Only a shortlisted application can book an interview."))
    if Booking.objects.filter(application=application, status=Booking.Status.BOOKED).exists():
        raise ServiceError(
            _("You have already booked an interview. Ask the organisation to move it instead.")
        )
    slot = _locked_slot(slot.pk)
    _bookable(slot, application.placement_id)
    if _is_taken(slot):
        raise ServiceError(_taken())
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot,
                application=application,
                organizer=calendar.host(slot.created_by, slot.placement.organisation_id),
            )
    except IntegrityError as error:
        raise ServiceError(_taken()) from error
    booking.slot, booking.application = slot, application
    _set_interview(
        application, slot, by=by, action="interview_booked", note_kind="interview_booked"
    )
    calendar.send_invitations(booking)
    return booking


def _locked_booking(booking) -> Booking:
    """The booking's application locked first (the order every service here keeps), then
    the booking, still live."""
    application = _locked_application(booking.application_id)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__placement__organisation", "organizer")
        .get(pk=booking.pk)
    )
    if not booking.is_booked:
        raise ServiceError(_("This booking was cancelled meanwhile."))
    booking.application = application
    return booking


@transaction.atomic
def move_booking(*, by, booking, slot) -> Booking:
    """The host moves a booking to another free slot of the same placement: the same
    calendar event, its sequence raised, sent again to both sides."""
    ensure(by, "interviews.manage_booking", booking)
    booking = _locked_booking(booking)
    if slot.pk == booking.slot_id:
        raise ServiceError(_("The interview is already at this time."))
    new = _locked_slot(slot.pk)
    _bookable(new, booking.application.placement_id)
    if _is_taken(new, but=booking):
        raise ServiceError(_taken())
    booking.slot = new
    booking.sequence += 1
    booking.reschedule_request = ""
    booking.reschedule_requested_at = None
    try:
        with transaction.atomic():
            booking.save(
                update_fields=[
                    "slot", "sequence", "reschedule_request", "reschedule_requested_at",
                    "updated_at",
                ]
            )  # fmt: skip
    except IntegrityError as error:
        raise ServiceError(_taken()) from error
    _set_interview(
        booking.application, new, by=by, action="interview_moved", note_kind="interview_moved"
    )
    calendar.send_invitations(booking, moved=True)
    return booking


def _cancel(booking, *, by, note: str = "") -> None:
    booking.status = Booking.Status.CANCELLED
    booking.sequence += 1
    booking.reschedule_request = ""
    booking.reschedule_requested_at = None
    booking.save(
        update_fields=[
            "status", "sequence", "reschedule_request", "reschedule_requested_at", "updated_at",
        ]
    )  # fmt: skip
    application = booking.application
    application.interview_at = None
    application.interview_location = ""
    application.save(update_fields=["interview_at", "interview_location", "updated_at"])
    _record(
        application,
        by=by,
        action="interview_cancelled",
        note=note.strip(),
        note_params={"when": _iso(booking.slot.starts_at)},
    )
    calendar.send_invitations(booking, method=calendar.CANCEL)


@transaction.atomic
def cancel_booking(*, by, booking, note: str = "") -> Booking:
    """The host cancels a booking: both sides get the calendar's cancellation, the slot is
    free again, and the student may book another one."""
    ensure(by, "interviews.manage_booking", booking)
    booking = _locked_booking(booking)
    _cancel(booking, by=by, note=note)
    return booking


@transaction.atomic
def cancel_slot(*, by, slot) -> Slot:
    """The host withdraws a slot; a booking of it is cancelled first (and both sides told)."""
    ensure(by, "interviews.manage_slots", slot.placement)
    booking = Booking.objects.filter(slot=slot, status=Booking.Status.BOOKED).first()
    if booking is not None:
        booking = _locked_booking(booking)
        _cancel(booking, by=by)
    slot = _locked_slot(slot.pk)
    if slot.is_cancelled:
        raise ServiceError(_("This slot is already cancelled."))
    # Looked at again under the slot's lock: a student may have booked it since the look
    # above. Their application cannot be locked now (it comes before the slot), so the
    # host is told to cancel that booking first.
    if _is_taken(slot):
        raise ServiceError(
            _(
                "This slot was just booked. Reload the page: cancel the interview first, "
                "then withdraw the slot."
            )
        )
    slot.cancelled_at = timezone.now()
    slot.save(update_fields=["cancelled_at", "updated_at"])
    record_event(
        slot.placement,
        by=by,
        action="interview_slot_cancelled",
        note_kind="interview_slot_cancelled",
        note_params={"when": _iso(slot.starts_at)},
    )
    return slot


@transaction.atomic
def ask_to_reschedule(*, by, booking, message: str) -> Booking:
    """The student asks the host to move their interview, saying why in a few words; the
    organisation's members are told, and the host moves the booking or declines."""
    ensure(by, "interviews.ask_to_reschedule", booking)
    message = message.strip()
    if not message:
        raise ServiceError(_("Say in a few words why, and which times suit you."))
    if len(message) > 500:
        raise ServiceError(_("Keep the message under 500 characters."))
    booking = _locked_booking(booking)
    if booking.reschedule_request:
        raise ServiceError(
            _("You have already asked to move this interview. Wait for the organisation's answer.")
        )
    if booking.slot.starts_at <= timezone.now():
        raise ServiceError(_("This interview has already started: it can no longer be moved."))
    booking.reschedule_request = message
    booking.reschedule_requested_at = timezone.now()
    booking.save(update_fields=["reschedule_request", "reschedule_requested_at", "updated_at"])
    _record(booking.application, by=by, action="reschedule_asked", note=message)
    notify(
        members_of(booking.slot.placement.organisation),
        "interview_reschedule_asked",
        by=by,
        url=company_url(booking.application),
        student=by.display_name,
        placement=booking.slot.placement.title,
    )
    return booking


@transaction.atomic
def decline_reschedule(*, by, booking) -> Booking:
    """The host keeps the interview where it is; the student is told."""
    ensure(by, "interviews.manage_booking", booking)
    booking = _locked_booking(booking)
    if not booking.reschedule_request:
        raise ServiceError(_("There is no request to reschedule this interview."))
    booking.reschedule_request = ""
    booking.reschedule_requested_at = None
    booking.save(update_fields=["reschedule_request", "reschedule_requested_at", "updated_at"])
    _record(booking.application, by=by, action="reschedule_declined")
    notify(
        [booking.application.student],
        "interview_reschedule_declined",
        by=by,
        url=student_url(booking.application),
        placement=booking.slot.placement.title,
        when=_iso(booking.slot.starts_at),
    )
    return booking


# What internships' changes of an application do here (receivers.py) -----------------------


def end_booking_of(application, *, by) -> Booking | None:
    """An application has just ended (rejected, withdrawn, its placement closed or filled,
    an offer accepted elsewhere, rescinded, expired): its booking still to come is
    cancelled, the slot is free again, and both calendars get the cancellation. Called in
    the ending service's transaction, the application's row locked: the booking after it."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .filter(application=application, status=Booking.Status.BOOKED)
        .select_related("slot__placement__organisation", "organizer")
        .first()
    )
    if booking is None or booking.slot.starts_at <= timezone.now():
        return None  # an interview held already stays in the calendars as it was
    booking.application = application
    _cancel(booking, by=by)
    return booking


def invite_to_book(application, *, by) -> bool:
    """An application has just been shortlisted: when its placement has free slots to come,
    the student is invited to choose one (as `publish_slots` invites those waiting then)."""
    if Booking.objects.filter(application=application, status=Booking.Status.BOOKED).exists():
        return False
    if not free_slots(application.placement).exists():
        return False
    notify(
        [application.student],
        "interview_slots_open",
        by=by,
        url=booking_url(application),
        placement=application.placement.title,
    )
    return True
