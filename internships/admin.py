from django import forms
from django.contrib import admin

from core.admin import RecordAdmin
from core.forms import CalendarDates

from .models import (
    Application,
    Internship,
    MentorAssignment,
    Period,
    Placement,
    Report,
)
from .services.periods import period_problems


class PeriodAdminForm(CalendarDates, forms.ModelForm):
    """The same rules of the calendar as the office's form, beside each field (the admin
    gives the model and the fields)."""

    def clean(self):
        data = super().clean()
        for field, message in period_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    form = PeriodAdminForm
    list_display = [
        "name",
        "starts_on",
        "ends_on",
        "applications_open_on",
        "applications_close_on",
        "required_hours",
        "credits",
    ]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "period", "status", "deadline", "positions"]
    list_filter = ["status", "period", "work_mode"]
    search_fields = ["title", "organisation__legal_name"]
    list_select_related = ["organisation", "period"]
    raw_id_fields = ["organisation", "host_tutor", "created_by", "duplicated_from"]
    readonly_fields = ["status", "published_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["student", "placement", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["student__email", "placement__title"]
    list_select_related = ["student", "placement"]
    raw_id_fields = ["student", "placement"]
    readonly_fields = ["status"]


@admin.register(Internship)
class InternshipAdmin(admin.ModelAdmin):
    list_display = ["student", "organisation", "period", "status", "starts_on", "ends_on"]
    list_filter = ["status", "period"]
    list_select_related = ["student", "organisation", "period"]
    raw_id_fields = ["student", "placement", "organisation", "application"]
    # Mentors change through the app, which keeps the assignment history.
    readonly_fields = ["status", "host_tutor", "academic_supervisor"]


@admin.register(Report)
class ReportAdmin(RecordAdmin):
    list_display = ["organisation", "placement", "status", "created_at"]
    raw_id_fields = ["reporter", "organisation", "placement", "resolved_by"]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(RecordAdmin):
    list_display = ["internship", "mentor", "kind", "assigned_at", "ended_at"]
    raw_id_fields = ["internship", "mentor", "assigned_by"]
