"""Who is reminded of what, and when: each rule reads the day's state set-based (a fixed
number of queries whatever the number of people) and answers the reminders due that day.

A rule answers `Candidate`s; `reminders.services` sends each candidate once: a reminder is
one per rule, threshold, person and subject, ever. The threshold is what makes a reminder
come again when it should: a new version of the agreement, a new silent spell of the
logbook, the next step before a deadline ("7d", then "1d", then "overdue"), each with the
due date ("7d:2027-05-01"), so that a deadline moved by an amendment or by the period's
calendar reminds again of its new date.

Due dates come from internships.deadlines only. Where a rule narrows its rows in SQL by a
date, that is a coarse pre-filter (never narrower than the deadline can be); the deadline
itself is always `deadlines.for_internship`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role, User
from internships import deadlines
from internships.models import (
    AgreementVersion,
    Application,
    Internship,
    Period,
    Placement,
    Proposal,
)
from mentors.models import AcademicResult, Evaluation, LogbookEntry
from mentors.services.lifecycle import AGREEMENT_IN_FORCE

RUNNING = (Internship.Status.PLANNED, Internship.Status.ACTIVE)


@dataclass(frozen=True)
class Candidate:
    """A reminder due today: to whom, about what (a model and its id), at which threshold."""

    recipient_id: int
    subject_type: type
    subject_id: int
    threshold: str
    due_on: date | None
    params: dict = field(hash=False)
    url: str = ""

    @property
    def key(self) -> tuple:
        return (self.recipient_id, self.subject_type, self.subject_id, self.threshold)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # the notification kind it sends (reminders.notices)
    label: str  # what staff read on the preview page
    audience: str
    candidates: Callable[[date], Iterable[Candidate]]
    overdue_kind: str = ""  # the kind told once the deadline has passed, where it differs

    def kind_of(self, candidate: Candidate) -> str:
        if candidate.threshold.startswith("overdue") and self.overdue_kind:
            return self.overdue_kind
        return self.kind


RULES: dict[str, Rule] = {}


def rule(name: str, *, label, audience, overdue=False):
    def register(function):
        kind = f"reminder_{name}"
        RULES[name] = Rule(
            name, kind, label, audience, function, f"{kind}_overdue" if overdue else ""
        )
        return function

    return register


def step_before(due: date, today: date, days: Iterable[int]) -> str | None:
    """The threshold reached today before `due`: the smallest of `days` at least as far as
    the days left ("7d" with 5 days left, "1d" on the eve and on the day), "overdue" after
    it, None while it is further than every one."""
    left = (due - today).days
    if left < 0:
        return "overdue"
    reached = [d for d in days if left <= d]
    return f"{min(reached)}d" if reached else None


def deadline_step(due: date, today: date, days: Iterable[int]) -> str | None:
    """The threshold of a reminder of `due`: the step reached today and the date itself, so
    that each step of a moved deadline is told again ("7d:2027-05-01", "overdue:…")."""
    step = step_before(due, today, days)
    return f"{step}:{due.isoformat()}" if step else None


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


FIELDS = (
    "pk",
    "period_id",
    "starts_on",
    "ends_on",
    "student_id",
    "host_tutor_id",
    "academic_supervisor_id",
    "organisation__legal_name",
    "student__first_name",
    "student__last_name",
    "student__email",
)


def _running():
    return Internship.objects.filter(status__in=RUNNING)


def _rows(internships, *annotations) -> list[SimpleNamespace]:
    """The internships as light rows, not model instances (a rule may answer thousands),
    each with its period (all periods read once) so that `deadlines.for_internship` reads
    it as it reads an internship."""
    periods = Period.objects.in_bulk()
    rows = []
    for values in internships.order_by().values(*FIELDS, *annotations):
        row = SimpleNamespace(**{name: values[name] for name in (FIELDS[:7] + annotations)})
        row.period = periods[values["period_id"]]
        row.organisation = values["organisation__legal_name"]
        row.student = User(
            first_name=values["student__first_name"],
            last_name=values["student__last_name"],
            email=values["student__email"],
        ).display_name
        rows.append(row)
    return rows


MARK = 2_147_483_647


def _paths(name: str, *rest):
    """reverse() for many ids: the path of one id with each id put in its place (reversing
    thousands of times costs more than the rule's query)."""
    path = reverse(name, args=[MARK, *rest])
    return lambda pk: path.replace(str(MARK), str(pk), 1)


def _submitted(kind: str):
    return Exists(
        Evaluation.objects.filter(
            internship=OuterRef("pk"), kind=kind, status=Evaluation.Status.SUBMITTED
        )
    )


def _iso(day) -> str:
    return day.isoformat() if day else ""


# Students --------------------------------------------------------------------------------


@rule("agreement", label=_("Agreement waiting for the student's confirmation"), audience="student")
def agreement_to_confirm(today: date):
    """The agreement's current version is out and the student has not confirmed it (nor was
    it signed on paper or opened by staff). Once per version: a new one reminds again."""
    latest = AgreementVersion.objects.filter(agreement__internship=OuterRef("pk")).order_by(
        "-number"
    )
    waiting = (
        _running()
        .filter(
            student__is_active=True,
            agreement__student_confirmed_at=None,
            agreement__paper_recorded_at=None,
            agreement__overridden_at=None,
        )
        .annotate(version=Subquery(latest.values("number")[:1]))
        .filter(version__isnull=False)
    )
    page = _paths("internship_detail")
    for internship in _rows(waiting, "version"):
        due = deadlines.for_internship(internship).agreement
        yield Candidate(
            internship.student_id,
            Internship,
            internship.pk,
            f"v{internship.version}",
            due,
            {"organisation": internship.organisation, "due": _iso(due)},
            page(internship.pk),
        )


@rule("logbook_silent", label=_("Logbook silent"), audience="student")
def logbook_silent(today: date):
    """An active internship whose logbook is open has had no entry for
    REMINDER_LOGBOOK_SILENT_DAYS days. Once per silent spell: the threshold is the day of the
    last entry (or the first day), so writing and falling silent again reminds again. The
    silence is measured up to the internship's last day: an internship stays active until
    it is completed, and the days after its end are not days to log."""
    silent_days = timedelta(days=settings.REMINDER_LOGBOOK_SILENT_DAYS)
    cutoff = today - silent_days
    last_entry = LogbookEntry.objects.filter(internship=OuterRef("pk")).order_by("-date")
    silent = (
        _running()
        .filter(AGREEMENT_IN_FORCE, status=Internship.Status.ACTIVE, student__is_active=True)
        .annotate(since=Coalesce(Subquery(last_entry.values("date")[:1]), "starts_on"))
        .filter(since__lte=cutoff)
    )
    page = _paths("logbook")
    for internship in _rows(silent, "since"):
        if internship.ends_on and internship.since > internship.ends_on - silent_days:
            continue
        yield Candidate(
            internship.student_id,
            Internship,
            internship.pk,
            _iso(internship.since),
            None,
            {"organisation": internship.organisation, "since": _iso(internship.since)},
            page(internship.pk),
        )


@rule("self_evaluation", label=_("Self-evaluation due"), audience="student", overdue=True)
def self_evaluation_due(today: date):
    """The self-evaluation is due within REMINDER_SELF_EVALUATION_DAYS days, or overdue, and
    not submitted: once before its due date, once after."""
    days = settings.REMINDER_SELF_EVALUATION_DAYS
    horizon = today + timedelta(days=days)
    due_soon = (
        _running()
        .filter(student__is_active=True)
        .filter(
            Q(period__final_evaluation_due_on__lte=horizon)
            | Q(period__final_evaluation_due_on=None, ends_on__lte=horizon)
        )
        .exclude(_submitted(Evaluation.Kind.SELF))
    )
    page = _paths("evaluation_form", Evaluation.Kind.SELF)
    for internship in _rows(due_soon):
        due = deadlines.for_internship(internship).self_evaluation
        threshold = deadline_step(due, today, [days])
        if threshold:
            yield Candidate(
                internship.student_id,
                Internship,
                internship.pk,
                threshold,
                due,
                {"organisation": internship.organisation, "due": _iso(due)},
                page(internship.pk),
            )


# Host tutors -----------------------------------------------------------------------------


@rule("entries_waiting", label=_("Logbook entries waiting for approval"), audience="host tutor")
def entries_waiting(today: date):
    """Entries submitted REMINDER_ENTRIES_WAITING_DAYS days ago or more still wait for the
    host tutor. The threshold is the day the oldest waiting entry was submitted: once per
    backlog."""
    cutoff = start_of(today - timedelta(days=settings.REMINDER_ENTRIES_WAITING_DAYS))
    oldest = LogbookEntry.objects.filter(
        internship=OuterRef("pk"), status=LogbookEntry.Status.SUBMITTED, submitted_at__isnull=False
    ).order_by("submitted_at")
    waiting = (
        _running()
        .filter(host_tutor__is_active=True)
        .annotate(oldest=Subquery(oldest.values("submitted_at")[:1]))
        .filter(oldest__lt=cutoff)
    )
    page = _paths("logbook")
    for internship in _rows(waiting, "oldest"):
        since = timezone.localdate(internship.oldest)
        yield Candidate(
            internship.host_tutor_id,
            Internship,
            internship.pk,
            _iso(since),
            None,
            {"student": internship.student, "since": _iso(since)},
            page(internship.pk),
        )


def _evaluation_due(today: date, kind: str, due_of, prefilter: Callable[[date], Q]):
    days = settings.REMINDER_EVALUATION_DAYS
    horizon = today + timedelta(days=max(days, default=0))
    due_soon = (
        _running().filter(prefilter(horizon), host_tutor__is_active=True).exclude(_submitted(kind))
    )
    page = _paths("evaluation_form", kind)
    for internship in _rows(due_soon):
        due = due_of(deadlines.for_internship(internship))
        threshold = deadline_step(due, today, days)
        if threshold:
            yield Candidate(
                internship.host_tutor_id,
                Internship,
                internship.pk,
                threshold,
                due,
                {"student": internship.student, "due": _iso(due), "kind": kind},
                page(internship.pk),
            )


@rule("midterm_evaluation", label=_("Mid-term evaluation due"), audience="host tutor", overdue=True)
def midterm_evaluation_due(today: date):
    """The mid-term evaluation is due in REMINDER_EVALUATION_DAYS days (7 and 1), or overdue,
    and the host tutor has not submitted it."""
    return _evaluation_due(
        today,
        Evaluation.Kind.MIDTERM,
        lambda due: due.midterm_evaluation,
        # The midpoint is after the start: an internship starting later is not due yet.
        lambda horizon: (
            Q(period__midterm_evaluation_due_on__lte=horizon)
            | Q(period__midterm_evaluation_due_on=None, starts_on__lte=horizon)
        ),
    )


@rule("final_evaluation", label=_("Final evaluation due"), audience="host tutor", overdue=True)
def final_evaluation_due(today: date):
    """The final evaluation is due in REMINDER_EVALUATION_DAYS days, or overdue, and the host
    tutor has not submitted it."""
    return _evaluation_due(
        today,
        Evaluation.Kind.FINAL,
        lambda due: due.final_evaluation,
        lambda horizon: (
            Q(period__final_evaluation_due_on__lte=horizon)
            | Q(period__final_evaluation_due_on=None, ends_on__lte=horizon)
        ),
    )


# Academic supervisors --------------------------------------------------------------------


@rule("result", label=_("Academic result due"), audience="academic supervisor", overdue=True)
def result_due(today: date):
    """The final evaluation is in, the academic result is not, and the result is due within
    REMINDER_RESULT_DAYS days or overdue: once before its due date, once after."""
    days = settings.REMINDER_RESULT_DAYS
    horizon = today + timedelta(days=days)
    due_soon = (
        Internship.objects.filter(
            status__in=(*RUNNING, Internship.Status.COMPLETED),
            academic_supervisor__is_active=True,
        )
        .filter(
            Q(period__results_due_on__lte=horizon)
            | Q(
                period__results_due_on=None,
                ends_on__lte=horizon - timedelta(days=settings.RESULTS_DUE_DAYS),
            )
        )
        .filter(_submitted(Evaluation.Kind.FINAL))
        .exclude(Exists(AcademicResult.objects.filter(internship=OuterRef("pk"))))
    )
    page = _paths("result_form")
    for internship in _rows(due_soon):
        due = deadlines.for_internship(internship).result
        threshold = deadline_step(due, today, [days])
        if threshold:
            yield Candidate(
                internship.academic_supervisor_id,
                Internship,
                internship.pk,
                threshold,
                due,
                {"student": internship.student, "due": _iso(due)},
                page(internship.pk),
            )


# Organisations ---------------------------------------------------------------------------


@rule(
    "applications_unanswered",
    label=_("Applications unanswered"),
    audience="organisation",
)
def applications_unanswered(today: date):
    """Applications still “submitted” REMINDER_APPLICATIONS_UNANSWERED_DAYS days after they
    came: one reminder per placement with how many, to each member of its organisation (they
    all review applications). The threshold is the day the oldest came: once per backlog."""
    days = settings.REMINDER_APPLICATIONS_UNANSWERED_DAYS
    unanswered = Q(
        applications__status=Application.Status.SUBMITTED,
        applications__created_at__lt=start_of(today - timedelta(days=days)),
    )
    placements = list(
        Placement.objects.annotate(
            waiting=Count("applications", filter=unanswered),
            oldest=Min("applications__created_at", filter=unanswered),
        )
        .filter(waiting__gt=0)
        .values("pk", "title", "organisation_id", "waiting", "oldest")
    )
    members: dict[int, list[int]] = {}
    for pk, organisation_id in User.objects.filter(
        role=Role.COMPANY,
        is_active=True,
        membership__organisation_id__in={p["organisation_id"] for p in placements},
    ).values_list("pk", "membership__organisation_id"):
        members.setdefault(organisation_id, []).append(pk)
    pipeline = _paths("pipeline")
    for placement in placements:
        since = timezone.localdate(placement["oldest"])
        for member in members.get(placement["organisation_id"], ()):
            yield Candidate(
                member,
                Placement,
                placement["pk"],
                _iso(since),
                None,
                {"placement": placement["title"], "count": placement["waiting"], "days": days},
                pipeline(placement["pk"]),
            )


# Staff -----------------------------------------------------------------------------------


def _staff_by_scope(student_path: str | None) -> dict[frozenset[int] | None, list[int]]:
    """The active staff, grouped by the programmes they see (None: every programme). A
    queue of organisations' items (`student_path` None) is shared: one group of all. A
    member of staff of faculties without programmes sees an empty queue."""
    staff = User.objects.filter(role=Role.STAFF, is_active=True)
    if student_path is None:
        return {None: list(staff.values_list("pk", flat=True))}
    programmes: dict[int, set[int]] = {}
    every: list[int] = []
    rows = staff.values_list("pk", "all_faculties", "faculties__programmes__pk").order_by("pk")
    for pk, all_faculties, programme in rows:
        if all_faculties:
            if pk not in every:
                every.append(pk)
            continue
        theirs = programmes.setdefault(pk, set())
        if programme is not None:
            theirs.add(programme)
    groups: dict[frozenset[int] | None, list[int]] = {None: every} if every else {}
    for pk, theirs in programmes.items():
        groups.setdefault(frozenset(theirs), []).append(pk)
    return groups


def _queue(
    today: date, model, waiting, since_field: str, params: dict, url: str, student_path=None
):
    """One reminder a day to each member of staff while the queue holds items older than
    REMINDER_QUEUE_DAYS days: about its oldest item, with how many. The threshold is the
    day, so it comes at most once a day and stops when the queue is cleared. A queue of
    students' items (`student_path`, their programme) counts for each member of staff only
    their faculties' items (accounts.faculties): one query per distinct scope."""
    days = settings.REMINDER_QUEUE_DAYS
    old = waiting.filter(**{f"{since_field}__lt": start_of(today - timedelta(days=days))})
    everything = old.aggregate(count=Count("pk"), oldest=Min(since_field))
    if not everything["count"]:
        return
    for scope, staff in _staff_by_scope(student_path).items():
        theirs = old if scope is None else old.filter(**{f"{student_path}__in": scope})
        found = (
            everything
            if scope is None
            else theirs.aggregate(count=Count("pk"), oldest=Min(since_field))
        )
        if not found["count"]:
            continue
        oldest = (
            theirs.filter(**{since_field: found["oldest"]})
            .order_by("pk")
            .values_list("pk", flat=True)[:1]
        )
        subject = list(oldest)
        if not subject:  # the oldest was dealt with between the two reads
            continue
        for member in staff:
            yield Candidate(
                member,
                model,
                subject[0],
                _iso(today),
                None,
                {**params, "count": found["count"], "days": days},
                url,
            )


@rule("placements_awaiting", label=_("Placements awaiting approval"), audience="staff")
def placements_awaiting(today: date):
    return _queue(
        today,
        Placement,
        Placement.objects.filter(status=Placement.Status.SUBMITTED),
        "updated_at",
        {},
        reverse("staff_placement_reviews"),
    )


@rule("organisations_awaiting", label=_("Organisations awaiting vetting"), audience="staff")
def organisations_awaiting(today: date):
    return _queue(
        today,
        Organisation,
        Organisation.objects.filter(status=Organisation.Status.PENDING),
        "created_at",
        {},
        reverse("staff_organisations") + "?status=" + Organisation.Status.PENDING,
    )


@rule("proposals_awaiting", label=_("Proposals awaiting review"), audience="staff")
def proposals_awaiting(today: date):
    # Staff see every proposal awaiting approval of their faculties' students, also those
    # a supervisor is to review.
    return _queue(
        today,
        Proposal,
        Proposal.objects.filter(status=Proposal.Status.SUBMITTED),
        "created_at",
        {},
        reverse("proposal_queue"),
        student_path="student__student_profile__programme",
    )
