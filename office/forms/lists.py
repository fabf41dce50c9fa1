from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.faculties import in_faculties
from accounts.models import Role, User
from internships.models import Internship


class SupervisorAssignmentForm(forms.Form):
    """The staff list's bulk form: the ticked internships and the supervisor to give them."""

    internships = forms.ModelMultipleChoiceField(
        label=_("Internships"),
        queryset=Internship.objects.all(),
        error_messages={
            "required": _("Tick at least one internship."),
            "invalid_choice": _("One of the ticked internships no longer exists."),
            "invalid_pk_value": _("One of the ticked internships no longer exists."),
        },
    )
    supervisor = forms.ModelChoiceField(
        label=_("Academic supervisor"),
        queryset=User.objects.filter(role=Role.MENTOR, is_active=True),
        error_messages={
            "required": _("Choose the academic supervisor."),
            "invalid_choice": _("Choose an academic supervisor of the university."),
        },
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        # Another faculty's internship is not one of the choices: a forged id is refused.
        self.fields["internships"].queryset = in_faculties(Internship.objects.all(), viewer)
