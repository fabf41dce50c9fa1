"""Forms of the staff side of allocation rounds (alloc-staff)."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.faculties import programmes_of
from accounts.models import Role, User
from core.widgets import DATETIME_INPUT
from internships.models import Period

from .models import Round


class RoundForm(forms.ModelForm):
    programmes = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Programmes in this round"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Round
        fields = [
            "name",
            "period",
            "max_choices",
            "students_from",
            "students_until",
            "hosts_until",
            "offer_deadline",
            "previous",
        ]
        widgets = {
            "students_from": DATETIME_INPUT,
            "students_until": DATETIME_INPUT,
            "hosts_until": DATETIME_INPUT,
            "offer_deadline": DATETIME_INPUT,
        }
        help_texts = {
            "previous": _("For a second round: the round whose unmatched students take part."),
        }

    def __init__(self, *args, viewer, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = programmes_of(viewer).order_by("name")
        self.fields["period"].queryset = Period.objects.order_by("-starts_on")
        previous = rounds.filter(status=Round.Status.PUBLISHED)
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
            self.fields["programmes"].initial = list(
                self.instance.programmes.values_list("pk", flat=True)
            )
        else:
            self.fields["max_choices"].initial = settings.ALLOCATION_MAX_CHOICES
        self.fields["previous"].queryset = previous
        self.fields["previous"].required = False

    def values(self) -> dict:
        return {
            field: self.cleaned_data.get(field)
            for field in self.Meta.fields
            if field in self.cleaned_data
        }

    def _post_clean(self):
        """The service checks the model's rules (dates, programmes) with clear messages."""


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the round cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuotaForm(forms.Form):
    placement = forms.ModelChoiceField(queryset=None, label=_("Placement"))
    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"))
    seats = forms.IntegerField(label=_("At most this many seats"), min_value=0, max_value=9999)

    def __init__(self, *args, placements, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = _placement_label
        self.fields["programme"].queryset = programmes


class PinForm(forms.Form):
    student = forms.CharField(
        label=_("Student"),
        max_length=254,
        help_text=_("Their e-mail address or student number."),
    )
    placement = forms.ModelChoiceField(queryset=None, label=_("Placement"))
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)

    def __init__(self, *args, placements, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = students
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = _placement_label

    def clean_student(self) -> User:
        text = self.cleaned_data["student"].strip()
        student = (
            self.students.filter(
                Q(email__iexact=text) | Q(student_profile__student_number=text), role=Role.STUDENT
            )
            .select_related("student_profile")
            .first()
        )
        if student is None:
            raise forms.ValidationError(_("No student of this round has that e-mail or number."))
        return student


class MatchFilterForm(forms.Form):
    MATCHED = [("", _("Everyone")), ("yes", _("Placed")), ("no", _("Unmatched"))]
    programme = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Programme"), empty_label=_("Any")
    )
    placement = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Placement"), empty_label=_("Any")
    )
    matched = forms.ChoiceField(choices=MATCHED, required=False, label=_("Placed"))

    def __init__(self, *args, programmes, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = _placement_label

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        matched = {"yes": True, "no": False}.get(data.get("matched") or "")
        return {
            "programme": data.get("programme"),
            "placement": data.get("placement"),
            "matched": matched,
        }


def _placement_label(placement) -> str:
    return f"{placement.title} ({placement.organisation.legal_name})"
