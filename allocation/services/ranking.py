"""Ranking in an allocation round: students rank placements, hosts rank the students who
ranked theirs. Each save replaces the whole list in one transaction, the list's row
locked, so that two tabs saving at once leave one of the two lists whole, never a mix."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import StudentCV
from core.outage import storing
from core.permissions import ensure
from core.services import ServiceError
from internships.services.applications import _stored_cv
from notifications.services import notify_many, record_event

from .. import queries
from ..models import Choice, Entry, HostList, HostRank, Round
from ..rules import refusal_to_take_part


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def refusal_to_rank_placements(round, *, now=None) -> str:
    """Why the round's students may not change their lists now ("" in the students' phase)."""
    now = now or timezone.now()
    phase = round.phase_at(now)
    if phase == Round.Phase.STUDENTS:
        return ""
    if phase == Round.Phase.NOT_YET:
        return _("Ranking opens on %(when)s.") % {"when": _moment(round.students_from)}
    if round.status != Round.Status.OPEN:
        return _("This round is not open.")
    return _("Ranking closed on %(when)s.") % {"when": _moment(round.students_until)}


def refusal_to_rank_applicants(round, *, now=None) -> str:
    """Why hosts may not change their lists now ("" in the hosts' phase)."""
    now = now or timezone.now()
    phase = round.phase_at(now)
    if phase == Round.Phase.HOSTS:
        return ""
    if phase in (Round.Phase.NOT_YET, Round.Phase.STUDENTS):
        return _("Hosts rank applicants from %(when)s, once the students have ranked.") % {
            "when": _moment(round.students_until)
        }
    if round.status != Round.Status.OPEN:
        return _("This round is not open.")
    return _("Ranking closed on %(when)s.") % {"when": _moment(round.hosts_until)}


def _locked_entry(round, student) -> Entry:
    """The student's entry in the round, made the first time, locked until the commit: the
    saves of one student's list are made one after the other."""
    Entry.objects.get_or_create(round=round, student=student)
    return Entry.objects.select_for_update().get(round=round, student=student)


def _chosen_placements(round, student, placement_ids) -> list[int]:
    if len(placement_ids) != len(set(placement_ids)):
        raise ServiceError(_("You ranked the same placement twice: rank each one once."))
    if len(placement_ids) > round.max_choices:
        raise ServiceError(
            ngettext(
                "Rank at most %(count)d placement in this round.",
                "Rank at most %(count)d placements in this round.",
                round.max_choices,
            )
            % {"count": round.max_choices}
        )
    eligible = set(
        queries.eligible_placements(round, student)
        .filter(pk__in=placement_ids)
        .values_list("pk", flat=True)
    )
    if set(placement_ids) - eligible:
        raise ServiceError(
            _(
                "One of the placements you ranked is closed or not open to you in this round. "
                "Remove it and save again."
            )
        )
    return list(placement_ids)


def _copy_cv(entry, cv) -> None:
    """The entry keeps its own copy of the chosen CV, checked again as applications check
    theirs: a later change of the profile's CV does not alter what the hosts read."""
    content = _stored_cv(cv)
    entry.cv_label = cv.label
    with storing(_("Your CV could not be stored just now, so your list was not saved.")):
        entry.cv.save("cv.pdf", ContentFile(content), save=False)


@transaction.atomic
def save_choices(*, round, by, placement_ids: list[int], cv=None) -> Entry:
    """A student of the round's programmes, during the students' phase, replaces their whole
    list: at most `round.max_choices` eligible placements, each once, first choice first,
    and the CV the hosts will read (one of their profile's CVs, copied; their newest when
    none is chosen yet). Two saves at once: the last one wins whole."""
    ensure(by, "allocation.rank_placements")
    refusal = refusal_to_take_part(student=by, round=round) or refusal_to_rank_placements(round)
    if refusal:
        raise ServiceError(refusal)
    placement_ids = _chosen_placements(round, by, [int(pk) for pk in placement_ids])
    if cv is not None and cv.profile.user_id != by.pk:
        raise ServiceError(_("Choose one of your own CVs."))
    entry = _locked_entry(round, by)
    old = list(
        Choice.objects.filter(round=round, student=by)
        .order_by("rank")
        .values_list("placement_id", flat=True)
    )
    if cv is None and not entry.cv and placement_ids:
        cv = StudentCV.objects.filter(profile__user=by).first()
        if cv is None:
            raise ServiceError(
                _("Add a CV to your profile first: the hosts read it with your list.")
            )
    if cv is not None:
        _copy_cv(entry, cv)
    entry.save()
    Choice.objects.filter(round=round, student=by).delete()
    Choice.objects.bulk_create(
        [
            Choice(round=round, student=by, placement_id=pk, rank=rank)
            for rank, pk in enumerate(placement_ids, start=1)
        ]
    )
    # The lists (placement ids, first choice first) in the parameters: a status holds 16
    # characters, not a list of ten ids.
    record_event(
        entry,
        by=by,
        action="ranked_placements",
        note_params={"before": old, "after": placement_ids},
    )
    return entry


def _checked_ranks(round, placement, ranks: dict, unacceptable: set) -> None:
    applicants = set(
        Choice.objects.filter(round=round, placement=placement).values_list("student_id", flat=True)
    )
    if (set(ranks) | set(unacceptable)) - applicants:
        raise ServiceError(
            _("You can rank only the students who ranked this placement in this round.")
        )
    if set(ranks) & set(unacceptable):
        raise ServiceError(_("A student you mark as not acceptable cannot have a rank too."))
    values = list(ranks.values())
    if any(rank < 1 for rank in values):
        raise ServiceError(_("Ranks start at 1."))
    if len(values) != len(set(values)):
        raise ServiceError(_("You gave the same rank to two students: give each a rank once."))


@transaction.atomic
def save_host_list(
    *, round, placement, by, order: str, ranks: dict[int, int], unacceptable=()
) -> HostList:
    """A member of the placement's organisation, during the hosts' phase, replaces the whole
    list of one placement: how to take students (in its own order, or in the order the
    students ranked the placement), its rank of each student who ranked the placement
    (`ranks`: student id -> rank, 1 first, each rank once) and the students it does not
    accept. Two saves at once: the last one wins whole."""
    ensure(by, "allocation.rank_applicants", placement)
    refusal = refusal_to_rank_applicants(round)
    if refusal:
        raise ServiceError(refusal)
    if order not in HostList.Order.values:
        raise ServiceError(_("Choose how to take the students."))
    unacceptable = set(unacceptable)
    _checked_ranks(round, placement, ranks, unacceptable)
    HostList.objects.get_or_create(round=round, placement=placement)
    host_list = HostList.objects.select_for_update().get(round=round, placement=placement)
    old = host_list.order
    host_list.order = order
    host_list.updated_by = by
    host_list.save()
    HostRank.objects.filter(round=round, placement=placement).delete()
    HostRank.objects.bulk_create(
        [
            HostRank(round=round, placement=placement, student_id=student_id, rank=rank)
            for student_id, rank in sorted(ranks.items(), key=lambda item: item[1])
        ]
        + [
            HostRank(round=round, placement=placement, student_id=student_id, unacceptable=True)
            for student_id in sorted(unacceptable)
        ]
    )
    record_event(
        host_list,
        by=by,
        action="ranked_applicants",
        old=old,
        new=order,
        note_params={"ranked": len(ranks), "unacceptable": len(unacceptable)},
    )
    return host_list


# Telling people when a phase begins ---------------------------------------------------------


def _told(round, action: str) -> bool:
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import Event

    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Round), object_id=round.pk, action=action
    ).exists()


@transaction.atomic
def tell_phase_started(*, round_id: int, now=None) -> int:
    """Once per round and phase: when the students' phase has begun, every student who may
    take part is told; when the hosts' phase has begun, the members of each organisation
    whose placements were ranked. The round's row is locked and the telling recorded, so
    that two runs at once, or a run repeated, tell nobody twice. Answers how many were told."""
    round = Round.objects.select_for_update().select_related("period").get(pk=round_id)
    phase = round.phase_at(now or timezone.now())
    if phase == Round.Phase.STUDENTS and not _told(round, "students_told"):
        url = reverse("student_round", args=[round.pk])
        entries = [
            (student_id, "round_open_for_students", _round_params(round), url)
            for student_id in queries.students_of_round(round).values_list("pk", flat=True)
        ]
        notify_many(entries)
        record_event(round, by=None, action="students_told", note_params={"told": len(entries)})
        return len(entries)
    if phase == Round.Phase.HOSTS and not _told(round, "hosts_told"):
        url = reverse("host_round", args=[round.pk])
        members = queries.hosts_of_ranked_placements(round)
        entries = [
            (member_id, "round_open_for_hosts", _round_params(round), url) for member_id in members
        ]
        notify_many(entries)
        record_event(round, by=None, action="hosts_told", note_params={"told": len(entries)})
        return len(entries)
    return 0


def _round_params(round) -> dict:
    return {
        "round": round.name,
        "students_until": round.students_until.isoformat(),
        "hosts_until": round.hosts_until.isoformat(),
    }


def tell_phases_started(now=None) -> int:
    """Each open round whose students' or hosts' phase has begun and not been told yet."""
    now = now or timezone.now()
    told = 0
    for round_id in Round.objects.filter(
        status=Round.Status.OPEN, students_from__lte=now, hosts_until__gt=now
    ).values_list("pk", flat=True):
        told += tell_phase_started(round_id=round_id, now=now)
    return told
