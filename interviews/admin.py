from django.contrib import admin

from .models import Booking, Slot


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["placement", "starts_at", "minutes", "cancelled_at"]
    list_select_related = ["placement"]
    raw_id_fields = ["placement", "created_by"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["application", "slot", "status", "sequence"]
    list_filter = ["status"]
    raw_id_fields = ["slot", "application"]
