"""Every change to an internship's mentoring goes through here: assignment, logbook,
feedback, evaluations, the academic result, completion and termination."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Internship
from internships.services.assignments import lock_internship
from notifications.services import notify, record_event, transition

from .models import (
    MAX_HOURS_A_DAY,
    MIN_HOURS,
    AcademicResult,
    Competency,
    Evaluation,
    FeedbackNote,
    LogbookEntry,
    Score,
)

I = Internship.Status  # noqa: E741 (the internship's status, as in the other services)
INTERNSHIP_MOVES = {
    I.PLANNED: {I.ACTIVE, I.TERMINATED},
    I.ACTIVE: {I.COMPLETED, I.TERMINATED},
}
E = LogbookEntry.Status


def _people(internship, *, staff=True):
    """Those an internship's steps concern: the intern, both mentors and (optionally) staff."""
    people = [internship.student]
    people += [u for u in (internship.host_tutor, internship.academic_supervisor) if u]
    if staff:
        people += list(User.objects.filter(role=Role.STAFF, is_active=True))
    return people


# Lifecycle -------------------------------------------------------------------------------


@transaction.atomic
def start_internship(*, internship, by) -> Internship:
    """A planned internship becomes active: the logbook opens."""
    ensure(by, "mentors.start_internship", internship)
    internship = lock_internship(internship)
    transition(internship, moves=INTERNSHIP_MOVES, to=I.ACTIVE, by=by, action="started")
    notify(
        _people(internship, staff=False),
        "internship_started",
        url=internship.get_absolute_url(),
        student=internship.student.get_full_name(),
    )
    return internship


def start_due_internships(*, today=None) -> int:
    """Planned internships whose start date has come become active (cron or task)."""
    today = today or timezone.localdate()
    started = 0
    for pk in list(
        Internship.objects.filter(status=I.PLANNED, starts_on__lte=today).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            internship = lock_internship(Internship(pk=pk))
            if internship.status != I.PLANNED:
                continue
            transition(internship, moves=INTERNSHIP_MOVES, to=I.ACTIVE, by=None, action="started")
            notify(
                _people(internship, staff=False),
                "internship_started",
                url=internship.get_absolute_url(),
                student=internship.student.get_full_name(),
            )
            started += 1
    return started


def approved_hours(internship) -> Decimal:
    total = internship.logbook.filter(status=E.APPROVED).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


@transaction.atomic
def complete_internship(*, internship, by, note: str = "") -> Internship:
    """Complete when the approved hours reach the requirement and the final evaluation is in."""
    ensure(by, "mentors.complete_internship", internship)
    internship = lock_internship(internship)
    hours = approved_hours(internship)
    if hours < internship.required_hours:
        raise ServiceError(
            _("The approved hours (%(hours)s) have not reached the %(required)d required.")
            % {"hours": hours, "required": internship.required_hours}
        )
    if not internship.evaluations.filter(
        kind=Evaluation.Kind.FINAL, status=Evaluation.Status.SUBMITTED
    ).exists():
        raise ServiceError(_("The host tutor's final evaluation is not in yet."))
    internship.completed_at = timezone.now()
    transition(
        internship,
        moves=INTERNSHIP_MOVES,
        to=I.COMPLETED,
        by=by,
        action="completed",
        note=note,
        fields=["completed_at"],
    )
    notify(
        _people(internship),
        "internship_completed",
        url=internship.get_absolute_url(),
        student=internship.student.get_full_name(),
    )
    return internship


@transaction.atomic
def terminate_internship(*, internship, by, reason: str) -> Internship:
    """An internship ends early only with a reason; nothing of it is deleted."""
    ensure(by, "mentors.terminate_internship", internship)
    if not reason.strip():
        raise ServiceError(_("Give the reason for ending the internship early."))
    internship = lock_internship(internship)
    internship.termination_reason = reason.strip()
    transition(
        internship,
        moves=INTERNSHIP_MOVES,
        to=I.TERMINATED,
        by=by,
        action="terminated",
        note=reason,
        fields=["termination_reason"],
    )
    notify(
        _people(internship),
        "internship_terminated",
        url=internship.get_absolute_url(),
        student=internship.student.get_full_name(),
        reason=reason.strip(),
    )
    return internship


# Logbook ---------------------------------------------------------------------------------


def _logbook_open(internship):
    if internship.status != I.ACTIVE:
        raise ServiceError(_("The logbook is open while the internship is active."))


def _check_entry(internship, *, date, hours, exclude_pk=None):
    _logbook_open(internship)
    agreement = getattr(internship, "agreement", None)
    if agreement is None or not agreement.opens_logbook:
        raise ServiceError(
            _(
                "The logbook opens once the student, the host organisation and the university "
                "have confirmed the internship agreement."
            )
        )
    if not (internship.starts_on <= date <= internship.ends_on):
        raise ServiceError(
            _("The date must fall within the internship (%(start)s – %(end)s).")
            % {"start": internship.starts_on, "end": internship.ends_on}
        )
    if date > timezone.localdate():
        raise ServiceError(_("You cannot log hours for a day that has not come yet."))
    if not (MIN_HOURS <= hours <= MAX_HOURS_A_DAY):
        raise ServiceError(_("Hours must be between 0.5 and 12."))
    same_day = internship.logbook.filter(date=date).exclude(pk=exclude_pk).aggregate(
        total=Sum("hours")
    )["total"] or Decimal("0")
    if same_day + hours > MAX_HOURS_A_DAY:
        raise ServiceError(
            _("That day already has %(logged)s hours: at most 12 hours can be logged a day.")
            % {"logged": same_day}
        )


@transaction.atomic
def add_entry(*, internship, by, date, hours, activities: str, skills=()) -> LogbookEntry:
    """The student records a day: a date within the internship, 0.5-12 hours, at most 12
    hours in one day across entries."""
    ensure(by, "mentors.keep_logbook", internship)
    internship = lock_internship(internship)
    hours = Decimal(str(hours))
    _check_entry(internship, date=date, hours=hours)
    if not activities.strip():
        raise ServiceError(_("Describe what you did that day."))
    entry = LogbookEntry.objects.create(
        internship=internship, date=date, hours=hours, activities=activities.strip()
    )
    entry.skills.set(skills)
    return entry


@transaction.atomic
def update_entry(*, entry, by, date, hours, activities: str, skills=()) -> LogbookEntry:
    """Drafts and returned entries can change; a submitted or approved one cannot."""
    ensure(by, "mentors.keep_logbook", entry.internship)
    internship = lock_internship(entry.internship)
    entry = LogbookEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_editable:
        raise ServiceError(
            _("This entry is %(status)s: it can no longer be changed.")
            % {"status": entry.get_status_display().lower()}
        )
    hours = Decimal(str(hours))
    _check_entry(internship, date=date, hours=hours, exclude_pk=entry.pk)
    if not activities.strip():
        raise ServiceError(_("Describe what you did that day."))
    entry.date, entry.hours, entry.activities = date, hours, activities.strip()
    entry.save()
    entry.skills.set(skills)
    return entry


@transaction.atomic
def submit_entries(*, internship, by) -> int:
    """The student hands every draft and returned entry to the host tutor."""
    ensure(by, "mentors.keep_logbook", internship)
    internship = lock_internship(internship)
    _logbook_open(internship)
    entries = internship.logbook.select_for_update().filter(status__in=LogbookEntry.EDITABLE)
    count = entries.update(
        status=E.SUBMITTED, submitted_at=timezone.now(), updated_at=timezone.now()
    )
    if not count:
        raise ServiceError(_("There is nothing to submit: every entry is already with your tutor."))
    record_event(
        internship,
        by=by,
        action="logbook_submitted",
        note=_("%(count)d logbook entries submitted.") % {"count": count},
    )
    if internship.host_tutor:
        notify(
            [internship.host_tutor],
            "logbook_submitted",
            url=internship.get_absolute_url() + "logbook/",
            student=internship.student.get_full_name(),
            count=count,
        )
    return count


def _review(entries, *, by, status, comment=""):
    now = timezone.now()
    return entries.update(
        status=status,
        review_comment=comment.strip(),
        reviewed_by=by,
        reviewed_at=now,
        updated_at=now,
    )


@transaction.atomic
def approve_entries(*, internship, by, entry_ids=None, week_of=None) -> int:
    """The host tutor approves submitted entries: chosen ones, or a whole week at once.
    An approved entry is locked."""
    ensure(by, "mentors.review_logbook", internship)
    internship = lock_internship(internship)
    _logbook_open(internship)
    entries = internship.logbook.select_for_update().filter(status=E.SUBMITTED)
    if entry_ids is not None:
        entries = entries.filter(pk__in=list(entry_ids))
    if week_of is not None:
        monday = week_of - timedelta(days=week_of.weekday())
        entries = entries.filter(date__gte=monday, date__lte=monday + timedelta(days=6))
    count = _review(entries, by=by, status=E.APPROVED)
    if not count:
        raise ServiceError(_("There are no entries awaiting your approval here."))
    record_event(
        internship,
        by=by,
        action="logbook_approved",
        note=_("%(count)d logbook entries approved.") % {"count": count},
    )
    notify(
        [internship.student],
        "logbook_approved",
        url=internship.get_absolute_url() + "logbook/",
        count=count,
    )
    return count


@transaction.atomic
def return_entry(*, entry, by, comment: str) -> LogbookEntry:
    """The host tutor sends an entry back with a comment; the student corrects it."""
    ensure(by, "mentors.review_logbook", entry.internship)
    if not comment.strip():
        raise ServiceError(_("Say what the student should change."))
    internship = lock_internship(entry.internship)
    _logbook_open(internship)
    entry = LogbookEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != E.SUBMITTED:
        raise ServiceError(_("Only an entry awaiting approval can be returned."))
    _review(LogbookEntry.objects.filter(pk=entry.pk), by=by, status=E.RETURNED, comment=comment)
    entry.refresh_from_db()
    notify(
        [internship.student],
        "logbook_returned",
        url=internship.get_absolute_url() + "logbook/",
        date=entry.date,
        comment=comment.strip(),
    )
    return entry


# Feedback --------------------------------------------------------------------------------


@transaction.atomic
def write_feedback(*, internship, by, body: str, visibility: str) -> FeedbackNote:
    """A mentor's note, for the student or for staff only."""
    ensure(by, "mentors.write_feedback", internship)
    if not body.strip():
        raise ServiceError(_("The note is empty."))
    if visibility not in FeedbackNote.Visibility.values:
        raise ServiceError(_("Choose who may read the note."))
    note = FeedbackNote.objects.create(
        internship=internship, author=by, body=body.strip(), visibility=visibility
    )
    if visibility == FeedbackNote.Visibility.STUDENT:
        notify(
            [internship.student],
            "feedback_written",
            url=internship.get_absolute_url(),
            mentor=by.get_full_name(),
        )
    return note


@transaction.atomic
def reply_to_feedback(*, note, by, body: str) -> FeedbackNote:
    """The student answers a note meant for them."""
    internship = note.internship
    ensure(by, "mentors.reply_feedback", internship)
    if note.visibility != FeedbackNote.Visibility.STUDENT or note.reply_to_id:
        raise ServiceError(_("You can only reply to a note addressed to you."))
    if not body.strip():
        raise ServiceError(_("The reply is empty."))
    reply = FeedbackNote.objects.create(
        internship=internship,
        author=by,
        body=body.strip(),
        reply_to=note,
        visibility=FeedbackNote.Visibility.STUDENT,
    )
    notify(
        [note.author],
        "feedback_replied",
        url=internship.get_absolute_url(),
        student=by.get_full_name(),
    )
    return reply


# Evaluations -----------------------------------------------------------------------------

AUTHORS = {
    Evaluation.Kind.MIDTERM: "mentors.evaluate_intern",
    Evaluation.Kind.FINAL: "mentors.evaluate_intern",
    Evaluation.Kind.SELF: "mentors.evaluate_own_internship",
    Evaluation.Kind.HOST_RATING: "mentors.evaluate_own_internship",
}


@transaction.atomic
def save_evaluation(
    *,
    internship,
    kind: str,
    by,
    scores: dict | None = None,
    comment: str = "",
    task_relevance=None,
    mentoring_quality=None,
    would_recommend=None,
    submit: bool = False,
) -> Evaluation:
    """Fill (and optionally submit) an evaluation. Rubric kinds score every active
    competency 1-5; the host rating scores tasks and mentoring 1-5. Submitted = locked."""
    if kind not in AUTHORS:
        raise ServiceError(_("Unknown evaluation."))
    ensure(by, AUTHORS[kind], internship)
    internship = lock_internship(internship)
    if internship.status not in (I.ACTIVE, I.COMPLETED):
        raise ServiceError(_("Evaluations are filled while the internship runs."))
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(
        internship=internship, kind=kind, defaults={"author": by}
    )
    if evaluation.is_locked:
        raise ServiceError(_("This evaluation is submitted and locked. Staff can reopen it."))
    if kind in Evaluation.RUBRIC_KINDS:
        _save_scores(evaluation, scores or {}, complete=submit)
    else:
        for label, value in (
            ("task_relevance", task_relevance),
            ("mentoring_quality", mentoring_quality),
        ):
            if value is not None and not 1 <= int(value) <= 5:
                raise ServiceError(_("Each score is from 1 to 5."))
            setattr(evaluation, label, value)
        if submit and (
            task_relevance is None or mentoring_quality is None or would_recommend is None
        ):
            raise ServiceError(_("Answer every question before submitting."))
        evaluation.would_recommend = would_recommend
    evaluation.comment = comment.strip()
    evaluation.author = by
    if submit:
        evaluation.status = Evaluation.Status.SUBMITTED
        evaluation.submitted_at = timezone.now()
    evaluation.save()
    if submit:
        record_event(internship, by=by, action="evaluation_submitted", new=kind)
        readers = _people(internship)
        if kind == Evaluation.Kind.HOST_RATING:  # the rated host tutor is not told
            readers = [u for u in readers if u.pk != internship.host_tutor_id]
        notify(
            readers,
            "evaluation_submitted",
            url=internship.get_absolute_url(),
            student=internship.student.get_full_name(),
            kind=kind,
        )
    return evaluation


def _save_scores(evaluation, scores: dict, *, complete: bool):
    competencies = {c.pk: c for c in Competency.objects.filter(is_active=True)}
    for competency_id, (score, _comment) in scores.items():
        if int(competency_id) not in competencies:
            raise ServiceError(_("This competency is not in the rubric."))
        if score in (None, ""):
            continue
        if not 1 <= int(score) <= 5:
            raise ServiceError(_("Each score is from 1 to 5."))
    if complete:
        missing = [
            c for pk, c in competencies.items() if scores.get(pk, (None, ""))[0] in (None, "")
        ]
        if missing:
            raise ServiceError(
                _("Score every competency before submitting (missing: %(names)s).")
                % {"names": ", ".join(map(str, missing))}
            )
    for competency_id, (score, comment) in scores.items():
        if score in (None, ""):
            Score.objects.filter(evaluation=evaluation, competency_id=competency_id).delete()
            continue
        Score.objects.update_or_create(
            evaluation=evaluation,
            competency_id=competency_id,
            defaults={"score": int(score), "comment": (comment or "").strip()},
        )


@transaction.atomic
def reopen_evaluation(*, evaluation, by, reason: str) -> Evaluation:
    """Staff unlock a submitted evaluation, saying why; its author can then change it."""
    ensure(by, "mentors.reopen_evaluation", evaluation.internship)
    if not reason.strip():
        raise ServiceError(_("Give the reason for reopening the evaluation."))
    internship = lock_internship(evaluation.internship)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_locked:
        raise ServiceError(_("This evaluation is not submitted."))
    if evaluation.kind == Evaluation.Kind.FINAL and internship.status == I.COMPLETED:
        raise ServiceError(
            _("The internship was completed on this final evaluation: it stays as it is.")
        )
    evaluation.status = Evaluation.Status.DRAFT
    evaluation.submitted_at = None
    evaluation.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        evaluation.internship, by=by, action="evaluation_reopened", new=evaluation.kind, note=reason
    )
    notify(
        [evaluation.author],
        "evaluation_reopened",
        url=evaluation.internship.get_absolute_url(),
        kind=evaluation.kind,
        reason=reason.strip(),
    )
    return evaluation


# Result ----------------------------------------------------------------------------------


@transaction.atomic
def record_result(
    *, internship, by, grade: int, passed: bool, credits: int, comment: str = ""
) -> AcademicResult:
    """The academic supervisor records the grade (1-10), pass or fail and the credits."""
    ensure(by, "mentors.record_result", internship)
    internship = lock_internship(internship)
    if internship.status not in (I.ACTIVE, I.COMPLETED):
        raise ServiceError(_("The result is recorded at the end of a running internship."))
    if not 1 <= int(grade) <= 10:
        raise ServiceError(_("The grade is from 1 to 10."))
    if int(credits) < 0 or int(credits) > 60:
        raise ServiceError(_("Credits are from 0 to 60."))
    result, _created = AcademicResult.objects.update_or_create(
        internship=internship,
        defaults={
            "grade": int(grade),
            "passed": bool(passed),
            "credits": int(credits),
            "comment": comment.strip(),
            "recorded_by": by,
        },
    )
    record_event(
        internship,
        by=by,
        action="result_recorded",
        note=_("Grade %(grade)d, %(outcome)s, %(credits)d credits.")
        % {
            "grade": result.grade,
            "credits": result.credits,
            "outcome": _("passed") if result.passed else _("failed"),
        },
    )
    notify(
        _people(internship),
        "result_recorded",
        url=internship.get_absolute_url(),
        student=internship.student.get_full_name(),
    )
    return result


# Rubric ----------------------------------------------------------------------------------
