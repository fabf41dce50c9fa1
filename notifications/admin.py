from django.contrib import admin

from .models import Event, Notification


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
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

    def has_change_permission(self, request, obj=None):
        return False  # the timeline is a record: it is never rewritten


admin.site.register(
    Notification,
    list_display=["recipient", "kind", "created_at", "read_at"],
    raw_id_fields=["recipient"],
)
