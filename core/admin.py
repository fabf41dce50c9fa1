"""What the Django admin of every app shares."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """A record of who did what (an event, a result, a note, an assignment, a report): the
    admin shows it and never adds, changes or deletes one; the app's services write it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
