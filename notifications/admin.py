from django.contrib import admin

from core.admin import RecordAdmin

from .models import Event, Notification


@admin.register(Event)
class EventAdmin(RecordAdmin):
    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "actor",
        "action",
        "from_status",
        "to_status",
    ]
    list_filter = ["content_type", "action"]
    raw_id_fields = ["actor"]


admin.site.register(
    Notification,
    list_display=["recipient", "kind", "created_at", "read_at"],
    raw_id_fields=["recipient"],
)
