from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import in_reader_language


class PeriodQuerySet(models.QuerySet):
    def open_for_postings(self):
        """Periods an organisation can still post placements for: their applications have
        not closed yet (a placement's deadline falls between today and that close)."""
        return self.filter(applications_close_on__gte=timezone.localdate())


class Period(models.Model):
    """An internship period: when students apply, when they work, and how many hours."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ro = models.CharField(_("name (Romanian)"), max_length=120, blank=True)
    starts_on = models.DateField(_("internship starts"))
    ends_on = models.DateField(_("internship ends"))
    applications_open_on = models.DateField(_("applications open"))
    applications_close_on = models.DateField(_("applications close"))
    required_hours = models.PositiveSmallIntegerField(_("required hours"))
    credits = models.PositiveSmallIntegerField(_("credits"), default=0)
    certificate_language = models.CharField(
        _("language of the certificates"),
        max_length=2,
        default="ro",
        choices=[("ro", _("Romanian")), ("en", _("English"))],
    )

    # The calendar of the period (each optional: without it, each internship's own dates
    # give the deadline; see internships.deadlines).
    agreements_due_on = models.DateField(_("agreements due"), null=True, blank=True)
    midterm_evaluation_due_on = models.DateField(
        _("mid-term evaluations due"), null=True, blank=True
    )
    final_evaluation_due_on = models.DateField(
        _("final evaluations and self-evaluations due"), null=True, blank=True
    )
    results_due_on = models.DateField(_("results due"), null=True, blank=True)
    certificates_on = models.DateField(_("certificates issued on"), null=True, blank=True)

    class ProposalReviewer(models.TextChoices):
        STAFF = "staff", _("The internship office")
        SUPERVISOR = "supervisor", _("The academic supervisor the student chose")

    proposals_reviewed_by = models.CharField(
        _("internships students found are approved by"),
        max_length=16,
        choices=ProposalReviewer.choices,
        default=ProposalReviewer.STAFF,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("internship period")
        verbose_name_plural = _("internship periods")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=F("applications_open_on")),
                name="period_application_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(required_hours__gt=0), name="period_required_hours_positive"
            ),
            # The calendar's order (internships.services.periods has the bounds and the
            # messages); each deadline is optional.
            models.CheckConstraint(
                condition=Q(agreements_due_on__isnull=True)
                | Q(
                    agreements_due_on__gte=F("applications_close_on"),
                    agreements_due_on__lte=F("starts_on"),
                ),
                name="period_agreements_due_before_start",
            ),
            models.CheckConstraint(
                condition=Q(midterm_evaluation_due_on__isnull=True)
                | Q(
                    midterm_evaluation_due_on__gt=F("starts_on"),
                    midterm_evaluation_due_on__lt=F("ends_on"),
                ),
                name="period_midterm_during_internship",
            ),
            models.CheckConstraint(
                condition=Q(final_evaluation_due_on__isnull=True)
                | Q(final_evaluation_due_on__gt=F("starts_on")),
                name="period_final_after_start",
            ),
            models.CheckConstraint(
                condition=Q(final_evaluation_due_on__isnull=True)
                | Q(midterm_evaluation_due_on__isnull=True)
                | Q(final_evaluation_due_on__gt=F("midterm_evaluation_due_on")),
                name="period_final_after_midterm",
            ),
            models.CheckConstraint(
                condition=Q(results_due_on__isnull=True)
                | Q(final_evaluation_due_on__isnull=True)
                | Q(results_due_on__gte=F("final_evaluation_due_on")),
                name="period_results_after_final",
            ),
            models.CheckConstraint(
                condition=Q(results_due_on__isnull=True) | Q(results_due_on__gte=F("ends_on")),
                name="period_results_after_end",
            ),
            models.CheckConstraint(
                condition=Q(certificates_on__isnull=True)
                | Q(results_due_on__isnull=True)
                | Q(certificates_on__gte=F("results_due_on")),
                name="period_certificates_after_results",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (English when there is no Romanian)."""
        return in_reader_language(self)

    def name_in(self, language: str) -> str:
        """The period's name in a document's language (English when no translation)."""
        return (self.name_ro if language == "ro" else "") or self.name

    @property
    def is_open_for_applications(self):
        today = timezone.localdate()
        return self.applications_open_on <= today <= self.applications_close_on

    @property
    def is_open_for_postings(self):
        return self.applications_close_on >= timezone.localdate()


class PlacementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Placement.Status.PUBLISHED)

    def open_for_applications(self):
        return self.published().filter(deadline__gte=timezone.localdate())


class Placement(models.Model):
    """An internship offer of a host organisation, vetted by staff before it is public."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    class WorkMode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Remote")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("organisation"),
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="placements", verbose_name=_("period")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    responsibilities = models.TextField(_("responsibilities"), max_length=5000, blank=True)
    learning_outcomes = models.TextField(
        _("what the intern will learn"), max_length=5000, blank=True
    )
    programmes = models.ManyToManyField(
        "accounts.Programme", related_name="placements", verbose_name=_("eligible programmes")
    )
    skills = models.ManyToManyField(
        "accounts.Skill", blank=True, related_name="placements", verbose_name=_("required skills")
    )
    county = models.ForeignKey(
        "accounts.County",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("county"),
    )
    city = models.CharField(_("city"), max_length=100)
    work_mode = models.CharField(
        _("work mode"), max_length=16, choices=WorkMode.choices, default=WorkMode.ON_SITE
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    positions = models.PositiveSmallIntegerField(_("positions"), validators=[MinValueValidator(1)])
    is_paid = models.BooleanField(_("paid"), default=False)
    stipend = models.DecimalField(
        _("monthly stipend (RON)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("application deadline"))
    host_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tutored_placements",
        verbose_name=_("intended host tutor"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("comment from the internship office"), blank=True)
    duplicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["period", "status"]),
            models.Index(fields=["county", "city"]),
            models.Index(fields=["work_mode"]),
            # The staff list, newest first (read backwards for -created_at, -pk).
            models.Index(fields=["created_at", "id"], name="placement_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(positions__gt=0), name="placement_positions_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="placement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=40),
                name="placement_hours_per_week_1_to_40",
            ),
            models.CheckConstraint(
                condition=Q(is_paid=False) | Q(stipend__isnull=False, stipend__gt=0),
                name="placement_paid_has_stipend",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("placement_detail", args=[self.pk])

    @property
    def is_open_for_applications(self):
        return self.status == self.Status.PUBLISHED and self.deadline >= timezone.localdate()


class Application(models.Model):
    """A student's application to a placement, with its own copy of the CV."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        OFFERED = "offered", _("Offer made")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Offer expired")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Placement closed")
        RESCINDED = "rescinded", _("Offer withdrawn by the host")

    OPEN_STATUSES = ("submitted", "in_review", "shortlisted", "interview", "offered")

    placement = models.ForeignKey(
        Placement,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("placement"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("student"),
    )
    cover_letter = models.TextField(_("cover letter"), max_length=5000)
    cv = models.FileField(_("CV"), upload_to="private/applications/%Y/%m/")
    cv_label = models.CharField(_("CV label"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    interview_at = models.DateTimeField(_("interview date and time"), null=True, blank=True)
    interview_location = models.CharField(_("interview place or link"), max_length=300, blank=True)
    offer_deadline = models.DateTimeField(_("respond to the offer by"), null=True, blank=True)
    message_to_student = models.TextField(_("message to the student"), blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["placement", "status"]),
            models.Index(fields=["student", "status"]),
            models.Index(fields=["status", "offer_deadline"]),
            # The staff list: newest or oldest first, or by status then newest.
            models.Index(fields=["created_at", "id"], name="application_created_idx"),
            models.Index(
                fields=["status", "-created_at", "-id"], name="application_status_new_idx"
            ),
            models.Index(
                F("offer_deadline").asc(),  # nulls last: the default of asc
                F("created_at").desc(),
                F("id").desc(),
                name="application_deadline_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "student"], name="one_application_per_student_and_placement"
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.placement}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class ScreeningQuestion(models.Model):
    """A question the host asks everyone who applies to a placement (at most
    settings.PLACEMENT_MAX_QUESTIONS), answered in at most `max_length` characters."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="questions", verbose_name=_("placement")
    )
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=True)
    max_length = models.PositiveSmallIntegerField(
        _("longest answer (characters)"),
        default=500,
        validators=[MinValueValidator(20), MaxValueValidator(3000)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_length__gte=20, max_length__lte=3000),
                name="screening_answer_length_20_to_3000",
            ),
        ]

    def __str__(self):
        return self.text


class ScreeningAnswer(models.Model):
    """A student's answer to a screening question, kept with the application; the question's
    text is copied so a later edit of the placement does not change what was answered."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        ScreeningQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question_text = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.question_text


class ApplicationNote(models.Model):
    """A private note of the organisation's members on an applicant; students never see it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note on an application")
        verbose_name_plural = _("notes on applications")
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]


class Internship(models.Model):
    """An internship: made when a student accepts an offer, when staff approve a placement the
    student found (a proposal), or when staff record one signed on paper.

    It carries its own terms (title, place, hours, activities), copied from the placement or
    the proposal: an amendment changes them here, never on the placement.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    class Source(models.TextChoices):
        OFFER = "offer", _("An accepted offer")
        PROPOSAL = "proposal", _("A placement the student found")
        RECORDED = "recorded", _("Recorded by the internship office")

    WorkMode = Placement.WorkMode

    source = models.CharField(
        _("how it was made"), max_length=16, choices=Source.choices, default=Source.OFFER
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="internship", null=True, blank=True
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="internships"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="internships", null=True, blank=True
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="internships"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="internships")
    host_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tutored_internships",
        verbose_name=_("host tutor"),
    )
    academic_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_internships",
        verbose_name=_("academic supervisor"),
    )
    # The host tutor invited by e-mail (a proposal approved, an internship recorded): the
    # person who makes their account from that address becomes the host tutor.
    tutor_invitation = models.ForeignKey(
        "accounts.Invitation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation of the host tutor"),
    )
    title = models.CharField(_("position"), max_length=200)
    activities = models.TextField(_("activities planned"), max_length=5000, blank=True)
    competences = models.TextField(_("competences to acquire"), max_length=5000, blank=True)
    county = models.ForeignKey(
        "accounts.County",
        on_delete=models.PROTECT,
        related_name="internships",
        verbose_name=_("county"),
        null=True,
        blank=True,
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    place = models.CharField(
        _("place of work"),
        max_length=300,
        blank=True,
        help_text=_("The address where the student works."),
    )
    work_mode = models.CharField(
        _("work mode"), max_length=16, choices=Placement.WorkMode.choices, default="on_site"
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)], default=20
    )
    schedule = models.CharField(
        _("working schedule"),
        max_length=200,
        blank=True,
        help_text=_("For example: Monday to Friday, 9:00 to 13:00."),
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    required_hours = models.PositiveSmallIntegerField(_("required hours"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    termination_reason = models.TextField(_("reason for ending early"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["period", "status"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["host_tutor", "status"]),
            models.Index(fields=["academic_supervisor", "status"]),
            models.Index(fields=["status", "-starts_on"]),
            # Every internships list: latest start first.
            models.Index(fields=["-starts_on", "id"], name="internship_latest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "period"],
                condition=~Q(status="terminated"),
                name="one_internship_per_student_and_period",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="internship_ends_on_or_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(source="offer") | Q(application__isnull=False),
                name="internship_from_offer_has_application",
            ),
        ]

    def __str__(self):
        return f"{self.student} @ {self.organisation}"

    def get_absolute_url(self):
        return reverse("internship_detail", args=[self.pk])

    @property
    def is_running(self):
        return self.status in (self.Status.PLANNED, self.Status.ACTIVE)


class MentorAssignment(models.Model):
    """The history of who mentored an internship: a reassignment ends one row, opens another."""

    class Kind(models.TextChoices):
        HOST_TUTOR = "host_tutor", _("Host tutor")
        SUPERVISOR = "supervisor", _("Academic supervisor")

    internship = models.ForeignKey(Internship, on_delete=models.PROTECT, related_name="assignments")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_assignments"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        db_table = "mentors_mentorassignment"
        ordering = ["assigned_at", "pk"]
        indexes = [models.Index(fields=["internship", "kind", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "kind"],
                condition=Q(ended_at=None),
                name="one_current_mentor_of_each_kind",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} ({self.get_kind_display()})"


class Report(models.Model):
    """A student's report of a suspicious organisation or placement, for staff to look into."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="reports"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField(_("what is wrong"), max_length=3000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report about an organisation")
        verbose_name_plural = _("reports about organisations")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.organisation}: {self.reason[:40]}"


def agreement_scan_to(instance, filename):
    return f"private/agreements/{instance.internship_id}/scan-{timezone.now():%Y%m%d%H%M%S}.pdf"


class Agreement(models.Model):
    """The tripartite agreement: student, host organisation and university each confirm it.

    The logbook opens once all three have confirmed, or staff override with a reason, or
    staff record that it was signed on paper (with the scan).
    """

    internship = models.OneToOneField(
        Internship, on_delete=models.PROTECT, related_name="agreement"
    )
    language = models.CharField(
        _("language of the agreement"),
        max_length=2,
        default="ro",
        choices=[("ro", _("Romanian")), ("en", _("English"))],
        help_text=_("English for a foreign student or host."),
    )
    # The confirmations of the current version (each also a Confirmation row with its digest);
    # a new version clears them.
    student_confirmed_at = models.DateTimeField(null=True, blank=True)
    organisation_confirmed_at = models.DateTimeField(null=True, blank=True)
    organisation_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    university_confirmed_at = models.DateTimeField(null=True, blank=True)
    university_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(_("reason for opening the logbook without it"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    paper_scan = models.FileField(
        _("scan of the signed paper"), upload_to=agreement_scan_to, blank=True
    )
    paper_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paper_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("internship agreement")
        verbose_name_plural = _("internship agreements")

    def __str__(self):
        return f"{_('Agreement')}: {self.internship}"

    @property
    def is_confirmed_by_all(self):
        return bool(
            self.student_confirmed_at
            and self.organisation_confirmed_at
            and self.university_confirmed_at
        )

    @property
    def opens_logbook(self):
        return bool(self.is_confirmed_by_all or self.overridden_at or self.paper_recorded_at)


class Proposal(models.Model):
    """An internship at a host the student found: the student proposes, staff (or the academic
    supervisor the student chose, when the period says so) approve it or return it with a
    comment. Approval makes the Internship, as accepting an offer does.

    The host is an existing organisation, or a new one described here (it is created, awaiting
    verification, when the proposal is approved).
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = ("submitted", "returned")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("period")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
        verbose_name=_("host organisation"),
    )
    # A new host, when `organisation` is empty.
    org_legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    org_registration_number = models.CharField(
        _("registration number (CUI)"), max_length=12, blank=True
    )
    org_county = models.ForeignKey(
        "accounts.County",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("county"),
    )
    org_city = models.CharField(_("city"), max_length=100, blank=True)
    org_address = models.CharField(_("address"), max_length=200, blank=True)
    org_sector = models.ForeignKey(
        "accounts.Sector",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sector"),
    )
    org_phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The host's legal representative (new or existing host): invited to confirm.
    legal_representative = models.CharField(_("legal representative"), max_length=150, blank=True)
    legal_representative_function = models.CharField(
        _("function of the legal representative"), max_length=120, blank=True
    )
    legal_representative_email = models.EmailField(
        _("e-mail of the legal representative"), blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # The host tutor.
    tutor_first_name = models.CharField(_("tutor's first name"), max_length=150)
    tutor_last_name = models.CharField(_("tutor's last name"), max_length=150)
    tutor_position = models.CharField(_("tutor's position"), max_length=120)
    tutor_email = models.EmailField(_("tutor's e-mail"))
    tutor_phone = models.CharField(_("tutor's phone"), max_length=32, blank=True)
    # The internship.
    title = models.CharField(_("position"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    schedule = models.CharField(_("working schedule"), max_length=200, blank=True)
    county = models.ForeignKey(
        "accounts.County",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("county of the place of work"),
    )
    city = models.CharField(_("city of the place of work"), max_length=100)
    place = models.CharField(_("address of the place of work"), max_length=300)
    work_mode = models.CharField(
        _("work mode"), max_length=16, choices=Placement.WorkMode.choices, default="on_site"
    )
    activities = models.TextField(_("activities planned"), max_length=5000)
    competences = models.TextField(_("competences to acquire"), max_length=5000, blank=True)
    academic_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_to_review",
        verbose_name=_("academic supervisor"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    review_comment = models.TextField(_("comment of the reviewer"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    internship = models.OneToOneField(
        Internship, on_delete=models.PROTECT, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposed internship")
        verbose_name_plural = _("proposed internships")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["student", "status"]),
            models.Index(fields=["academic_supervisor", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="proposal_ends_on_or_after_start"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(org_legal_name=""),
                name="proposal_names_its_host",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(internship__isnull=False),
                name="approved_proposal_has_internship",
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.host_name}"

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    @property
    def host_name(self) -> str:
        return self.organisation.legal_name if self.organisation_id else self.org_legal_name

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class AgreementText(models.Model):
    """The free articles of the agreement in one language (the rights and obligations of the
    parties, health and safety, confidentiality, amendments, termination), edited by staff.

    Never changed in place: an edit saves a new version, and each agreement version records
    the text it was made with.
    """

    language = models.CharField(
        _("language"), max_length=2, choices=[("ro", _("Romanian")), ("en", _("English"))]
    )
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(
        _("articles"),
        max_length=60000,
        help_text=_(
            "One article a paragraph. A line starting with “## ” is a chapter heading; "
            "a line starting with “- ” is an item of a list."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("articles of the agreement")
        verbose_name_plural = _("articles of the agreement")
        ordering = ["language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "version"], name="one_agreement_text_per_language_and_version"
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()} v{self.version}"


def agreement_version_to(instance, filename):
    return f"private/agreements/{instance.agreement.internship_id}/{filename}"


class AgreementVersion(models.Model):
    """One version of an internship's agreement: the facts it states (a snapshot), the text of
    its articles, and its PDF with the PDF's SHA-256. A change of the facts makes a new
    version; the parties confirm a version, by the digest of the exact PDF they read."""

    agreement = models.ForeignKey("Agreement", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=2)
    facts = models.JSONField(_("facts"), default=dict)
    facts_digest = models.CharField(max_length=64)
    text = models.ForeignKey(
        AgreementText, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=agreement_version_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    signed_pdf = models.FileField(upload_to=agreement_version_to, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="one_agreement_version_per_number"
            ),
        ]

    def __str__(self):
        return f"{self.agreement} v{self.number}"


class Amendment(models.Model):
    """An amendment (act adițional) to an agreement the three parties confirmed: new dates,
    hours, tutor or place, as its own document the three confirm. At most one is pending."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmations")
        CONFIRMED = "confirmed", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agreement = models.ForeignKey("Agreement", on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    changes = models.JSONField(
        _("changes"), default=dict, help_text="{field: [before, after]} of the internship"
    )
    reason = models.TextField(_("reason"), max_length=3000)
    language = models.CharField(_("language"), max_length=2, default="ro")
    pdf = models.FileField(upload_to=agreement_version_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    signed_pdf = models.FileField(upload_to=agreement_version_to, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="one_amendment_per_number"
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="pending"),
                name="one_pending_amendment_per_agreement",
            ),
        ]

    def __str__(self):
        return f"{_('Amendment')} {self.number}: {self.agreement}"

    def get_absolute_url(self):
        return reverse("amendment_detail", args=[self.pk])


class Confirmation(models.Model):
    """One party's confirmation of one agreement version or one amendment, with the SHA-256
    of the exact PDF that party confirmed."""

    class Party(models.TextChoices):
        STUDENT = "student", _("The student")
        ORGANISATION = "organisation", _("The host organisation")
        UNIVERSITY = "university", _("The university")

    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmations",
    )
    amendment = models.ForeignKey(
        Amendment, on_delete=models.PROTECT, null=True, blank=True, related_name="confirmations"
    )
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(_("SHA-256 of the PDF confirmed"), max_length=64)
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["confirmed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(version__isnull=False, amendment__isnull=True)
                | Q(version__isnull=True, amendment__isnull=False),
                name="confirmation_of_a_version_or_an_amendment",
            ),
            models.UniqueConstraint(
                fields=["version", "party"],
                condition=Q(version__isnull=False),
                name="one_confirmation_per_version_and_party",
            ),
            models.UniqueConstraint(
                fields=["amendment", "party"],
                condition=Q(amendment__isnull=False),
                name="one_confirmation_per_amendment_and_party",
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.sha256[:12]}"


class RejectionTemplate(models.Model):
    """A message an organisation saved to send with the applicants it does not select."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="rejection_templates",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    body = models.TextField(_("message to the student"), max_length=5000)
    # Removed from the organisation's list; kept, as the timeline's events point at it.
    is_archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rejection template")
        verbose_name_plural = _("rejection templates")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                condition=Q(is_archived=False),
                name="one_rejection_template_name_per_org",
            ),
        ]

    def __str__(self):
        return self.name


# What students keep while looking (saved placements and searches), in a module of its own.
from .saved import SavedPlacement, SavedSearch, SavedSearchAlert  # noqa: E402, F401
