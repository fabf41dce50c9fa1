"""An internship's lifecycle: it starts (by hand or on its date), completes once the hours
and the final evaluation are in, or ends early with a reason."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.queries import university_staff
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Internship
from internships.services.assignments import lock_internship
from notifications.services import notify, transition

from ..models import Evaluation, LogbookEntry

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
        people += list(university_staff())
    return people


@transaction.atomic
def start_internship(*, internship, by) -> Internship:
    """A planned internship becomes active: the logbook opens."""
    ensure(by, "mentors.start_internship", internship)
    internship = lock_internship(internship)
    transition(internship, moves=INTERNSHIP_MOVES, to=I.ACTIVE, by=by, action="started")
    notify(
        _people(internship, staff=False),
        "internship_started",
        by=by,
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
        by=by,
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
        by=by,
        url=internship.get_absolute_url(),
        student=internship.student.get_full_name(),
        reason=reason.strip(),
    )
    return internship
