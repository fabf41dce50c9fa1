import logging

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from ..models import Application, Internship, MentorAssignment, Placement
from ..queries import seats_taken
from . import applications
from .agreements import ask_host_to_confirm
from .applications import MOVES, company_url, open_applications_of, student_url
from .assignments import assign_mentor
from .closing import end_open_applications
from .placements import MOVES as PLACEMENT_MOVES
from .placements import members_of, public_pages_changed

A = Application.Status
log = logging.getLogger(__name__)


@transaction.atomic
def accept_offer(*, application, by) -> Internship:
    """The student accepts an offer: one seat, one internship per period.

    The placement row is locked first, so two students accepting the last seat at once
    are served one after the other: the second finds the positions taken.
    """
    ensure(by, "internships.respond_to_offer", application)
    # The student's row first, then the placement's: two offers accepted at once by the same
    # student queue here instead of deadlocking on each other's rows. NO KEY: notifications
    # to other students still pass their foreign-key checks on the user rows.
    User.objects.select_for_update(no_key=True).get(pk=by.pk)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation", "period")
        .get(pk=application.placement_id)
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_offer_can_be_accepted(application, placement=placement, student=by)
    applications.transition(application, moves=MOVES, to=A.ACCEPTED, by=by, action="accepted")
    _lock_what_accepting_ends(application, placement=placement, student=by)
    internship = _create_internship(application, placement=placement, student=by)
    notify(
        members_of(placement.organisation),
        "offer_accepted",
        by=by,
        url=company_url(application),
        student=by.display_name,
        placement=placement.title,
    )
    ask_host_to_confirm(internship, by=by)
    _withdraw_other_applications(application, placement=placement, student=by)
    if _is_full(placement):
        _close_full_placement(placement, by=by)
        end_open_applications(placement, by=by, reason_kind="positions_filled")
        _announce_placement_full(placement)
    return internship


def _lock_what_accepting_ends(application, *, placement, student) -> None:
    """Every application this acceptance will end, locked in one go by id: the student's
    other open applications of the period and, when this takes the last seat, the others
    still open on the placement. Two students taking the last seats of each other's
    placements then queue instead of deadlocking."""
    ending = Q(student=student, placement__period=placement.period)
    if _is_full(placement):
        ending |= Q(placement=placement)
    list(
        Application.objects.select_for_update(of=("self",))
        .filter(ending, status__in=Application.OPEN_STATUSES)
        .exclude(pk=application.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _is_full(placement) -> bool:
    return seats_taken().filter(placement=placement).count() >= placement.positions


def _check_offer_can_be_accepted(application, *, placement, student) -> None:
    """An open offer, before its deadline, with a seat left, to a student with no
    internship yet in the period."""
    if _is_full(placement):  # first: filling it also ended the offers still open on it
        raise ServiceError(_("All positions of this placement have been filled."))
    if application.status == A.RESCINDED:
        raise ServiceError(_("The organisation has withdrawn this offer."))
    if application.status != A.OFFERED:
        raise ServiceError(_("There is no open offer to accept on this application."))
    if application.offer_deadline and application.offer_deadline < timezone.now():
        raise ServiceError(_("This offer has expired."))
    if (
        Internship.objects.filter(student=student, period=placement.period)
        .exclude(status=Internship.Status.TERMINATED)
        .exists()
    ):
        raise ServiceError(_("You already hold an internship in this period."))


def _create_internship(application, *, placement, student) -> Internship:
    """The internship of the accepted application, with the placement's intended tutor."""
    internship = Internship.objects.create(
        application=application,
        student=student,
        placement=placement,
        organisation=placement.organisation,
        period=placement.period,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        required_hours=placement.period.required_hours,
        **terms_of(placement),
    )
    record_event(internship, by=student, action="created", new=internship.status)
    if placement.host_tutor_id:  # the placement's intended tutor opens the history
        assign_mentor(
            internship,
            mentor=placement.host_tutor,
            kind=MentorAssignment.Kind.HOST_TUTOR,
            by=placement.created_by,
        )
    return internship


def terms_of(placement) -> dict:
    """The terms an internship takes from its placement (then its own: amendments change
    them on the internship)."""
    return {
        "title": placement.title,
        "activities": placement.responsibilities,
        "competences": placement.learning_outcomes,
        "county_id": placement.county_id,
        "city": placement.city,
        "work_mode": placement.work_mode,
        "hours_per_week": placement.hours_per_week,
    }


def _withdraw_other_applications(application, *, placement, student) -> None:
    """The student's other open applications of the period are withdrawn (their rows locked
    after the placement's and the accepted application's); each organisation is told."""
    others = (
        open_applications_of(student, placement.period)
        .exclude(pk=application.pk)
        .select_for_update(of=("self",))
        .select_related("placement__organisation")
    )
    for other in others:
        applications.transition(
            other,
            moves=MOVES,
            to=A.WITHDRAWN,
            by=student,
            action="withdrawn",
            note_kind="withdrawn_accepted_elsewhere",
        )
        notify(
            members_of(other.placement.organisation),
            "application_withdrawn",
            url=company_url(other),
            student=student.display_name,
            placement=other.placement.title,
        )


def _close_full_placement(placement, *, by) -> None:
    """A published placement whose last seat is taken leaves the search."""
    if placement.status == Placement.Status.PUBLISHED:
        transition(
            placement,
            moves=PLACEMENT_MOVES,
            to=Placement.Status.CLOSED,
            by=by,
            action="filled",
            note_kind="positions_filled",
        )
        public_pages_changed()  # it left the search: its facet counts change


def _announce_placement_full(placement) -> None:
    """The organisation is told its placement is full (its waiting applicants were told when
    their applications ended)."""
    notify(
        members_of(placement.organisation),
        "placement_full",
        url=placement.get_absolute_url(),
        placement=placement.title,
    )


@transaction.atomic
def decline_offer(*, application, by, note: str = "") -> Application:
    """The student says no; the organisation is told and can offer the seat to another."""
    ensure(by, "internships.respond_to_offer", application)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement__organisation")
        .get(pk=application.pk)
    )
    if application.status != A.OFFERED:
        raise ServiceError(_("There is no open offer to decline on this application."))
    applications.transition(
        application, moves=MOVES, to=A.DECLINED, by=by, action="declined", note=note
    )
    notify(
        members_of(application.placement.organisation),
        "offer_declined",
        by=by,
        url=company_url(application),
        student=by.display_name,
        placement=application.placement.title,
    )
    return application


def expire_offers(*, now=None) -> int:
    """Offers past their deadline expire; safe to run as often as cron likes. Each offer is
    its own transaction: one that fails (a lock wait that ends in a deadlock, say) is logged
    and left for the next run, and the others still expire."""
    now = now or timezone.now()
    expired = 0
    due = Application.objects.filter(status=A.OFFERED, offer_deadline__lt=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        try:
            expired += _expire_offer(pk, now=now)
        except DatabaseError:
            log.exception("Offer of application %s not expired; the next run tries again.", pk)
    return expired


@transaction.atomic
def _expire_offer(pk: int, *, now) -> int:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement__organisation", "student")
        .filter(pk=pk, status=A.OFFERED, offer_deadline__lt=now)
        .first()
    )
    if application is None:
        return 0  # answered or expired meanwhile
    applications.transition(application, moves=MOVES, to=A.EXPIRED, by=None, action="expired")
    notify(
        [application.student],
        "offer_expired",
        url=student_url(application),
        placement=application.placement.title,
    )
    notify(
        members_of(application.placement.organisation),
        "offer_expired",
        url=company_url(application),
        placement=application.placement.title,
    )
    return 1


# The host changes its mind: more time, or no offer after all -----------------------------


def _locked_open_offer(application, *, now) -> tuple[Placement, Application]:
    """The placement's row, then the application's: the order accept_offer takes them in
    (after the student's, which the host never needs), so a host acting on an offer while
    the student answers it queues behind the student or goes first, never deadlocks. Then,
    under the lock, refuses an offer the host can no longer change."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=application.placement_id)
    )
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("student")
        .get(pk=application.pk)
    )
    refusal = _refusal_to_change_offer(application, now=now)
    if refusal:
        raise ServiceError(refusal)
    return placement, application


def _refusal_to_change_offer(application, *, now) -> str:
    """Why the host cannot change this offer now ("" when it can)."""
    if application.status == A.ACCEPTED:
        return _("The student has already accepted this offer.")
    if application.status != A.OFFERED:
        return _("There is no open offer on this application: it is “%(status)s”.") % {
            "status": application.get_status_display()
        }
    if application.offer_deadline and application.offer_deadline < now:
        return _("This offer has expired.")
    return ""


@transaction.atomic
def extend_offer(*, application, by, deadline) -> Application:
    """The host gives the student more time to answer an open offer: a later deadline, on or
    before the day the placement starts."""
    ensure(by, "internships.review_application", application)
    now = timezone.now()
    placement, application = _locked_open_offer(application, now=now)
    current = application.offer_deadline
    if current and deadline <= current:
        raise ServiceError(
            _("The new deadline must be later than the current one, %(deadline)s.")
            % {"deadline": formats.date_format(timezone.localtime(current), "DATETIME_FORMAT")}
        )
    if timezone.localtime(deadline).date() > placement.starts_on:
        raise ServiceError(
            _("The deadline cannot be after the placement starts, on %(date)s.")
            % {"date": formats.date_format(placement.starts_on)}
        )
    application.offer_deadline = deadline
    application.save(update_fields=["offer_deadline", "updated_at"])
    record_event(
        application,
        by=by,
        action="offer_extended",
        note_kind="offer_extended",
        note_params={"deadline": deadline.isoformat()},
    )
    notify(
        [application.student],
        "offer_extended",
        by=by,
        url=student_url(application),
        placement=placement.title,
        deadline=deadline.isoformat(),
    )
    return application


@transaction.atomic
def rescind_offer(*, application, by, reason: str) -> Application:
    """The host withdraws an open offer, saying why; the student is told and the application
    ends as rescinded. A student accepting at the same moment is served first or finds the
    offer gone: the rows are locked as accept_offer locks them."""
    ensure(by, "internships.review_application", application)
    if not reason.strip():
        raise ServiceError(_("Tell the student why the offer is withdrawn."))
    placement, application = _locked_open_offer(application, now=timezone.now())
    application.message_to_student = reason.strip()
    applications.transition(
        application,
        moves=MOVES,
        to=A.RESCINDED,
        by=by,
        action="rescinded",
        note=reason.strip(),
        fields=["message_to_student"],
    )
    notify(
        [application.student],
        "offer_rescinded",
        by=by,
        url=student_url(application),
        placement=placement.title,
        reason=reason.strip(),
    )
    return application
