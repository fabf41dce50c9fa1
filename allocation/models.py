"""Allocation rounds: students rank placements, hosts rank the students who ranked theirs,
and one run of student-proposing deferred acceptance places everyone at once.

A round belongs to a period and one or more programmes. Its phases follow its dates:
students rank until `students_until`, hosts rank until `hosts_until`, then staff run the
allocation (a background job, `Run`), look at the result (`Match` rows), pin or unpin
students and run again, and publish one run: publishing makes the offers through the
offer flow. Students left unmatched can be taken into a second round (`previous`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Phase(models.TextChoices):
        """Where an open round stands, read from its dates (see `phase`)."""

        DRAFT = "draft", _("Being prepared")
        NOT_YET = "not_yet", _("Ranking not open yet")
        STUDENTS = "students", _("Students rank placements")
        HOSTS = "hosts", _("Hosts rank applicants")
        CLOSED = "closed", _("Ranking closed: ready to run")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("name"), max_length=150)
    period = models.ForeignKey(
        "internships.Period",
        on_delete=models.PROTECT,
        related_name="allocation_rounds",
        verbose_name=_("period"),
    )
    programmes = models.ManyToManyField(
        "accounts.Programme", related_name="allocation_rounds", verbose_name=_("programmes")
    )
    # A second round takes the students the previous round left unmatched.
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most placements a student ranks"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    students_from = models.DateTimeField(_("students rank from"))
    students_until = models.DateTimeField(_("students rank until"))
    hosts_until = models.DateTimeField(_("hosts rank until"))
    offer_deadline = models.DateTimeField(_("students answer the offers by"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_run = models.OneToOneField(
        "Run",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_for",
        verbose_name=_("published result"),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-students_from", "-pk"]
        indexes = [models.Index(fields=["period", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(students_until__gt=F("students_from")),
                name="round_students_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(hosts_until__gte=F("students_until")),
                name="round_hosts_after_students",
            ),
            models.CheckConstraint(
                condition=Q(offer_deadline__gt=F("hosts_until")),
                name="round_offer_deadline_after_ranking",
            ),
        ]

    def __str__(self):
        return self.name

    def phase_at(self, moment) -> str:
        if self.status != self.Status.OPEN:
            return self.status
        if moment < self.students_from:
            return self.Phase.NOT_YET
        if moment < self.students_until:
            return self.Phase.STUDENTS
        if moment < self.hosts_until:
            return self.Phase.HOSTS
        return self.Phase.CLOSED

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def get_phase_display(self) -> str:
        return self.Phase(self.phase).label


class Entry(models.Model):
    """A student taking part in a round, with the CV the hosts read for it."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocation_entries"
    )
    cv = models.FileField(_("CV"), upload_to="private/allocation/%Y/%m/", blank=True)
    cv_label = models.CharField(_("CV label"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="one_entry_per_round")
        ]

    def __str__(self):
        return f"{self.student} in {self.round}"


class Choice(models.Model):
    """One placement a student ranked: rank 1 is the first choice."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="choices")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocation_choices"
    )
    placement = models.ForeignKey(
        "internships.Placement", on_delete=models.PROTECT, related_name="allocation_choices"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("ranked placement")
        verbose_name_plural = _("ranked placements")
        ordering = ["round", "student", "rank"]
        indexes = [models.Index(fields=["round", "placement"])]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "placement"], name="choice_placement_once"
            ),
            models.UniqueConstraint(fields=["round", "student", "rank"], name="choice_rank_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="choice_rank_positive"),
        ]

    def __str__(self):
        return f"{self.student}: {self.rank}. {self.placement}"


class HostList(models.Model):
    """How a host orders the students who ranked one of its placements in a round: by its
    own ranking (`HostRank` rows), or in the order the students ranked the placement."""

    class Order(models.TextChoices):
        RANKED = "ranked", _("In the order we ranked them")
        STUDENT_ORDER = "student_order", _("In the order the students ranked us")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="host_lists")
    placement = models.ForeignKey(
        "internships.Placement", on_delete=models.PROTECT, related_name="allocation_lists"
    )
    order = models.CharField(
        _("take students"), max_length=16, choices=Order.choices, default=Order.RANKED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("host's list")
        verbose_name_plural = _("hosts' lists")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "placement"], name="one_host_list_per_placement"
            )
        ]

    def __str__(self):
        return f"{self.placement} in {self.round}"


class HostRank(models.Model):
    """A host's place for one student on one placement: rank 1 is the host's first choice;
    an unacceptable student has no rank and is never placed there."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="host_ranks")
    placement = models.ForeignKey(
        "internships.Placement", on_delete=models.PROTECT, related_name="allocation_ranks"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocation_host_ranks"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    unacceptable = models.BooleanField(_("not acceptable"), default=False)

    class Meta:
        verbose_name = _("host's rank")
        verbose_name_plural = _("host's ranks")
        ordering = ["round", "placement", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "placement", "student"], name="host_rank_student_once"
            ),
            models.UniqueConstraint(
                fields=["round", "placement", "rank"],
                condition=Q(rank__isnull=False),
                name="host_rank_once",
            ),
            models.CheckConstraint(
                condition=Q(unacceptable=True, rank__isnull=True)
                | Q(unacceptable=False, rank__gte=1),
                name="host_rank_or_unacceptable",
            ),
        ]

    def __str__(self):
        return f"{self.placement}: {self.rank or '-'}. {self.student}"


class Quota(models.Model):
    """At most `seats` of a placement's positions go to students of one programme."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="quotas")
    placement = models.ForeignKey(
        "internships.Placement", on_delete=models.PROTECT, related_name="allocation_quotas"
    )
    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.PROTECT, related_name="allocation_quotas"
    )
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        verbose_name = _("programme quota")
        verbose_name_plural = _("programme quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "placement", "programme"], name="one_quota_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.placement}: {self.seats} for {self.programme}"


class Pin(models.Model):
    """Staff place a student on a placement whatever the matching says; the run takes the
    seat first and matches everyone else around it."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="pins")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocation_pins"
    )
    placement = models.ForeignKey(
        "internships.Placement", on_delete=models.PROTECT, related_name="allocation_pins"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pin")
        verbose_name_plural = _("pins")
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="one_pin_per_student")
        ]

    def __str__(self):
        return f"{self.student} → {self.placement}"


class Run(models.Model):
    """One run of the allocation: a background job that writes its `Match` rows."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    # The lottery that breaks ties is drawn from this seed, so a run can be repeated.
    seed = models.BigIntegerField(_("lottery seed"))
    # `total` is the number of students the run places; `progress` how far the matching
    # has gone, in percent (0 to 100).
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # What the run read (placements, seats, ranks, pins), so publishing can tell whether
    # the result is out of date.
    inputs_digest = models.CharField(max_length=64, blank=True)
    # Figures for the preview: placed, first choice, top 3, unmatched, by programme.
    figures = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the worker last showed it was alive (it claimed the run, or wrote its progress):
    # a run queued or running with no sign of life for ALLOCATION_RUN_STALE_MINUTES has
    # lost its worker, and staff may start another (allocation.services.runs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One run at a time per round: a second click finds this one.
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_run_per_round",
            )
        ]

    def __str__(self):
        return f"{self.round} #{self.pk} ({self.status})"


class Match(models.Model):
    """Where a run placed one student: a placement, or none (unmatched).

    `reasons` explains each choice above the one obtained, without naming anyone:
    a list of {"placement": id, "rank": n, "why": "full" | "quota" | "unacceptable" |
    "no_seats", "higher": n}: "full" when every seat went to students the host ranked
    higher (`higher` says how many, never who), "quota" when the programme's quota there
    went to students of the programme ranked higher, "unacceptable" when the host did not
    accept the student, "no_seats" when the placement had no seat in the run (closed, or
    its seats taken or pinned before).
    """

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="matches")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocation_matches"
    )
    placement = models.ForeignKey(
        "internships.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_matches",
    )
    choice_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    pinned = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)
    # The offer publishing made for this match.
    application = models.OneToOneField(
        "internships.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_match",
    )

    class Meta:
        verbose_name = _("allocation match")
        verbose_name_plural = _("allocation matches")
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="one_match_per_student")
        ]
        indexes = [models.Index(fields=["run", "placement"])]

    def __str__(self):
        return f"{self.student} → {self.placement or '-'}"
