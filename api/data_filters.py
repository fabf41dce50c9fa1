"""The data endpoints' filters: the staff lists' FilterSets' own filters (office.filters,
documents.filters), taken as they are, with `updated_since`. A value a filter does not
accept is refused (400, a problem naming the field), not left out as on the pages; a
programme is named by its code, as the API names it everywhere."""

import copy

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.faculties import programmes_in_scope
from accounts.models import User
from documents.filters import CertificateFilter
from documents.models import Certificate
from internships.models import Application, Internship, Placement
from mentors.models import LogbookEntry
from office.filters import (
    StaffApplicationFilter,
    StaffInternshipFilter,
    StaffPlacementFilter,
    StaffStudentFilter,
)


def _programme(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Study programme (its code)"),
        field_name=field_name,
        to_field_name="code",
        queryset=programmes_in_scope,
    )


def _since(field_name=None, method=None):
    return django_filters.IsoDateTimeFilter(
        label=_("Changed at or after (ISO 8601)"),
        field_name=field_name or "updated_at",
        lookup_expr="gte",
        method=method,
    )


def _staff(filterset, name):
    """One filter of a staff list's FilterSet, as it is there."""
    return copy.deepcopy(filterset.declared_filters[name])


def changed_since(moment):
    """An internship changed at `moment` or later: itself (status, dates, completion), its
    result (`recorded_at` moves at every change of grade, pass or credits), or its logbook
    (the approved hours are a sum of entries, each with its own `updated_at`)."""
    entries = LogbookEntry.objects.filter(internship=OuterRef("pk"), updated_at__gte=moment)
    return Q(updated_at__gte=moment) | Q(result__recorded_at__gte=moment) | Q(Exists(entries))


class StudentApiFilter(django_filters.FilterSet):
    programme = _programme("student_profile__programme")
    year = _staff(StaffStudentFilter, "year")
    updated_since = _since("student_profile__updated_at")

    class Meta:
        model = User
        fields = []


class PlacementApiFilter(django_filters.FilterSet):
    status = _staff(StaffPlacementFilter, "status")
    period = _staff(StaffPlacementFilter, "period")
    programme = _programme("programmes")
    updated_since = _since()

    class Meta:
        model = Placement
        fields = []

    def filter_queryset(self, queryset):
        # A placement open to several programmes is one row, not one per programme.
        queryset = super().filter_queryset(queryset)
        return queryset.distinct() if self.form.cleaned_data.get("programme") else queryset


class ApplicationApiFilter(django_filters.FilterSet):
    status = _staff(StaffApplicationFilter, "status")
    period = _staff(StaffApplicationFilter, "period")
    programme = _programme("student__student_profile__programme")
    updated_since = _since()

    class Meta:
        model = Application
        fields = []


class InternshipApiFilter(django_filters.FilterSet):
    period = _staff(StaffInternshipFilter, "period")
    status = _staff(StaffInternshipFilter, "status")
    programme = _programme("student__student_profile__programme")
    updated_since = _since(method="filter_updated_since")

    class Meta:
        model = Internship
        fields = []

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(changed_since(value))


class CertificateApiFilter(django_filters.FilterSet):
    period = _staff(CertificateFilter, "period")
    status = _staff(CertificateFilter, "status")
    programme = _programme("internship__student__student_profile__programme")
    issued_from = _staff(CertificateFilter, "issued_from")
    issued_to = _staff(CertificateFilter, "issued_to")

    class Meta:
        model = Certificate
        fields = []

    filter_status = CertificateFilter.filter_status
