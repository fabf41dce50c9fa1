"""Reads of allocation rounds, scoped to the viewer."""

from django.db.models import QuerySet

from accounts.faculties import faculty_scope
from accounts.models import Programme, Role

from .models import Entry, Match, Round, Run

# --- alloc-publish: publishing, students' results --------------------------------------


def rounds_staff_publish(viewer) -> QuerySet[Round]:
    """The rounds `viewer` (staff) may publish: those whose every programme is in their
    faculties; none for anyone else."""
    if getattr(viewer, "role", None) != Role.STAFF:
        return Round.objects.none()
    scope = faculty_scope(viewer)
    rounds = Round.objects.select_related("period", "published_run")
    if scope is None:
        return rounds
    return rounds.exclude(programmes__in=Programme.objects.exclude(pk__in=scope)).distinct()


def run_to_publish(viewer, *, round_pk, run_pk) -> tuple[Round, Run] | None:
    round = rounds_staff_publish(viewer).filter(pk=round_pk).first()
    run = round and Run.objects.filter(round=round, pk=run_pk).first()
    return (round, run) if run else None


def student_result(viewer, *, round_pk) -> tuple[Round, Match | None] | None:
    """The round and the viewer's own match in its published run (None before publishing);
    None when the viewer took no part in the round: their page is a 404."""
    if getattr(viewer, "role", None) != Role.STUDENT:
        return None
    round = (
        Round.objects.select_related("period")
        .filter(pk=round_pk)
        .exclude(status__in=[Round.Status.DRAFT, Round.Status.CANCELLED])
        .first()
    )
    if round is None:
        return None
    match = None
    if round.status == Round.Status.PUBLISHED:
        match = (
            Match.objects.select_related(
                "placement__organisation", "placement__period", "application"
            )
            .filter(run_id=round.published_run_id, student=viewer)
            .first()
        )
    if match is None and not Entry.objects.filter(round=round, student=viewer).exists():
        return None
    return round, match


# --- end alloc-publish -----------------------------------------------------------------


# --- alloc-publish: why each higher choice went elsewhere -----------------------------


def reasons_of(match) -> list[dict]:
    """For each choice above the one obtained (all when unmatched): its rank, its placement
    (title and organisation, one query) and why, in words, never naming another student."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from internships.models import Placement

    reasons = sorted(match.reasons or [], key=lambda reason: reason.get("rank") or 0)
    placements = Placement.objects.select_related("organisation").in_bulk(
        {reason.get("placement") for reason in reasons}
    )
    rows = []
    for reason in reasons:
        why, count = reason.get("why"), int(reason.get("higher") or 0)
        if why == "full":
            text = ngettext(
                "Full: its %(count)d seat went to a student the host ranked above you.",
                "Full: its %(count)d seats went to students the host ranked above you.",
                count,
            ) % {"count": count}
        elif why == "quota":
            text = _("Its seats for your programme (quota) went to students ranked above you.")
        elif why == "unacceptable":
            text = _("The host did not accept applicants for this placement from your list.")
        else:  # "no_seats", "closed"
            text = _("It had no seats left in this round.")
        rows.append(
            {
                "rank": reason.get("rank"),
                "placement": placements.get(reason.get("placement")),
                "text": text,
            }
        )
    return rows


# --- end alloc-publish -----------------------------------------------------------------
