"""Closing a placement, and what it does to the applications still open on it."""

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from accounts.rules import is_university_staff
from core.permissions import ensure
from notifications.notes import render
from notifications.services import notify, transition

from ..models import Application, Placement
from . import applications
from .applications import MOVES as APPLICATION_MOVES
from .applications import student_url
from .placements import MOVES as PLACEMENT_MOVES
from .placements import members_of, public_pages_changed

log = logging.getLogger(__name__)


def end_open_applications(placement, *, by, reason: str = "", reason_kind: str = "") -> int:
    """Every application still open on the placement ends as “placement closed”, with the
    reason on its timeline (what a person wrote, else the platform's note of `reason_kind`),
    and its applicant is told, in their language. The caller holds the placement's row lock;
    the applications are locked after it (by id, so two callers queue in one order)."""
    reason = reason.strip()
    waiting = (
        placement.applications.select_for_update(of=("self",))
        .filter(status__in=Application.OPEN_STATUSES)
        .select_related("student")
        .order_by("pk")
    )
    ended = 0
    for application in waiting:
        applications.transition(
            application,
            moves=APPLICATION_MOVES,
            to=Application.Status.CLOSED,
            by=by,
            action="placement_closed",
            note=reason,
            note_kind="" if reason else reason_kind,
        )
        with translation.override(application.student.reads):
            told = reason or render(reason_kind, {})
        notify(
            [application.student],
            "application_closed",
            url=student_url(application),
            placement=placement.title,
            reason=told,
        )
        ended += 1
    return ended


@transaction.atomic
def close_placement(*, placement, by, note: str = "") -> Placement:
    """The organisation or the internship office closes a published placement: it takes no
    more applications, and every application still open on it ends, its applicant told why."""
    ensure(by, "internships.close_placement", placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    by_staff = is_university_staff(by)
    transition(
        placement,
        moves=PLACEMENT_MOVES,
        to=Placement.Status.CLOSED,
        by=by,
        action="closed",
        note=note,
    )
    public_pages_changed()
    reason_kind = "closed_by_office" if by_staff else "closed_by_organisation"
    end_open_applications(placement, by=by, reason=note, reason_kind=reason_kind)
    if by_staff:
        for member in members_of(placement.organisation):  # each told in their language
            with translation.override(member.reads):
                reason = note.strip() or render("closed_by_office", {})
            notify(
                [member],
                "placement_closed",
                url=placement.get_absolute_url(),
                placement=placement.title,
                reason=reason,
            )
    return placement


def close_placements_past_deadline(*, today=None) -> int:
    """Published placements whose application deadline has passed are closed, each in its
    own transaction, with an event on its timeline, and its organisation is told. One with
    applications still open stays published until the organisation has answered them all
    (closing it would end them: after the deadline the organisation still chooses), and is
    closed by the first run after that. Safe to run as often as cron likes."""
    today = today or timezone.localdate()
    due = (
        Placement.objects.published()
        .filter(deadline__lt=today)
        .exclude(applications__status__in=Application.OPEN_STATUSES)
        .values_list("pk", flat=True)
    )
    closed = 0
    for pk in list(due):
        try:
            closed += _close_past_deadline(pk, today=today)
        except DatabaseError:
            log.exception("Placement %s not closed; the next run tries again.", pk)
    if closed:
        public_pages_changed()
    return closed


@transaction.atomic
def _close_past_deadline(pk: int, *, today) -> int:
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=pk, status=Placement.Status.PUBLISHED, deadline__lt=today)
        .exclude(applications__status__in=Application.OPEN_STATUSES)
        .first()
    )
    if placement is None:
        return 0  # closed, reopened or applied to meanwhile
    transition(
        placement,
        moves=PLACEMENT_MOVES,
        to=Placement.Status.CLOSED,
        by=None,
        action="closed",
        note_kind="deadline_passed",
    )
    notify(
        members_of(placement.organisation),
        "placement_deadline_passed",
        url=placement.get_absolute_url(),
        placement=placement.title,
        deadline=placement.deadline.isoformat(),
    )
    return 1
