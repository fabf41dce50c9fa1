"""The logbook: the student records days and hands them in; the host tutor approves them or
sends one back."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationMembership, User
from core.audit import changes, snapshot
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Internship
from internships.services.assignments import lock_internship
from notifications.services import notify, record_event

from ..models import MAX_HOURS_A_DAY, MIN_HOURS, LogbookEntry

I = Internship.Status  # noqa: E741 (the internship's status, as in the other services)
E = LogbookEntry.Status


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
    record_event(
        entry, by=by, action="logbook_entry_added", new=entry.status, note=_entry_note(entry, {})
    )
    return entry


ENTRY_FIELDS = ("date", "hours", "activities")


def _entry_note(entry, before: dict) -> str:
    after = snapshot(entry, ENTRY_FIELDS)
    after["skills"] = {skill.name for skill in entry.skills.all()}
    return changes(before, after)


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
    before = snapshot(entry, ENTRY_FIELDS)
    before["skills"] = {skill.name for skill in entry.skills.all()}
    entry.date, entry.hours, entry.activities = date, hours, activities.strip()
    entry.save()
    entry.skills.set(skills)
    note = _entry_note(entry, before)
    if note:
        record_event(entry, by=by, action="logbook_entry_edited", note=note)
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
        note_kind="logbook_submitted",
        note_params={"count": count},
    )
    reviewers = _reviewers(internship)
    if reviewers:
        notify(
            reviewers,
            "logbook_submitted",
            by=by,
            url=internship.get_absolute_url() + "logbook/",
            student=internship.student.display_name,
            count=count,
        )
    return count


def _reviewers(internship) -> list:
    """Who approves the entries: the host tutor, or, while the tutor's account is
    deactivated, the host organisation's administrators."""
    tutor = internship.host_tutor
    if tutor is None:
        return []
    if tutor.is_active:
        return [tutor]
    return list(
        User.objects.filter(
            is_active=True,
            membership__organisation_id=internship.organisation_id,
            membership__role=OrganisationMembership.Role.ADMIN,
        )
    )


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
        if not internship.starts_on - timedelta(days=7) <= week_of <= internship.ends_on:
            raise ServiceError(_("Choose a week of the internship."))
        monday = week_of - timedelta(days=week_of.weekday())
        entries = entries.filter(date__gte=monday, date__lte=monday + timedelta(days=6))
    count = _review(entries, by=by, status=E.APPROVED)
    if not count:
        raise ServiceError(_("There are no entries awaiting your approval here."))
    record_event(
        internship,
        by=by,
        action="logbook_approved",
        note_kind="logbook_approved",
        note_params={"count": count},
    )
    notify(
        [internship.student],
        "logbook_approved",
        by=by,
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
    record_event(
        entry,
        by=by,
        action="logbook_entry_returned",
        old=E.SUBMITTED,
        new=E.RETURNED,
        note=entry.review_comment,
    )
    notify(
        [internship.student],
        "logbook_returned",
        by=by,
        url=internship.get_absolute_url() + "logbook/",
        date=entry.date,
        comment=comment.strip(),
    )
    return entry
