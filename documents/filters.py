"""The filters of the staff certificates list: every filter is a GET parameter.

A value the form does not accept (period=abc, issued_from=9999-99-99) is shown as the
field's error and that filter is left out; no file is exported until it is corrected.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.faculties import programmes_in_scope
from core.filters import NamesInOrder, SearchFilter
from internships.models import Period

from .models import Certificate

ANY = _("Any")
STATUSES = [("valid", _("Valid")), ("revoked", _("Revoked"))]
MAX_WORDS = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CertificateFilter(NamesInOrder, django_filters.FilterSet):
    """Certificates by period, status, programme, issue date, and serial or student name.
    The newest first, as on the page."""

    q = SearchFilter(label=_("Serial number or student's name"), method="filter_text")
    period = django_filters.ModelChoiceFilter(
        label=_("Period"),
        field_name="internship__period",
        queryset=Period.objects.order_by("-starts_on", "-pk"),
        empty_label=ANY,
        error_messages={"invalid_choice": _("Choose one of the periods in the list.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUSES, empty_label=ANY, method="filter_status"
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Study programme"),
        field_name="internship__student__student_profile__programme",
        queryset=programmes_in_scope,
        empty_label=ANY,
    )
    issued_from = django_filters.DateFilter(
        label=_("Issued from"), field_name="issued_at", lookup_expr="date__gte", widget=DateInput
    )
    issued_to = django_filters.DateFilter(
        label=_("Issued until"), field_name="issued_at", lookup_expr="date__lte", widget=DateInput
    )

    class Meta:
        model = Certificate
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=(value == "valid"))

    def filter_text(self, queryset, name, value):
        for word in value.split()[:MAX_WORDS]:
            queryset = queryset.filter(
                Q(serial__icontains=word)
                | Q(internship__student__first_name__fcontains=word)
                | Q(internship__student__last_name__fcontains=word)
            )
        return queryset
