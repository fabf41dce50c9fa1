"""Running a round's allocation: staff start a run, a background job
(allocation.tasks.run_allocation, whose body is allocation.running)."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from notifications.services import record_event

from ..models import Match, Round, Run
from ..running import stale_runs
from ..tasks import run_allocation


def _enqueue(run_id: int) -> None:
    run_allocation.enqueue(run_id)


def _fail_stale_runs(round, *, by) -> None:
    """A run of the round whose worker has shown no sign of life for
    ALLOCATION_RUN_STALE_MINUTES (the worker died, the task was lost) is marked failed, so
    that staff can run the round again; its error says why."""
    error = _(
        "Its worker showed no sign of life for %(minutes)s minutes: the run was stopped when "
        "the allocation was run again."
    ) % {"minutes": settings.ALLOCATION_RUN_STALE_MINUTES}
    for run in stale_runs().filter(round=round).select_for_update():
        Match.objects.filter(run=run).delete()
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.FAILED, error=error, finished_at=timezone.now()
        )
        record_event(round, by=by, action="round_run_stalled", new=str(run.pk))


@transaction.atomic
def start_run(*, round: Round, by) -> Run:
    """Queue a run of the round's allocation with a fresh lottery seed. Only once ranking has
    closed, and one run at a time: a second click while one waits or runs is refused (the
    database's partial unique constraint decides between two clicks at once)."""
    ensure(by, "allocation.manage_rounds")
    round = Round.objects.get(pk=round.pk)
    if round.status != Round.Status.OPEN:
        raise ServiceError(_("Only an open round can be run."))
    if timezone.now() < round.hosts_until:
        raise ServiceError(
            _("Hosts rank until %(when)s: the allocation runs after that.")
            % {"when": timezone.localtime(round.hosts_until).strftime("%Y-%m-%d %H:%M")}
        )
    busy = _(
        "A run of this round is waiting or running already: wait for it to finish. If it "
        "shows no progress for %(minutes)s minutes, its worker has stopped and you may run "
        "the allocation again."
    ) % {"minutes": settings.ALLOCATION_RUN_STALE_MINUTES}
    _fail_stale_runs(round, by=by)
    if Run.objects.filter(round=round, status__in=Run.ACTIVE).exists():
        raise ServiceError(busy)
    try:
        with transaction.atomic():
            run = Run.objects.create(round=round, seed=secrets.randbits(63), started_by=by)
    except IntegrityError as error:
        raise ServiceError(busy) from error
    record_event(round, by=by, action="round_run_started", new=str(run.pk), note=str(run.seed))
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run
