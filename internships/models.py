from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodQuerySet(models.QuerySet):
    def open_for_postings(self):
        """Periods an organisation can still post placements for: their applications have
        not closed yet (a placement's deadline falls between today and that close)."""
        return self.filter(applications_close_on__gte=timezone.localdate())


class Period(models.Model):
    """An internship period: when students apply, when they work, and how many hours."""

    name = models.CharField(_("name"), max_length=120, unique=True)
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
        ]

    def __str__(self):
        return self.name

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


class ApplicationNote(models.Model):
    """A private note of the organisation's members on an applicant; students never see it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]


class Internship(models.Model):
    """Created when a student accepts an offer; the mentoring issue fleshes it out."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="internship"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="internships"
    )
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="internships")
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
