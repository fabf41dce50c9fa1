from django.urls import path

from . import views

urlpatterns = [
    path(
        "company/placements/<int:pk>/interview-slots/",
        views.host_slots,
        name="interview_slots",
    ),
    path(
        "company/interview-slots/<int:pk>/cancel/",
        views.slot_cancel,
        name="interview_slot_cancel",
    ),
    path(
        "company/interview-bookings/<int:pk>/move/",
        views.booking_move,
        name="interview_booking_move",
    ),
    path(
        "company/interview-bookings/<int:pk>/cancel/",
        views.booking_cancel,
        name="interview_booking_cancel",
    ),
    path(
        "company/interview-bookings/<int:pk>/keep/",
        views.reschedule_decline,
        name="interview_reschedule_decline",
    ),
    path(
        "student/applications/<int:pk>/interview-slots/",
        views.student_booking,
        name="interview_booking",
    ),
    path(
        "student/interview-bookings/<int:pk>/interview.ics",
        views.booking_ics,
        name="interview_booking_ics",
    ),
    path(
        "student/interview-bookings/<int:pk>/reschedule/",
        views.reschedule_ask,
        name="interview_reschedule_ask",
    ),
]
