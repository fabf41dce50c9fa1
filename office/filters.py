"""The filters of the staff lists: every filter, and the sort order, is a GET parameter.

A value the form does not accept (status=zzz, period=abc) is shown as the field's error
and that filter is left out; the other filters still apply. Search text is cut to its first
words, never refused: any length of text costs the same query.
"""

import re

import django_filters
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.faculties import programmes_in_scope
from accounts.models import County, Organisation, Sector, User
from core.filters import NamesInOrder, SearchFilter
from core.text import romanian_key
from core.widgets import LongSelect, SuggestingInput
from internships import search
from internships.models import Application, Internship, Period, Placement

from . import paperwork, queries

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YEARS = [(str(year), str(year)) for year in range(1, 7)]
ANY = _("Any")
MAX_WORDS = 10


def _words(text: str) -> str:
    """The words a list looks for: control characters out, at most the first ten words of
    the first 200 characters (each word is one condition on every searched field)."""
    return " ".join(search.normalise_query(text).split(" ")[:MAX_WORDS])


class SortedFilterSet(NamesInOrder, django_filters.FilterSet):
    """A FilterSet whose `sort` choice picks one of its `ORDERINGS` (the first by default)."""

    ORDERINGS: dict[str, tuple] = {}

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.ORDERINGS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*next(iter(self.ORDERINGS.values())))
        return queryset


def by_label(field: str, choices) -> Case:
    """An order by the label of a choice field in the reader's language (alphabetical, in
    Romanian order), not by its English code: "Activ" before "Finalizat" in Romanian."""
    ranked = sorted(choices, key=lambda choice: romanian_key(str(choice[1])))
    return Case(
        *[When(**{field: code}, then=Value(rank)) for rank, (code, _label) in enumerate(ranked)],
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )


def _sort(choices):
    return django_filters.ChoiceFilter(
        label=_("Sort by"), method="sort_by", empty_label=None, choices=choices
    )


class OrganisationFilter(SearchFilter):
    """An organisation by its name, as the box suggests it (the one organisation of exactly
    that name, else every one whose name holds the text), or by its fiscal code (CUI) or
    its number in the database, as a link may carry it. A text box, not a <select>: there
    are thousands."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Organisation"))
        kwargs.setdefault("widget", SuggestingInput(reverse_lazy("staff_organisation_names")))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = search.normalise_query(value or "")
        if not value:
            return qs
        if re.fullmatch(r"[0-9]{1,18}", value):
            chosen = Organisation.objects.filter(Q(pk=int(value)) | Q(registration_number=value))
        elif Organisation.objects.filter(legal_name__iexact=value).exists():
            chosen = Organisation.objects.filter(legal_name__iexact=value)
        else:
            chosen = Organisation.objects.filter(legal_name__fcontains=value)
        return qs.filter(**{f"{self.field_name}__in": chosen.values("pk")})


def _yes_no(label, method):
    return django_filters.ChoiceFilter(label=label, choices=YES_NO, method=method, empty_label=ANY)


class StaffStudentFilter(SortedFilterSet):
    ORDERINGS = {
        "name": ("last_name", "first_name", "pk"),
        "-name": ("-last_name", "-first_name", "-pk"),
        "number": ("student_profile__student_number", "pk"),
        "programme": ("student_profile__programme__name", "last_name", "first_name", "pk"),
        "year": ("student_profile__year_of_study", "last_name", "first_name", "pk"),
        "applications": ("-application_count", "last_name", "first_name", "pk"),
        "newest": ("-date_joined", "-pk"),
    }

    q = SearchFilter(label=_("Name, e-mail or student number"), method="filter_text")
    programme = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Study programme"),
        field_name="student_profile__programme",
        queryset=programmes_in_scope,
    )
    year = django_filters.ChoiceFilter(
        label=_("Year of study"),
        field_name="student_profile__year_of_study",
        choices=YEARS,
        empty_label=ANY,
    )
    period = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Period (for “placed” and applications)"),
        queryset=Period.objects.order_by("-starts_on"),
        method="for_period",
    )
    placed = _yes_no(_("Placed"), "filter_placed")
    has_cv = _yes_no(_("Has a CV"), "filter_cv")
    sort = _sort(
        [
            ("name", _("Name (A to Z)")),
            ("-name", _("Name (Z to A)")),
            ("number", _("Student number")),
            ("programme", _("Programme")),
            ("year", _("Year of study")),
            ("applications", _("Most applications")),
            ("newest", _("Newest accounts")),
        ]
    )

    class Meta:
        model = User
        fields = []

    def filter_queryset(self, queryset):
        # The counts and "placed" are of the chosen period: annotated before any filter.
        period = self.form.cleaned_data.get("period")
        queryset = queries.with_placement(queryset, period=period)
        return super().filter_queryset(queryset)

    def filter_text(self, queryset, name, value):
        return queries.search_students(queryset, _words(value))

    def for_period(self, queryset, name, value):
        return queryset  # the period scopes the annotations (filter_queryset), not the rows

    def filter_placed(self, queryset, name, value):
        return queryset.filter(is_placed=(value == "yes"))

    def filter_cv(self, queryset, name, value):
        return queryset.filter(has_cv=(value == "yes"))  # annotated by queries.students


class StaffOrganisationFilter(SortedFilterSet):
    ORDERINGS = {
        "name": ("legal_name", "pk"),
        "-name": ("-legal_name", "-pk"),
        "newest": ("-created_at", "-pk"),
        "placements": ("-placement_count", "legal_name", "pk"),
        "interns": ("-intern_count", "legal_name", "pk"),
    }

    q = SearchFilter(
        label=_("Name, CUI, city, website or administrator's e-mail"), method="filter_text"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=ANY, choices=Organisation.Status.choices
    )
    sector = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Sector"), queryset=Sector.objects.all()
    )
    county = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("County"), queryset=County.objects.all()
    )
    sort = _sort(
        [
            ("name", _("Name (A to Z)")),
            ("-name", _("Name (Z to A)")),
            ("newest", _("Newest first")),
            ("placements", _("Most placements")),
            ("interns", _("Most interns")),
        ]
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_text(self, queryset, name, value):
        return queries.search_organisations(queryset, _words(value))


class StaffPlacementFilter(SortedFilterSet):
    ORDERINGS = {
        "newest": ("-created_at", "-pk"),
        "deadline": ("deadline", "pk"),
        "title": ("title", "pk"),
        "organisation": ("organisation__legal_name", "title", "pk"),
        "applicants": ("-applicant_count", "-created_at", "-pk"),
    }

    q = SearchFilter(label=_("Title, organisation or city"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=ANY, choices=Placement.Status.choices
    )
    period = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Period"), queryset=Period.objects.order_by("-starts_on")
    )
    programme = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Study programme"),
        field_name="programmes",
        queryset=programmes_in_scope,
    )
    organisation = OrganisationFilter()
    county = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("County"), queryset=County.objects.all()
    )
    work_mode = django_filters.ChoiceFilter(
        label=_("Work mode"), choices=Placement.WorkMode.choices, empty_label=ANY
    )
    sort = _sort(
        [
            ("newest", _("Newest first")),
            ("deadline", _("Deadline soonest")),
            ("title", _("Title (A to Z)")),
            ("organisation", _("Organisation (A to Z)")),
            ("applicants", _("Most applicants")),
        ]
    )

    class Meta:
        model = Placement
        fields = []

    def filter_text(self, queryset, name, value):
        fields = ["title", "organisation__legal_name", "city"]
        return queryset.filter(queries.words_in(_words(value), fields))


class StaffApplicationFilter(SortedFilterSet):
    ORDERINGS = {
        "newest": ("-created_at", "-pk"),
        "oldest": ("created_at", "pk"),
        "student": ("student__last_name", "student__first_name", "-created_at", "pk"),
        "status": ("status", "-created_at", "-pk"),
        "offer_deadline": (F("offer_deadline").asc(nulls_last=True), "-created_at", "-pk"),
    }

    q = SearchFilter(
        label=_("Student, e-mail, student number, placement or organisation"),
        method="filter_text",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=ANY, choices=Application.Status.choices
    )
    period = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Period"),
        field_name="placement__period",
        queryset=Period.objects.order_by("-starts_on"),
    )
    programme = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Study programme"),
        field_name="student__student_profile__programme",
        queryset=programmes_in_scope,
    )
    organisation = OrganisationFilter(field_name="placement__organisation")
    sort = _sort(
        [
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("student", _("Student (A to Z)")),
            ("status", _("Status")),
            ("offer_deadline", _("Offer deadline soonest")),
        ]
    )

    class Meta:
        model = Application
        fields = []

    def filter_text(self, queryset, name, value):
        return queries.search_applications(queryset, _words(value))


NO_SUPERVISOR = "none"
NO_ACTIVE_TUTOR = "none"


def supervisor_choices():
    people = [(str(user.pk), user.get_full_name() or user.email) for user in queries.supervisors()]
    return [(NO_SUPERVISOR, _("No supervisor yet")), *people]


class StaffInternshipFilter(SortedFilterSet):
    """The internship office's list: every filter, and the sort order, is a GET parameter."""

    STUDENT = ("student__last_name", "student__first_name", "pk")
    ORDERINGS = {
        "-starts_on": ("-starts_on", "pk"),
        "starts_on": ("starts_on", "pk"),
        "ends_on": ("ends_on", "pk"),
        "name": STUDENT,
        "-name": ("-student__last_name", "-student__first_name", "-pk"),
        "organisation": ("organisation__legal_name", *STUDENT),
        "status": ("status", *STUDENT),  # sort_by: by the status's label, see `by_label`
        "hours": ("-approved_hours", *STUDENT),
    }

    q = SearchFilter(label=_("Name, e-mail or student number"), method="filter_text")
    period = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Period"), queryset=Period.objects.order_by("-starts_on")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=ANY, choices=Internship.Status.choices
    )
    organisation = OrganisationFilter()
    programme = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Study programme"),
        field_name="student__student_profile__programme",
        queryset=programmes_in_scope,
    )
    supervisor = django_filters.ChoiceFilter(
        label=_("Academic supervisor"),
        choices=supervisor_choices,
        method="filter_supervisor",
        empty_label=ANY,
        widget=LongSelect,
    )

    host_tutor = django_filters.ChoiceFilter(
        label=_("Host tutor"),
        choices=[(NO_ACTIVE_TUTOR, _("Running, without an active host tutor"))],
        method="filter_host_tutor",
        empty_label=ANY,
    )
    sort = _sort(
        [
            ("-starts_on", _("Latest start first")),
            ("starts_on", _("Earliest start first")),
            ("ends_on", _("Ending soonest")),
            ("name", _("Student (A to Z)")),
            ("-name", _("Student (Z to A)")),
            ("organisation", _("Organisation (A to Z)")),
            ("status", _("Status")),
            ("hours", _("Most approved hours")),
        ]
    )

    class Meta:
        model = Internship
        fields = []

    def filter_text(self, queryset, name, value):
        return queries.search_internships(queryset, _words(value))

    def sort_by(self, queryset, name, value):
        if value == "status":  # the label the reader reads, in their language
            return queryset.order_by(by_label("status", Internship.Status.choices), *self.STUDENT)
        return super().sort_by(queryset, name, value)

    def filter_host_tutor(self, queryset, name, value):
        return queries.without_active_host_tutor(queryset) if value == NO_ACTIVE_TUTOR else queryset

    def filter_supervisor(self, queryset, name, value):
        if value == NO_SUPERVISOR:
            return queryset.filter(academic_supervisor=None)
        return queryset.filter(academic_supervisor_id=value)


class PaperworkFilter(NamesInOrder, django_filters.FilterSet):
    """A cohort's agreements: a period (the view picks the latest when none is asked for),
    optionally a programme or a host, and optionally the state of the agreements. `cohort`
    keeps the rows before the state is applied: the counts at the top are of it."""

    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=Period.objects.order_by("-starts_on"), empty_label=None
    )
    programme = django_filters.ModelChoiceFilter(
        empty_label=ANY,
        label=_("Study programme"),
        field_name="student__student_profile__programme",
        queryset=programmes_in_scope,
    )
    organisation = OrganisationFilter()
    state = django_filters.ChoiceFilter(
        label=_("Agreement"),
        empty_label=ANY,
        method="filter_state",
        choices=[
            ("confirmed", _("Confirmed by all three")),
            ("student", _("Missing the student")),
            ("organisation", _("Missing the host organisation")),
            ("university", _("Missing the university")),
            ("none", _("Confirmed by none")),
            ("overridden", _("Logbook opened without it")),
            ("paper", _("Recorded on paper")),
        ],
    )

    class Meta:
        model = Internship
        fields = []

    def filter_queryset(self, queryset):
        cohort = queryset
        for name, value in self.form.cleaned_data.items():
            if name != "state":
                cohort = self.filters[name].filter(cohort, value)
        self.cohort = cohort
        return self.filters["state"].filter(cohort, self.form.cleaned_data.get("state"))

    def filter_state(self, queryset, name, value):
        return paperwork.in_state(queryset, value)
