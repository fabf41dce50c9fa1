import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme
from core.widgets import LongSelect
from internships.models import Internship, Period
from internships.staff_filters import OrganisationFilter

from . import queries

NO_SUPERVISOR = "none"


def supervisor_choices():
    people = [(str(user.pk), user.get_full_name() or user.email) for user in queries.supervisors()]
    return [(NO_SUPERVISOR, _("No supervisor yet")), *people]


class StaffInternshipFilter(django_filters.FilterSet):
    """The internship office's list: every filter is a GET parameter."""

    period = django_filters.ModelChoiceFilter(label=_("Period"), queryset=Period.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Internship.Status.choices)
    organisation = OrganisationFilter()
    programme = django_filters.ModelChoiceFilter(
        label=_("Study programme"),
        field_name="student__student_profile__programme",
        queryset=Programme.objects.all(),
    )
    supervisor = django_filters.ChoiceFilter(
        label=_("Academic supervisor"),
        choices=supervisor_choices,
        method="filter_supervisor",
        empty_label=_("Any"),
        widget=LongSelect,
    )

    class Meta:
        model = Internship
        fields = []

    def filter_supervisor(self, queryset, name, value):
        if value == NO_SUPERVISOR:
            return queryset.filter(academic_supervisor=None)
        return queryset.filter(academic_supervisor_id=value)
