"""An internship's lifecycle: it starts (by hand or on its date), completes once the hours
and the final evaluation are in, or ends early with a reason."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.queries import staff_of_student
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Agreement, Internship
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
    """Those an internship's steps concern: the intern, both mentors and (optionally) the
    staff of the intern's faculty and of all faculties."""
    people = [internship.student]
    people += [u for u in (internship.host_tutor, internship.academic_supervisor) if u]
    if staff:
        people += list(staff_of_student(internship.student))
    return people


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def agreement_in_force(agreement) -> bool:
    """Confirmed by the three parties, recorded as signed on paper, or opened by staff."""
    return agreement is not None and agreement.opens_logbook


# What an agreement in force is, for a query of internships.
AGREEMENT_IN_FORCE = (
    Q(
        agreement__student_confirmed_at__isnull=False,
        agreement__organisation_confirmed_at__isnull=False,
        agreement__university_confirmed_at__isnull=False,
    )
    | Q(agreement__overridden_at__isnull=False)
    | Q(agreement__paper_recorded_at__isnull=False)
)


def why_not_startable(internship, agreement, *, today=None) -> str | None:
    """Why a planned internship cannot start now (None when it can): not before its start
    date, and not before its agreement is confirmed. The page shows it instead of the
    button; the service refuses with it."""
    today = today or timezone.localdate()
    if internship.starts_on > today:
        return _("The internship starts on %(date)s: it cannot be started before then.") % {
            "date": _day(internship.starts_on)
        }
    if not agreement_in_force(agreement):
        return _(
            "The internship can start once the student, the host organisation and the "
            "university have confirmed the internship agreement."
        )
    return None


def _agreement_of(internship):
    return Agreement.objects.filter(internship_id=internship.pk).first()


@transaction.atomic
def start_internship(*, internship, by) -> Internship:
    """A planned internship becomes active on or after its start date, once its agreement
    is confirmed: the logbook opens."""
    ensure(by, "mentors.start_internship", internship)
    internship = lock_internship(internship)
    if internship.status == I.PLANNED:
        reason = why_not_startable(internship, _agreement_of(internship))
        if reason:
            raise ServiceError(reason)
    transition(internship, moves=INTERNSHIP_MOVES, to=I.ACTIVE, by=by, action="started")
    notify(
        _people(internship, staff=False),
        "internship_started",
        by=by,
        url=internship.get_absolute_url(),
        student=internship.student.display_name,
    )
    return internship


def start_due_internships(*, today=None) -> int:
    """Planned internships whose start date has come become active (cron or task), those
    whose agreement is confirmed; the others wait for it."""
    today = today or timezone.localdate()
    started = 0
    for pk in list(
        Internship.objects.filter(status=I.PLANNED, starts_on__lte=today)
        .filter(AGREEMENT_IN_FORCE)
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            internship = lock_internship(Internship(pk=pk))
            if internship.status != I.PLANNED or why_not_startable(
                internship, _agreement_of(internship), today=today
            ):
                continue
            transition(internship, moves=INTERNSHIP_MOVES, to=I.ACTIVE, by=None, action="started")
            notify(
                _people(internship, staff=False),
                "internship_started",
                url=internship.get_absolute_url(),
                student=internship.student.display_name,
            )
            started += 1
    return started


def approved_hours(internship) -> Decimal:
    total = internship.logbook.filter(status=E.APPROVED).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


def final_evaluation_submitted(internship) -> bool:
    return internship.evaluations.filter(
        kind=Evaluation.Kind.FINAL, status=Evaluation.Status.SUBMITTED
    ).exists()


def why_final_evaluation_closed(internship, *, hours, today=None) -> str | None:
    """The final evaluation opens in the internship's last FINAL_EVALUATION_WINDOW_DAYS
    days, or earlier once the approved hours reach the requirement; else, why not."""
    today = today or timezone.localdate()
    opens_on = internship.ends_on - timedelta(days=settings.FINAL_EVALUATION_WINDOW_DAYS)
    if today >= opens_on or hours >= internship.required_hours:
        return None
    return _(
        "The final evaluation opens on %(date)s, or earlier once the approved hours reach "
        "the %(required)d required (%(hours)s so far)."
    ) % {"date": _day(opens_on), "required": internship.required_hours, "hours": hours}


def why_not_completable(internship, *, hours, final_submitted: bool) -> str | None:
    """Complete when the approved hours reach the requirement and the final evaluation is
    in; else, why not."""
    if hours < internship.required_hours:
        return _("The approved hours (%(hours)s) have not reached the %(required)d required.") % {
            "hours": hours,
            "required": internship.required_hours,
        }
    if not final_submitted:
        return _("The host tutor's final evaluation is not in yet.")
    return None


@transaction.atomic
def complete_internship(*, internship, by, note: str = "") -> Internship:
    """Complete when the approved hours reach the requirement and the final evaluation is in."""
    ensure(by, "mentors.complete_internship", internship)
    internship = lock_internship(internship)
    reason = why_not_completable(
        internship,
        hours=approved_hours(internship),
        final_submitted=final_evaluation_submitted(internship),
    )
    if reason:
        raise ServiceError(reason)
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
        student=internship.student.display_name,
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
        student=internship.student.display_name,
        reason=reason.strip(),
    )
    return internship
