from django.contrib import admin

from core.admin import RecordAdmin

from .models import Booking, Slot


# Slots and bookings change through the services only (they lock, record on the timelines
# and send the calendars' updates): the admin shows them, and never adds, edits or deletes.
@admin.register(Slot)
class SlotAdmin(RecordAdmin):
    list_display = ["placement", "starts_at", "minutes", "cancelled_at"]
    list_select_related = ["placement"]
    raw_id_fields = ["placement", "created_by"]


@admin.register(Booking)
class BookingAdmin(RecordAdmin):
    list_display = ["application", "slot", "status", "sequence"]
    list_filter = ["status"]
    list_select_related = ["application__student", "application__placement", "slot__placement"]
    raw_id_fields = ["slot", "application", "organizer"]
