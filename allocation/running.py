"""The body of an allocation run (allocation.tasks.run_allocation): read the round
(allocation.instance), match (allocation.matching), write one Match per student and the
preview's figures; or, on any error, mark the run failed with no matches."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme

from .models import Match, Run

logger = logging.getLogger(__name__)

BATCH = 1000  # Match rows written per INSERT
PROGRESS_STEPS = 10  # how many times a run writes its progress, at most (besides the end)


def _engine():
    """The two steps a run takes (imported here: the matching module is pure Python, and the
    tests may stand in for it)."""
    from .instance import build_instance
    from .matching import allocate

    return build_instance, allocate


def stale_before(now=None):
    """Runs with no sign of life from their worker since this moment have lost it."""
    now = now or timezone.now()
    return now - timedelta(minutes=settings.ALLOCATION_RUN_STALE_MINUTES)


def stale_runs(now=None):
    """Runs waiting or running whose worker has shown no sign of life for
    ALLOCATION_RUN_STALE_MINUTES (it died, or the task was lost)."""
    before = stale_before(now)
    return Run.objects.filter(
        Q(heartbeat_at__lt=before) | Q(heartbeat_at=None, created_at__lt=before),
        status__in=Run.ACTIVE,
    )


def _claim(run_id: int) -> bool:
    """Queued → running, once: a task delivered twice finds nothing to do the second time.
    A run left running by a worker that died (no heartbeat for the stale time) is taken over
    when its task is delivered again (documents.jobs.recover_tasks)."""
    now = timezone.now()
    return bool(
        Run.objects.filter(
            Q(status=Run.Status.QUEUED)
            | Q(status=Run.Status.RUNNING, heartbeat_at__lt=stale_before(now)),
            pk=run_id,
        ).update(status=Run.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0, error="")
    )


def _progress_writer(run_id: int):
    """A callback for `allocate` that writes the progress (in percent of the proposals the
    matching may make) a few times, not per proposal, with the run's heartbeat."""
    last = {"percent": -1}

    def progress(done: int, total: int) -> None:
        percent = 100 if done >= total else 100 * done // max(1, total)
        if percent >= 100 or percent - last["percent"] >= 100 // PROGRESS_STEPS:
            last["percent"] = percent
            Run.objects.filter(pk=run_id).update(
                progress=min(percent, 100), heartbeat_at=timezone.now()
            )

    return progress


def figures_of(result, instance) -> dict:
    """The preview's figures: placed, unmatched, first choice and top 3 (counts and shares of
    the students), and the same by programme."""
    students = list(result.placement)
    placed = [s for s in students if result.placement[s] is not None]
    first = [s for s in placed if result.choice_rank.get(s) == 1]
    top3 = [s for s in placed if (result.choice_rank.get(s) or 99) <= 3]

    def share(part, whole):
        return round(100 * len(part) / len(whole), 1) if whole else 0.0

    programme_of = getattr(instance, "programme", {}) or {}
    names = dict(
        Programme.objects.filter(pk__in=set(programme_of.values())).values_list("pk", "name")
    )
    by_programme: dict = {}
    for student in students:
        key = programme_of.get(student)
        row = by_programme.setdefault(
            key,
            {
                "programme": key,
                "name": names.get(key, ""),
                "students": 0,
                "placed": 0,
                "first_choice": 0,
                "top3": 0,
            },
        )
        row["students"] += 1
        if result.placement[student] is not None:
            row["placed"] += 1
            rank = result.choice_rank.get(student)
            row["first_choice"] += rank == 1
            row["top3"] += rank is not None and rank <= 3
    return {
        "students": len(students),
        "placed": len(placed),
        "unmatched": len(students) - len(placed),
        "pinned": len(result.pinned),
        "first_choice": len(first),
        "top3": len(top3),
        "first_choice_share": share(first, students),
        "top3_share": share(top3, students),
        "by_programme": sorted(by_programme.values(), key=lambda row: row["name"]),
    }


def execute_run(run_id: int) -> str:
    """Run a queued run to its end: done with its matches and figures, or failed with the
    error (and no matches). Safe to call twice: the second call does nothing."""
    if not _claim(run_id):
        return "skipped"
    run = Run.objects.select_related("round").get(pk=run_id)
    try:
        build_instance, allocate = _engine()
        instance, digest = build_instance(run.round, seed=run.seed)
        total = len(instance.prefs)
        Run.objects.filter(pk=run_id).update(total=total, progress=0, heartbeat_at=timezone.now())
        result = allocate(instance, progress=_progress_writer(run_id))
        figures = figures_of(result, instance)
        with transaction.atomic():
            Match.objects.filter(run_id=run_id).delete()
            Match.objects.bulk_create(
                (
                    Match(
                        run_id=run_id,
                        student_id=student,
                        placement_id=placement,
                        choice_rank=result.choice_rank.get(student),
                        pinned=student in result.pinned,
                        reasons=result.reasons.get(student, []),
                    )
                    for student, placement in result.placement.items()
                ),
                batch_size=BATCH,
            )
            Run.objects.filter(pk=run_id).update(
                status=Run.Status.DONE,
                progress=100,
                total=total,
                heartbeat_at=timezone.now(),
                figures=figures,
                inputs_digest=digest,
                finished_at=timezone.now(),
            )
    except Exception as error:
        logger.exception("Allocation run %s failed", run_id)
        with transaction.atomic():
            Match.objects.filter(run_id=run_id).delete()
            Run.objects.filter(pk=run_id).update(
                status=Run.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now(),
            )
        return "failed"
    return "done"
