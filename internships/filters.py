import django_filters
from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from accounts.models import County, Organisation, Programme, Skill
from core.filters import NamesInOrder, SearchFilter
from core.search import matches

from . import discovery, queries
from .forms.vetting import VETTING_STATUSES
from .models import Application, Period, Placement
from .search import MAX_QUERY_LENGTH

YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
ELIGIBLE_CHOICES = [
    ("yes", _("Only placements I can apply to")),
    ("no", _("All placements")),
]
FACET_NOTE_ID = "facet-note"


def with_count(label, count: int) -> str:
    """An option's text with its count, "Cluj (312)", which screen readers read as is."""
    return pgettext(
        "a filter's choice and how many open placements it has", "%(choice)s (%(count)s)"
    ) % {
        "choice": label,
        "count": number_format(count, force_grouping=True),
    }


class PlacementSearchFilter(NamesInOrder, django_filters.FilterSet):
    """The public search at /placements/: every filter is a GET parameter."""

    q = SearchFilter(
        label=_("Search"),
        method="filter_text",
        # Longer text is cut to this length by queries.search_text, never refused.
        widget=forms.TextInput(attrs={"maxlength": MAX_QUERY_LENGTH}),
    )
    # A student's own filter (absent for everyone else): on unless they turn it off.
    eligible = django_filters.ChoiceFilter(
        label=_("Show"),
        method="filter_eligible",
        empty_label=None,
        choices=ELIGIBLE_CHOICES,
        widget=forms.RadioSelect,
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Study programme"),
        empty_label=_("Any"),
        field_name="programmes",
        queryset=Programme.objects.filter(is_active=True),
    )
    skills = django_filters.ModelMultipleChoiceFilter(
        label=_("Skills"),
        field_name="skills",
        queryset=Skill.objects.all(),
        conjoined=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"), empty_label=_("Any"), queryset=County.objects.all()
    )
    # A part of the name, case and diacritics aside: "cluj" finds "Cluj-Napoca".
    city = django_filters.CharFilter(label=_("City"), lookup_expr="fcontains", max_length=100)
    work_mode = django_filters.ChoiceFilter(
        label=_("Work mode"), empty_label=_("Any"), choices=Placement.WorkMode.choices
    )
    paid = django_filters.ChoiceFilter(
        label=_("Paid"), choices=YES_NO[1:], method="filter_paid", empty_label=_("Any")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), empty_label=_("Any"), queryset=Period.objects.all()
    )
    open = django_filters.BooleanFilter(
        label=_("Open for applications only"),
        method="filter_open",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("relevance", _("Most relevant")),
            ("newest", _("Newest first")),
            ("deadline", _("Deadline soonest")),
        ],
    )

    class Meta:
        model = Placement
        fields = []

    def __init__(
        self, data=None, queryset=None, *, facets=None, student=None, alerting=False, **kwargs
    ):
        """`facets` (facets.counts()) puts the number of open placements beside each choice
        of the filters it counts. `student`, a signed-in student, gets the "eligible for me"
        filter, on when the parameters do not say otherwise. `alerting`: the search is a
        saved search's alert, whose "eligible" lets through placements whose period's
        applications open later (internships.alerts)."""
        self.student = student
        self.alerting = alerting
        if student is not None and data is not None and "eligible" not in data:
            data = data.copy()
            data["eligible"] = "yes"
        super().__init__(data, queryset, **kwargs)
        if student is None:
            del self.filters["eligible"]
            self.form.fields.pop("eligible", None)
        for name, counts in (facets or {}).items():
            field = self.form.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.label_from_instance = lambda obj, counts=counts: with_count(
                    obj, counts.get(obj.pk, 0)
                )
            else:
                field.choices = [
                    (value, with_count(label, counts.get(value, 0)))
                    for value, label in field.choices
                    if value != ""
                ]
            # The note says what the numbers count; the field's error, if any, stays announced.
            described_by = [FACET_NOTE_ID]
            if name in self.form.errors:
                described_by.append(f"{self.form[name].auto_id}_error")
            field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def filter_text(self, queryset, name, value):
        return queries.search_text(queryset, value)

    def filter_eligible(self, queryset, name, value):
        if value == "yes" and self.student is not None:
            return queryset.filter(discovery.eligible_for(self.student, opened=not self.alerting))
        return queryset

    def filter_paid(self, queryset, name, value):
        return queryset.filter(is_paid=(value == "yes"))

    def filter_open(self, queryset, name, value):
        return queryset.filter(deadline__gte=timezone.localdate()) if value else queryset

    def sort_by(self, queryset, name, value):
        if value == "deadline":
            return queryset.order_by("deadline", "-pk")
        if value == "relevance" and self.form.cleaned_data.get("q"):
            return queryset  # the text search ranks its results
        return queryset.order_by("-published_at", "-pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("skills") or self.form.cleaned_data.get("programme"):
            queryset = queryset.distinct()
        return queryset


class PipelineFilter(NamesInOrder, django_filters.FilterSet):
    """The company's view of a placement's applicants (the board and the table alike)."""

    q = SearchFilter(
        label=_("Name"),
        method="filter_name",
        widget=forms.TextInput(attrs={"maxlength": 100}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Application.Status.choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Study programme"),
        field_name="student__student_profile__programme",
        queryset=Programme.objects.all(),
    )
    skills = django_filters.ModelMultipleChoiceFilter(
        label=_("Skills"),
        field_name="student__student_profile__skills",
        queryset=Skill.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
        conjoined=False,
        distinct=True,
    )

    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("newest", _("Newest first")),
            ("name", _("Name")),
            ("programme", _("Study programme")),
        ],
    )

    class Meta:
        model = Application
        fields = []

    def filter_name(self, queryset, name, value):
        """Each word in the first or last name, case and diacritics aside ("stefan" finds
        "Ștefan")."""
        return queryset.filter(matches(["student__first_name", "student__last_name"], value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*PIPELINE_ORDERS.get(value, PIPELINE_ORDERS["newest"]))

    @property
    def qs(self):
        # Sorted even when the sort field is left out of the URL (the first visit).
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*PIPELINE_ORDERS["newest"])
        return queryset


PIPELINE_ORDERS = {
    "newest": ("-created_at", "-pk"),
    "name": ("student__last_name", "student__first_name", "pk"),
    "programme": ("student__student_profile__programme__name", "student__last_name", "pk"),
}


class VettingFilter(django_filters.FilterSet):
    """The vetting queue: the organisations awaiting verification unless another status (or
    all) is asked for. A status the form does not know is shown as its error."""

    status = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=VETTING_STATUSES,
        empty_label=None,
        method="filter_status",
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_queryset(self, queryset):
        status = self.form.cleaned_data.get("status") or "pending"
        return queryset if status == "all" else queryset.filter(status=status)

    def filter_status(self, queryset, name, value):
        return queryset  # filter_queryset applies it, pending when none is asked for
