from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin

from .models import Access, Digest, Event, Notification, NotificationSettings


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
    readonly_fields = ["note_in_words"]

    @admin.display(description=_("note"))
    def note_in_words(self, event):
        """The note as the timelines show it, in the reader's language."""
        return event.note_text


@admin.register(Access)
class AccessAdmin(RecordAdmin):
    """Who opened which personal file: written by the views that serve them, never edited."""

    list_display = ["created_at", "user", "kind", "label", "content_type", "object_id"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    """A notification is its recipient's: made by the service that tells them, read (and
    marked read) by them only."""

    list_display = ["recipient", "kind", "created_at", "read_at", "delivery", "emailed_at"]
    raw_id_fields = ["recipient"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(RecordAdmin):
    """Each person's choices are theirs to make (the settings page, an unsubscribe link)."""

    list_display = ["user", "digest", "digest_weekday", "updated_at"]
    raw_id_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(RecordAdmin):
    """A digest is made by the job that sends it, in the transaction that queues its e-mail."""

    list_display = ["user", "on", "count", "created_at"]
    raw_id_fields = ["user"]
