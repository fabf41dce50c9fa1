from django.contrib import admin

from .models import SavedReport


@admin.register(SavedReport)
class SavedReportAdmin(admin.ModelAdmin):
    """Read-only: staff keep their reports on their own page; the admin shows them."""

    list_display = ["name", "owner", "list_slug", "format", "created_at", "last_downloaded_at"]
    list_filter = ["list_slug", "format"]
    search_fields = ["name", "owner__email"]
    list_select_related = ["owner"]
    readonly_fields = [
        "owner",
        "name",
        "list_slug",
        "params",
        "columns",
        "format",
        "created_at",
        "last_downloaded_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
