"""The filters of the logbooks list (every intern's entries): every filter is a GET
parameter. A value the form does not accept (period=abc, from=9999-99-99) is shown as the
field's error and that filter is left out; no file is exported until it is corrected."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.faculties import programmes_in_scope
from accounts.models import MentorProfile, Organisation, Role, User
from core.filters import NamesInOrder, SearchFilter
from core.widgets import LongSelect
from internships.models import Period
from internships.queries import internships_visible_to

from .models import LogbookEntry

ANY = _("Any")
MAX_WORDS = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def supervisors_offered_to(viewer):
    """The supervisors the list's filter offers: staff every one; a mentor only the
    supervisors of the internships they see (not every colleague's name)."""
    people = User.objects.filter(mentor_profile__kind=MentorProfile.Kind.SUPERVISOR)
    if getattr(viewer, "role", None) == Role.STAFF:
        return people
    if getattr(viewer, "role", None) != Role.MENTOR:
        return people.none()
    return people.filter(pk__in=internships_visible_to(viewer).values("academic_supervisor"))


def _words(value: str) -> list[str]:
    return value.split()[:MAX_WORDS]


class LogbookEntryFilter(NamesInOrder, django_filters.FilterSet):
    """Logbook entries by the internship's period, programme, host and mentors, and by the
    entry's status and date. Newest first unless another order is asked for."""

    ORDERINGS = {
        "-date": ("-date", "internship__student__last_name", "-pk"),
        "date": ("date", "internship__student__last_name", "pk"),
        "student": (
            "internship__student__last_name",
            "internship__student__first_name",
            "date",
            "pk",
        ),
    }

    period = django_filters.ModelChoiceFilter(
        label=_("Period"),
        field_name="internship__period",
        queryset=Period.objects.order_by("-starts_on", "-pk"),
        empty_label=ANY,
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Study programme"),
        field_name="internship__student__student_profile__programme",
        queryset=programmes_in_scope,
        empty_label=ANY,
    )
    organisation = SearchFilter(
        label=_("Host organisation (name or CUI)"), method="filter_organisation"
    )
    host_tutor = SearchFilter(label=_("Host tutor (name or e-mail)"), method="filter_host_tutor")
    supervisor = django_filters.ModelChoiceFilter(
        label=_("Academic supervisor"),
        field_name="internship__academic_supervisor",
        queryset=lambda request: supervisors_offered_to(getattr(request, "user", None)),
        empty_label=ANY,
        widget=LongSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status of the entry"), choices=LogbookEntry.Status.choices, empty_label=ANY
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="date", lookup_expr="lte", widget=DateInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("student", _("Student (A to Z)")),
        ],
    )

    class Meta:
        model = LogbookEntry
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*self.ORDERINGS["-date"])
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.ORDERINGS[value])

    def filter_organisation(self, queryset, name, value):
        if re.fullmatch(r"[0-9]{1,12}", value):
            chosen = Organisation.objects.filter(registration_number=value)
        else:
            chosen = Organisation.objects.all()
            for word in _words(value):
                chosen = chosen.filter(legal_name__fcontains=word)
        return queryset.filter(internship__organisation__in=chosen.values("pk"))

    def filter_host_tutor(self, queryset, name, value):
        people = User.objects.filter(mentor_profile__kind=MentorProfile.Kind.HOST_TUTOR)
        for word in _words(value):
            people = people.filter(
                Q(first_name__fcontains=word)
                | Q(last_name__fcontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(internship__host_tutor__in=people.values("pk"))
