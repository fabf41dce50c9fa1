"""Forms of the host organisations' pages: placements and the applicant pipeline."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import queries as account_queries
from accounts.models import Programme, Skill
from core.forms import CalendarDates, order_names_alphabetically
from core.widgets import DATE_INPUT, DATETIME_INPUT

from ..models import Period, Placement
from ..services.placements import placement_problems, stipend_is_sane


class QuestionForm(forms.Form):
    """One screening question; a row left empty asks nothing."""

    text = forms.CharField(label=_("Question"), max_length=300, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    max_length = forms.IntegerField(
        label=_("Longest answer (characters)"),
        required=False,
        initial=500,
        widget=forms.NumberInput(attrs={"min": 20, "max": 3000}),
    )

    def clean(self):
        cleaned = super().clean()
        length = cleaned.get("max_length")
        if cleaned.get("text", "").strip():
            if length is None:
                cleaned["max_length"] = 500
            elif not 20 <= length <= 3000:
                self.add_error(
                    "max_length", _("Allow between 20 and 3000 characters for an answer.")
                )
        return cleaned


def question_formset(placement=None, data=None):
    """The placement's screening questions and empty rows up to
    settings.PLACEMENT_MAX_QUESTIONS."""
    initial = [
        {"text": q.text, "required": q.required, "max_length": q.max_length}
        for q in (placement.questions.all() if placement is not None else ())
    ]
    limit = settings.PLACEMENT_MAX_QUESTIONS
    formset_class = forms.formset_factory(
        QuestionForm, extra=max(0, limit - len(initial)), max_num=limit, validate_max=True
    )
    return formset_class(data, initial=initial, prefix="questions")


def questions_from(formset) -> list[dict]:
    return [
        {"text": row["text"].strip(), "required": row["required"], "max_length": row["max_length"]}
        for row in formset.cleaned_data
        if row.get("text", "").strip()
    ]


class PlacementForm(CalendarDates, forms.ModelForm):
    """A placement as its organisation writes it; the services save it."""

    programmes = forms.ModelMultipleChoiceField(
        label=_("Eligible programmes"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one study programme.")},
    )
    stipend = forms.CharField(
        label=_("Monthly stipend (RON)"),
        required=False,
        max_length=32,
        help_text=_("Required for a paid placement."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Required skills"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Placement
        fields = [
            "period",
            "title",
            "description",
            "responsibilities",
            "learning_outcomes",
            "programmes",
            "skills",
            "county",
            "city",
            "work_mode",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "positions",
            "is_paid",
            "stipend",
            "deadline",
            "host_tutor",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "deadline": DATE_INPUT,
            "hours_per_week": forms.NumberInput(attrs={"min": 1, "max": 40}),
            "positions": forms.NumberInput(attrs={"min": 1}),
        }
        help_texts = {
            "host_tutor": _("A mentor of your organisation; you can choose later."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = Q(pk__in=self.instance.programmes.all()) if self.instance.pk else Q()
        self.fields["programmes"].queryset = Programme.objects.filter(Q(is_active=True) | chosen)
        self.fields["host_tutor"].queryset = account_queries.host_tutors_of(organisation)
        self.fields["host_tutor"].required = False
        self.fields["host_tutor"].label_from_instance = lambda user: user.display_name
        # Only periods still open for postings are offered; any other is refused on POST.
        self.fields["period"].queryset = Period.objects.open_for_postings()
        order_names_alphabetically(self)
        # Positions and hours: one message of ours for any number out of range.
        for name in ("positions", "hours_per_week"):
            field = self.fields[name]
            field.min_value = field.max_value = None
            field.validators = []
        maximum = settings.PLACEMENT_MAX_POSITIONS
        self.fields["positions"].widget.attrs["max"] = maximum
        self.fields["positions"].help_text = _("At most %(max)d.") % {"max": maximum}
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("county", organisation.county_id)
            self.initial.setdefault("city", organisation.city)

    def clean_stipend(self):
        """Kept as typed: `clean` judges it once, and only for a paid placement."""
        return self.cleaned_data["stipend"]

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if not 1 <= hours <= 40:
            raise forms.ValidationError(_("Hours per week are between 1 and 40."))
        return hours

    def clean(self):
        data = super().clean()
        if data.get("is_paid"):
            data["stipend"] = _parse_stipend(data.get("stipend"))
        else:
            data["stipend"] = None
        for field, message in placement_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


def _parse_stipend(text: str | None) -> Decimal | None:
    """A number as people type it (“1500”, “1 500,50”); None for anything else."""
    text = re.sub(r"\s", "", text or "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if stipend_is_sane(value) else None


class ApplicantForm(CalendarDates, forms.Form):
    """The applicant's page shows several forms: each keeps its own element ids."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class NoteForm(ApplicantForm):
    id_prefix = "note"
    body = forms.CharField(
        label=_("Private note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the members of your organisation read these notes."),
    )


class InterviewForm(ApplicantForm):
    id_prefix = "interview"
    when = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_INPUT)
    location = forms.CharField(label=_("Place or link"), max_length=300)
    note = forms.CharField(
        label=_("Note to the student"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise forms.ValidationError(_("The interview must be in the future."))
        return when


class OfferForm(ApplicantForm):
    id_prefix = "offer"
    deadline = forms.DateTimeField(label=_("Answer by"), widget=DATETIME_INPUT)
    message = forms.CharField(
        label=_("Message to the student"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = timezone.localtime() + timedelta(days=settings.OFFER_RESPONSE_DAYS)
        self.fields["deadline"].initial = default.replace(second=0, microsecond=0)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The answer deadline must be in the future."))
        return deadline


class RejectForm(ApplicantForm):
    id_prefix = "reject"
    message = forms.CharField(
        label=_("Message to the student (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendOfferForm(ApplicantForm):
    id_prefix = "extend"
    deadline = forms.DateTimeField(label=_("New answer deadline"), widget=DATETIME_INPUT)

    def __init__(self, *args, application=None, **kwargs):
        """Shown with the usual answer time added to the current deadline, but no later than
        the placement's first day."""
        super().__init__(*args, **kwargs)
        if application is not None and application.offer_deadline:
            proposed = timezone.localtime(application.offer_deadline) + timedelta(
                days=settings.OFFER_RESPONSE_DAYS
            )
            last = timezone.make_aware(
                datetime.combine(application.placement.starts_on, time(23, 59))
            )
            self.fields["deadline"].initial = min(proposed, last).replace(second=0, microsecond=0)


class RescindOfferForm(ApplicantForm):
    id_prefix = "rescind"
    reason = forms.CharField(
        label=_("Why the offer is withdrawn (the student reads this)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectionTemplateForm(forms.Form):
    """A saved message for the applicants the organisation declines."""

    name = forms.CharField(label=_("Name"), max_length=100)
    body = forms.CharField(
        label=_("Message to the student"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


BULK_MOVES = [
    ("in_review", _("In review")),
    ("shortlisted", _("Shortlisted")),
]


class BulkActionForm(forms.Form):
    """Several applicants of one placement, ticked on the board or the table, and what to
    do with them: move them to a step, or decline them with a saved message."""

    applications = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": _("Select at least one applicant.")},
    )
    action = forms.ChoiceField(choices=[("move", "move"), ("reject", "reject")])
    to = forms.ChoiceField(label=_("Move to"), choices=BULK_MOVES, required=False)
    template = forms.ModelChoiceField(
        label=_("Message"),
        queryset=None,
        required=False,
        empty_label=_("No message"),
    )

    def __init__(self, *args, applications, templates, **kwargs):
        kwargs.setdefault("auto_id", "id_bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["applications"].error_messages["invalid_choice"] = _(
            "One of the applicants selected is not on this list any more. Reload the page."
        )
        self.fields["template"].queryset = templates

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("to"):
            self.add_error("to", _("Choose the step to move them to."))
        return data
