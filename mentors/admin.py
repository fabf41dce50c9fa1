from django.contrib import admin

from core.admin import RecordAdmin

from .models import (
    AcademicResult,
    Competency,
    Evaluation,
    FeedbackNote,
    LogbookEntry,
)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "name_ro", "is_active"]
    list_display_links = ["name"]


@admin.register(LogbookEntry)
class LogbookEntryAdmin(admin.ModelAdmin):
    list_display = ["internship", "date", "hours", "status"]
    list_filter = ["status"]
    raw_id_fields = ["internship", "reviewed_by"]
    readonly_fields = ["status"]
    list_select_related = ["internship__student", "internship__organisation"]

    def get_readonly_fields(self, request, obj=None):
        # An approved or submitted entry is a record: the app's rules, not the admin, move it.
        if obj and not obj.is_editable:
            return [f.name for f in obj._meta.fields] + ["skills"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["internship", "kind", "status", "submitted_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["internship", "author"]
    readonly_fields = ["status"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_locked:
            return [f.name for f in obj._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FeedbackNote)
class FeedbackNoteAdmin(RecordAdmin):
    list_display = ["internship", "author", "visibility", "created_at"]
    raw_id_fields = ["internship", "author", "reply_to"]


@admin.register(AcademicResult)
class AcademicResultAdmin(RecordAdmin):
    list_display = ["internship", "grade", "passed", "credits"]
    raw_id_fields = ["internship", "recorded_by"]
