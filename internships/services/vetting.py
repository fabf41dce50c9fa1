from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Programme
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from ..models import Period, Report
from .placements import _staff, members_of, public_pages_changed

Org = Organisation.Status
ORGANISATION_MOVES = {
    Org.PENDING: {Org.VERIFIED, Org.SUSPENDED},
    Org.VERIFIED: {Org.SUSPENDED},
    Org.SUSPENDED: {Org.VERIFIED},
}


@transaction.atomic
def verify_organisation(*, organisation, by, note: str = "") -> Organisation:
    """Staff vouch for an organisation; only then can its placements be published."""
    ensure(by, "internships.moderate")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    transition(
        organisation, moves=ORGANISATION_MOVES, to=Org.VERIFIED, by=by, action="verified", note=note
    )
    public_pages_changed()
    notify(
        members_of(organisation),
        "organisation_verified",
        url="/company/",
        organisation=organisation.legal_name,
    )
    return organisation


@transaction.atomic
def suspend_organisation(*, organisation, by, note: str) -> Organisation:
    """A suspended organisation's placements disappear from search; nothing is deleted."""
    ensure(by, "internships.moderate")
    if not note.strip():
        raise ServiceError(_("Give the reason for the suspension."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    transition(
        organisation,
        moves=ORGANISATION_MOVES,
        to=Org.SUSPENDED,
        by=by,
        action="suspended",
        note=note,
    )
    public_pages_changed()
    notify(
        members_of(organisation),
        "organisation_suspended",
        url="/company/",
        organisation=organisation.legal_name,
        note=note.strip(),
    )
    return organisation


@transaction.atomic
def report_concern(*, by, organisation, placement=None, reason: str) -> Report:
    """A student tells staff that an organisation or placement looks wrong."""
    ensure(by, "internships.report")
    if not reason.strip():
        raise ServiceError(_("Say what looks wrong."))
    report = Report.objects.create(
        reporter=by, organisation=organisation, placement=placement, reason=reason.strip()
    )
    notify(_staff(), "report_received", url="/staff/reports/", organisation=organisation.legal_name)
    return report


@transaction.atomic
def resolve_report(*, report, by, resolution: str) -> Report:
    ensure(by, "internships.moderate")
    if not resolution.strip():
        raise ServiceError(_("Say what was done about the report."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        raise ServiceError(_("This report is already resolved."))
    report.status = Report.Status.RESOLVED
    report.resolution = resolution.strip()
    report.resolved_by = by
    report.resolved_at = timezone.now()
    report.save()
    record_event(
        report,
        by=by,
        action="resolved",
        old=Report.Status.OPEN,
        new=Report.Status.RESOLVED,
        note=report.resolution,
    )
    return report


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
