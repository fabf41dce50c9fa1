"""The interview pages: the host's slots of a placement, the student's booking page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.views import run_service

from . import calendar, queries, services
from .forms import PublishSlotsForm, RescheduleForm


def _when(slot) -> str:
    return formats.date_format(timezone.localtime(slot.starts_at), "DATETIME_FORMAT")


# The host ------------------------------------------------------------------------------


def _host_page(request, placement, *, form=None, status=200):
    context = {
        "placement": placement,
        "slots": queries.slot_board(placement),
        # Each booked slot links to its own move page, which lists the free slots once.
        "any_free": queries.free_slots(placement).exists(),
        "waiting": list(queries.waiting_to_book(placement)),
        "form": form or PublishSlotsForm(),
    }
    return render(request, "interviews/host_slots.html", context, status=status)


def host_slots(request, pk):
    placement = get_object_or_404(queries.placements_of_host(request.user), pk=pk)
    if request.method != "POST":
        return _host_page(request, placement)
    form = PublishSlotsForm(request.POST)
    if not form.is_valid():
        return _host_page(request, placement, form=form, status=400)
    outcome = run_service(
        request,
        services.publish_slots,
        show=False,
        placement=placement,
        **form.cleaned_data,
    )
    if not outcome.ok:
        form.add_error(None, outcome.error)
        return _host_page(request, placement, form=form, status=400)
    count = len(outcome.value)
    messages.success(
        request,
        ngettext("%(count)d slot published.", "%(count)d slots published.", count)
        % {"count": count},
    )
    return redirect("interview_slots", pk=placement.pk)


@require_POST
def slot_cancel(request, pk):
    slot = get_object_or_404(queries.slots_of_host(request.user), pk=pk)
    run_service(request, services.cancel_slot, success=_("The slot is cancelled."), slot=slot)
    return redirect("interview_slots", pk=slot.placement_id)


def booking_move(request, pk):
    """The page to move one booking: the free slots of its placement, once; POST moves."""
    booking = get_object_or_404(queries.bookings_of_host(request.user), pk=pk)
    if request.method != "POST":
        context = {"booking": booking, "free": list(queries.free_slots(booking.slot.placement))}
        return render(request, "interviews/move_booking.html", context)
    slot = get_object_or_404(queries.slots_of_host(request.user), pk=_int(request.POST.get("slot")))
    outcome = run_service(
        request,
        services.move_booking,
        success=lambda moved: (
            _("The interview is moved to %(when)s; both of you get the update.")
            % {"when": _when(moved.slot)}
        ),
        booking=booking,
        slot=slot,
    )
    if not outcome.ok:
        return redirect("interview_booking_move", pk=booking.pk)
    return redirect("interview_slots", pk=booking.slot.placement_id)


@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(queries.bookings_of_host(request.user), pk=pk)
    run_service(
        request,
        services.cancel_booking,
        success=_("The interview is cancelled; both of you get the cancellation."),
        booking=booking,
    )
    return redirect("interview_slots", pk=booking.slot.placement_id)


@require_POST
def reschedule_decline(request, pk):
    booking = get_object_or_404(queries.bookings_of_host(request.user), pk=pk)
    run_service(
        request,
        services.decline_reschedule,
        success=_("The interview stays as it is; the student is told."),
        booking=booking,
    )
    return redirect("interview_slots", pk=booking.slot.placement_id)


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 12 else 0


# The student ---------------------------------------------------------------------------


def student_booking(request, pk):
    application = get_object_or_404(queries.applications_of_student(request.user), pk=pk)
    if request.method == "POST":
        slot = get_object_or_404(
            queries.slots_of_placement(application.placement),
            pk=_int(request.POST.get("slot")),
        )
        run_service(
            request,
            services.book_slot,
            success=lambda booking: (
                _(
                    "Your interview is booked for %(when)s. "
                    "The calendar invitation is in your e-mail."
                )
                % {"when": _when(booking.slot)}
            ),
            application=application,
            slot=slot,
        )
        return redirect("interview_booking", pk=application.pk)
    booking = queries.booking_of(application)
    context = {
        "application": application,
        "booking": booking,
        "may_book": application.status in queries.MAY_BOOK,
        "free": list(queries.free_slots(application.placement)) if booking is None else [],
        "started": booking is not None and booking.slot.starts_at <= timezone.now(),
        "form": RescheduleForm(),
    }
    return render(request, "interviews/student_booking.html", context)


@require_POST
def reschedule_ask(request, pk):
    booking = get_object_or_404(queries.bookings_of_student(request.user), pk=pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.ask_to_reschedule,
            success=_("Your request is sent to the organisation."),
            booking=booking,
            message=form.cleaned_data["message"],
        )
    else:
        messages.error(request, " ".join(form.errors["message"]))
    return redirect("interview_booking", pk=booking.application_id)


def booking_ics(request, pk):
    """The student's booked interview as the same calendar event the e-mails carry (same
    UID and SEQUENCE), so that adding it by hand updates the event, not a second one."""
    booking = get_object_or_404(queries.bookings_of_student(request.user), pk=pk)
    response = HttpResponse(
        calendar.invitation(booking, method=calendar.REQUEST),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return response
