"""What the office sets up: periods, study programmes and the evaluation rubric."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Programme
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Period
from mentors.models import Competency


@transaction.atomic
def save_period(*, by, period: Period | None = None, data: dict) -> Period:
    """Staff define the internship periods: dates, application window, hours, credits."""
    ensure(by, "internships.moderate")
    period = period or Period()
    for field, value in data.items():
        setattr(period, field, value)
    if period.ends_on <= period.starts_on:
        raise ServiceError(_("The period must end after it starts."))
    if period.applications_close_on < period.applications_open_on:
        raise ServiceError(_("Applications must close after they open."))
    period.save()
    return period


@transaction.atomic
def save_programme(*, by, programme: Programme | None = None, data: dict) -> Programme:
    ensure(by, "internships.moderate")
    programme = programme or Programme()
    for field, value in data.items():
        setattr(programme, field, value)
    programme.save()
    return programme


COMPETENCY_FIELDS = ("name", "name_ro", "description", "position", "is_active")


@transaction.atomic
def save_competency(*, by, competency: Competency | None = None, data: dict) -> Competency:
    """Staff add or change a line of the rubric. Names are unique (whatever the case);
    a line is never deleted: taking it out of use leaves it off new evaluations."""
    ensure(by, "internships.moderate")
    competency = competency or Competency()
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
    return competency
