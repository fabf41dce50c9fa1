"""Staff set up allocation rounds: a draft, opening it, cancelling it, quotas and pins."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.faculties import faculty_scope
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import record_event

from .. import queries
from ..models import Pin, Quota, Round

ROUND_FIELDS = (
    "name",
    "period",
    "max_choices",
    "students_from",
    "students_until",
    "hosts_until",
    "offer_deadline",
    "previous",
)


def _check_dates(values: dict) -> None:
    """The phases follow one another: students, then hosts, then the offers' deadline."""
    if values["students_until"] <= values["students_from"]:
        raise ServiceError(_("Students must stop ranking after they start."))
    if values["hosts_until"] < values["students_until"]:
        raise ServiceError(_("Hosts must rank until students have finished, or later."))
    if values["offer_deadline"] <= values["hosts_until"]:
        raise ServiceError(_("The offers' deadline must come after the hosts' ranking closes."))


def _check_programmes(programmes, by) -> None:
    if not programmes:
        raise ServiceError(_("Choose at least one programme."))
    scope = faculty_scope(by)
    if scope is not None and any(programme.pk not in scope for programme in programmes):
        raise ServiceError(_("You may choose only programmes of your faculties."))


def _editable(round) -> None:
    if round.status in (Round.Status.PUBLISHED, Round.Status.CANCELLED):
        raise ServiceError(_("This round is closed: it can no longer be changed."))


@transaction.atomic
def save_round(*, data: dict, programmes, by, round: Round | None = None) -> Round:
    """Create a draft round, or change one still in draft."""
    ensure(by, "allocation.manage_rounds")
    programmes = list(programmes)
    _check_dates(data)
    _check_programmes(programmes, by)
    if round is not None:
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.status != Round.Status.DRAFT:
            raise ServiceError(_("Only a round being prepared can be changed."))
    previous = data.get("previous")
    if previous is not None:
        if round is not None and previous.pk == round.pk:
            raise ServiceError(_("A round cannot follow itself."))
        if previous.status != Round.Status.PUBLISHED:
            raise ServiceError(_("A second round follows a published round."))
    created = round is None
    round = round or Round(created_by=by)
    for field in ROUND_FIELDS:
        if field in data:
            setattr(round, field, data[field])
    round.save()
    round.programmes.set(programmes)
    record_event(round, by=by, action="round_created" if created else "round_changed")
    return round


@transaction.atomic
def open_round(*, round: Round, by) -> Round:
    """Draft → open: its dates in order and still to come, at least one programme, and no
    other open round of the same period sharing a programme."""
    ensure(by, "allocation.manage_rounds")
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != Round.Status.DRAFT:
        raise ServiceError(_("Only a round being prepared can be opened."))
    _check_dates({field: getattr(round, field) for field in ROUND_FIELDS if field != "programmes"})
    # A minute's grace: the form's dates have no seconds.
    if round.students_from < timezone.now() - timedelta(minutes=1):
        raise ServiceError(
            _("Students would start ranking in the past: move the start to now or later.")
        )
    programmes = list(round.programmes.all())
    if not programmes:
        raise ServiceError(_("Choose at least one programme."))
    # Rounds of the period are locked in order, so two rounds opened at once see each other.
    others = list(
        Round.objects.select_for_update()
        .filter(period_id=round.period_id, status=Round.Status.OPEN)
        .exclude(pk=round.pk)
        .order_by("pk")
    )
    clash = Round.programmes.through.objects.filter(
        round__in=others, programme__in=programmes
    ).select_related("round", "programme")
    clash = clash.first()
    if clash is not None:
        raise ServiceError(
            _("Round “%(round)s” of this period is open for %(programme)s already.")
            % {"round": clash.round.name, "programme": clash.programme.name}
        )
    round.status = Round.Status.OPEN
    round.save(update_fields=["status", "updated_at"])
    record_event(round, by=by, action="round_opened", old="draft", new="open")
    return round


@transaction.atomic
def cancel_round(*, round: Round, reason: str, by) -> Round:
    ensure(by, "allocation.manage_rounds")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the round is cancelled."))
    round = Round.objects.select_for_update().get(pk=round.pk)
    _editable(round)
    old = round.status
    round.status = Round.Status.CANCELLED
    round.save(update_fields=["status", "updated_at"])
    record_event(round, by=by, action="round_cancelled", old=old, new=round.status, note=reason)
    return round


# Quotas ------------------------------------------------------------------------------------


@transaction.atomic
def set_quota(*, round: Round, placement, programme, seats: int, by) -> Quota:
    """At most `seats` of the placement's positions for students of `programme`."""
    ensure(by, "allocation.manage_rounds")
    round = Round.objects.select_for_update().get(pk=round.pk)
    _editable(round)
    if not queries.round_placements(round).filter(pk=placement.pk).exists():
        raise ServiceError(_("That placement is not open to this round."))
    if not round.programmes.filter(pk=programme.pk).exists():
        raise ServiceError(_("That programme is not in this round."))
    if seats is None or seats < 0:
        raise ServiceError(_("A quota cannot be below 0."))
    if seats > placement.positions:
        raise ServiceError(
            _("A quota cannot be above the placement's %(positions)s positions.")
            % {"positions": placement.positions}
        )
    quota, _created = Quota.objects.update_or_create(
        round=round, placement=placement, programme=programme, defaults={"seats": seats}
    )
    record_event(
        round,
        by=by,
        action="round_quota_set",
        new=str(seats),
        note=f"{placement.pk}:{programme.pk}",
    )
    return quota


@transaction.atomic
def remove_quota(*, quota: Quota, by) -> None:
    ensure(by, "allocation.manage_rounds")
    round = Round.objects.select_for_update().get(pk=quota.round_id)
    _editable(round)
    Quota.objects.filter(pk=quota.pk).delete()
    record_event(
        round,
        by=by,
        action="round_quota_removed",
        old=str(quota.seats),
        note=f"{quota.placement_id}:{quota.programme_id}",
    )


# Pins --------------------------------------------------------------------------------------


@transaction.atomic
def pin_student(*, round: Round, student, placement, reason: str = "", by) -> Pin:
    """Place `student` on `placement` whatever the matching says (the next run takes the seat
    first). A student already pinned is moved."""
    ensure(by, "allocation.manage_rounds")
    round = Round.objects.select_for_update().get(pk=round.pk)
    _editable(round)
    if not queries.students_in_round(round).filter(pk=student.pk).exists():
        raise ServiceError(
            _("%(student)s does not take part in this round.") % {"student": student.display_name}
        )
    if not queries.round_placements(round).filter(pk=placement.pk).exists():
        raise ServiceError(_("That placement is not open to this round."))
    if queries.free_seats(placement, round, besides_student=student) < 1:
        raise ServiceError(
            _("“%(placement)s” has no free seat left: its positions are taken or pinned.")
            % {"placement": placement.title}
        )
    try:
        with transaction.atomic():
            pin, _created = Pin.objects.update_or_create(
                round=round,
                student=student,
                defaults={"placement": placement, "reason": reason.strip(), "created_by": by},
            )
    except IntegrityError as error:  # the same pin made at once by another click
        raise ServiceError(_("This student was pinned meanwhile: reload the page.")) from error
    record_event(round, by=by, action="round_pinned", new=str(placement.pk), note=reason)
    return pin


@transaction.atomic
def unpin_student(*, pin: Pin, by) -> None:
    ensure(by, "allocation.manage_rounds")
    round = Round.objects.select_for_update().get(pk=pin.round_id)
    _editable(round)
    Pin.objects.filter(pk=pin.pk).delete()
    record_event(round, by=by, action="round_unpinned", old=str(pin.placement_id))
