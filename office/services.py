"""What the office sets up: periods, study programmes and the evaluation rubric."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Programme
from core.audit import changes, snapshot
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Period
from mentors.models import Competency
from notifications.services import record_event


def _record_edit(obj, *, by, before: dict, created: bool, noun: str) -> None:
    """One line per save: created, or which fields changed from what to what."""
    note = changes(before, snapshot(obj, before))
    if created or note:
        record_event(obj, by=by, action=f"{noun}_{'created' if created else 'edited'}", note=note)


@transaction.atomic
def save_period(*, by, period: Period | None = None, data: dict) -> Period:
    """Staff define the internship periods: dates, application window, hours, credits."""
    ensure(by, "internships.moderate")
    period = period or Period()
    created, before = period.pk is None, snapshot(period, data)
    for field, value in data.items():
        setattr(period, field, value)
    if period.ends_on <= period.starts_on:
        raise ServiceError(_("The period must end after it starts."))
    if period.applications_close_on < period.applications_open_on:
        raise ServiceError(_("Applications must close after they open."))
    period.save()
    _record_edit(period, by=by, before=before, created=created, noun="period")
    return period


@transaction.atomic
def save_programme(*, by, programme: Programme | None = None, data: dict) -> Programme:
    ensure(by, "internships.moderate")
    programme = programme or Programme()
    created, before = programme.pk is None, snapshot(programme, data)
    for field, value in data.items():
        setattr(programme, field, value)
    programme.save()
    _record_edit(programme, by=by, before=before, created=created, noun="programme")
    return programme


COMPETENCY_FIELDS = ("name", "name_ro", "description", "position", "is_active")


@transaction.atomic
def save_competency(*, by, competency: Competency | None = None, data: dict) -> Competency:
    """Staff add or change a line of the rubric. Names are unique (whatever the case);
    a line is never deleted: taking it out of use leaves it off new evaluations."""
    ensure(by, "internships.moderate")
    competency = competency or Competency()
    created, before = competency.pk is None, snapshot(competency, COMPETENCY_FIELDS)
    for field in COMPETENCY_FIELDS:
        if field in data:
            value = data[field]
            setattr(competency, field, value.strip() if isinstance(value, str) else value)
    if not competency.name:
        raise ServiceError({"name": _("Give the competency a name.")})
    if competency.position is None or competency.position < 0:
        raise ServiceError({"position": _("The position is a number from 0 up.")})
    taken = Competency.objects.filter(name__iexact=competency.name).exclude(pk=competency.pk)
    if taken.exists():
        raise ServiceError({"name": _("A competency with this name is already in the rubric.")})
    try:
        with transaction.atomic():
            competency.save()
    except IntegrityError as error:
        raise ServiceError(
            {"name": _("A competency with this name is already in the rubric.")}
        ) from error
    _record_edit(competency, by=by, before=before, created=created, noun="competency")
    return competency
