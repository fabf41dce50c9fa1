"""Forms of the evaluation pages: the rubric, the rating of the host, the academic result,
the reopening of a submitted evaluation and the staff's rubric editor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.results import pass_mark_refusal, pass_mark_text

SCORE_CHOICES = [
    (1, _("1 – Unsatisfactory")),
    (2, _("2 – Below expectations")),
    (3, _("3 – Meets expectations")),
    (4, _("4 – Above expectations")),
    (5, _("5 – Outstanding")),
]
SCORE_OUT_OF_RANGE = _("Each score is from 1 to 5.")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
SUBMIT = "submit"


def _score_field(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": SCORE_OUT_OF_RANGE},
    )


def _yes_no(value: str):
    return {"yes": True, "no": False}.get(value)


class _EvaluationForm(forms.Form):
    """Saved as a draft or submitted, by the button pressed (`action`); a draft may be
    incomplete, a submission may not."""

    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, data=None, *, evaluation=None, **kwargs):
        self.submitting = bool(data) and data.get("action") == SUBMIT
        super().__init__(data, initial=self.initial_from(evaluation), **kwargs)

    def initial_from(self, evaluation) -> dict:
        return {"comment": evaluation.comment} if evaluation else {}

    def require_on_submit(self, names, message):
        if not self.submitting:
            return
        for name in names:
            if name not in self.errors and self.cleaned_data.get(name) in (None, ""):
                self.add_error(name, message)


class RubricEvaluationForm(_EvaluationForm):
    """One 1-5 score and an optional comment for every competency in use."""

    def __init__(self, data=None, *, competencies, evaluation=None, **kwargs):
        self.competencies = list(competencies)
        super().__init__(data, evaluation=evaluation, **kwargs)
        for competency in self.competencies:
            self.fields[f"score_{competency.pk}"] = _score_field(
                str(competency), competency.description
            )
            self.fields[f"comment_{competency.pk}"] = forms.CharField(
                label=_("Comment on “%(competency)s” (optional)") % {"competency": competency},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The overall comment comes after the rubric.
        self.fields["comment"] = self.fields.pop("comment")

    def initial_from(self, evaluation) -> dict:
        initial = super().initial_from(evaluation)
        for score in evaluation.scores.all() if evaluation else ():
            initial[f"score_{score.competency_id}"] = score.score
            initial[f"comment_{score.competency_id}"] = score.comment
        return initial

    @property
    def rows(self):
        """(competency, its score field, its comment field), in the rubric's order."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.competencies]

    def clean(self):
        data = super().clean()
        self.require_on_submit(
            [f"score_{c.pk}" for c in self.competencies],
            _("Choose a score before submitting."),
        )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "scores": {
                c.pk: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.competencies
            },
            "comment": data["comment"],
        }


class HostRatingForm(_EvaluationForm):
    """The intern rates the host: the tasks, the mentoring and whether they recommend it."""

    task_relevance = _score_field(_("Relevance of the tasks"))
    mentoring_quality = _score_field(_("Quality of the mentoring"))
    would_recommend = forms.ChoiceField(
        label=_("Would you recommend this host to other students?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    field_order = ["task_relevance", "mentoring_quality", "would_recommend", "comment"]

    def initial_from(self, evaluation) -> dict:
        if not evaluation:
            return {}
        recommend = {True: "yes", False: "no"}.get(evaluation.would_recommend)
        return {
            **super().initial_from(evaluation),
            "task_relevance": evaluation.task_relevance,
            "mentoring_quality": evaluation.mentoring_quality,
            "would_recommend": recommend,
        }

    def clean(self):
        data = super().clean()
        self.require_on_submit(
            ["task_relevance", "mentoring_quality", "would_recommend"],
            _("Answer this question before submitting."),
        )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "task_relevance": data["task_relevance"],
            "mentoring_quality": data["mentoring_quality"],
            "would_recommend": _yes_no(data["would_recommend"]),
            "comment": data["comment"],
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is told why, and can change the evaluation again."),
        error_messages={"required": _("Give the reason for reopening the evaluation.")},
    )


class ResultForm(forms.Form):
    """The academic supervisor's grade (1-10), pass or fail, and credits."""

    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[("", _("Choose a grade"))] + [(n, str(n)) for n in range(10, 0, -1)],
        coerce=int,
        error_messages={
            "invalid_choice": _("The grade is from 1 to 10."),
            "required": _("Choose a grade from 1 to 10."),
        },
    )
    passed = forms.ChoiceField(
        label=_("Passed"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the student passed.")},
    )
    credits = forms.IntegerField(
        label=_("Credits"),
        min_value=0,
        max_value=60,
        help_text=_("By default, the credits of the internship period."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, data=None, *, result=None, default_credits=0, **kwargs):
        if result:
            initial = {
                "grade": result.grade,
                "passed": "yes" if result.passed else "no",
                "credits": result.credits,
                "comment": result.comment,
            }
        else:
            initial = {"credits": default_credits}
        super().__init__(data, initial=initial, **kwargs)
        self.fields["passed"].help_text = _("A grade below %(mark)s is a fail.") % {
            "mark": pass_mark_text()
        }

    def clean(self):
        data = super().clean()
        grade, passed = data.get("grade"), _yes_no(data.get("passed"))
        if grade is not None and passed is not None:
            refusal = pass_mark_refusal(grade, passed)
            if refusal:
                self.add_error("passed", refusal)
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "grade": data["grade"],
            "passed": _yes_no(data["passed"]),
            "credits": data["credits"],
            "comment": data["comment"],
        }
