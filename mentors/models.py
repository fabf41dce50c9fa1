"""Mentoring: who guides each intern, the logbook, feedback, evaluations and the result.

The mentor profile itself lives in accounts, beside the other profiles; the Internship in
internships. These models hang off the internship.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MIN_HOURS = Decimal("0.5")
MAX_HOURS_A_DAY = Decimal("12")


class LogbookEntry(models.Model):
    """One day's work as the student records it; the host tutor approves or returns it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    EDITABLE = ("draft", "returned")

    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.PROTECT, related_name="logbook"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS_A_DAY)],
    )
    activities = models.TextField(_("activities"), max_length=4000)
    skills = models.ManyToManyField(
        "accounts.Skill", blank=True, related_name="+", verbose_name=_("skills practised")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("tutor's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["internship", "date"]),
            # Covers the approved hours of each internship (progress, "behind schedule"):
            # summed from the index alone, without reading the rows.
            models.Index(
                fields=["internship", "status", "date", "hours"], name="logbook_progress_idx"
            ),
            models.Index(fields=["status", "internship"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=MIN_HOURS, hours__lte=MAX_HOURS_A_DAY),
                name="logbook_hours_between_half_and_twelve",
            ),
        ]

    def __str__(self):
        return f"{self.date}: {self.hours} h"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


class FeedbackNote(models.Model):
    """A mentor's note to the intern (or to staff only); the student may reply."""

    class Visibility(models.TextChoices):
        STUDENT = "student", _("The student and staff")
        STAFF = "staff", _("Staff only")

    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.PROTECT, related_name="feedback"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=5000)
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.STUDENT
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback note")
        verbose_name_plural = _("feedback notes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["internship", "created_at"])]

    def __str__(self):
        return self.body[:60]


class Competency(models.Model):
    """One line of the evaluation rubric; staff edit the rubric, never delete a line."""

    name = models.CharField(_("name (English)"), max_length=120, unique=True)
    name_ro = models.CharField(_("name (Romanian)"), max_length=120, blank=True)
    description = models.CharField(_("what it means"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["position", "pk"]

    def __str__(self):
        if self.name_ro and (get_language() or "").startswith("ro"):
            return self.name_ro
        return self.name


class Evaluation(models.Model):
    """Mid-term and final (host tutor), self-evaluation (student), rating of the host.

    A submitted evaluation is locked; staff can reopen it with a reason.
    """

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term evaluation")
        FINAL = "final", _("Final evaluation")
        SELF = "self", _("Self-evaluation")
        HOST_RATING = "host_rating", _("Rating of the host")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    RUBRIC_KINDS = ("midterm", "final", "self")

    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.PROTECT, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    comment = models.TextField(_("overall comment"), max_length=5000, blank=True)
    task_relevance = models.PositiveSmallIntegerField(
        _("relevance of the tasks"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    mentoring_quality = models.PositiveSmallIntegerField(
        _("quality of the mentoring"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    would_recommend = models.BooleanField(_("would recommend the host"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "kind"], name="one_evaluation_of_each_kind"
            ),
            models.CheckConstraint(
                condition=(
                    Q(task_relevance__isnull=True) | Q(task_relevance__gte=1, task_relevance__lte=5)
                )
                & (
                    Q(mentoring_quality__isnull=True)
                    | Q(mentoring_quality__gte=1, mentoring_quality__lte=5)
                ),
                name="evaluation_ratings_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.internship}"

    @property
    def is_locked(self):
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        ordering = ["competency__position", "competency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "competency"], name="one_score_per_competency"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.competency}: {self.score}"


class AcademicResult(models.Model):
    """The academic supervisor's final word: grade, pass or fail, credits."""

    internship = models.OneToOneField(
        "internships.Internship", on_delete=models.PROTECT, related_name="result"
    )
    grade = models.PositiveSmallIntegerField(
        _("grade (1-10)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    passed = models.BooleanField(_("passed"))
    credits = models.PositiveSmallIntegerField(_("credits"))
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("academic result")
        verbose_name_plural = _("academic results")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=10), name="result_grade_1_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.internship}: {self.grade}"
