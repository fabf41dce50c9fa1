from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    County,
    Invitation,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Programme,
    Sector,
    SignOnRule,
    Skill,
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "role"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "first_name", "last_name", "role", "password1", "password2"]})
    ]
    readonly_fields = ["role", "last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        # One account has one role for life: set at creation, never changed.
        return self.readonly_fields if obj else ["last_login", "date_joined"]


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "registration_number", "sector", "county", "city", "status"]
    list_filter = ["status", "sector", "county"]
    search_fields = ["legal_name", "registration_number", "city"]
    # The logo only through the organisation's page, where it is checked and drawn again.
    readonly_fields = ["status", "logo", "logo_small", "created_at", "updated_at", "created_by"]
    inlines = [MembershipInline]


class StudentLinkInline(admin.TabularInline):
    model = StudentLink
    extra = 0


class StudentLanguageInline(admin.TabularInline):
    model = StudentLanguage
    extra = 0


class StudentExperienceInline(admin.StackedInline):
    model = StudentExperience
    extra = 0


class StudentCVInline(admin.TabularInline):
    """The CVs' labels and dates; the files are opened by the student only."""

    model = StudentCV
    extra = 0
    fields = ["label", "uploaded_at"]
    readonly_fields = ["label", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    inlines = [StudentCVInline, StudentLinkInline, StudentLanguageInline, StudentExperienceInline]
    list_display = ["user", "programme", "year_of_study", "student_number"]
    list_filter = ["programme", "year_of_study"]
    search_fields = ["user__email", "user__last_name", "student_number"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "programme"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "kind",
        "organisation",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["kind"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False  # invitations are sent from the app, which e-mails the link


admin.site.register(Sector, list_display=["name", "name_ro"])
admin.site.register(Skill, list_display=["name", "name_ro"], search_fields=["name", "name_ro"])
admin.site.register(County, list_display=["name", "code"])


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "faculty", "is_active"]
    list_filter = ["is_active"]


@admin.register(SignOnRule)
class SignOnRuleAdmin(admin.ModelAdmin):
    """Which role a first single sign-on gives: the first matching rule, by position."""

    list_display = ["__str__", "position", "provider", "role", "all_faculties"]
    list_editable = ["position"]
    list_filter = ["role", "provider", "all_faculties"]
    filter_horizontal = ["faculties"]
