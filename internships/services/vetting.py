"""Vetting: staff verify or suspend organisations and resolve students' reports."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.queries import university_staff
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from ..models import Placement, Report
from .closing import end_open_applications
from .placements import members_of, public_pages_changed

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
    # NO KEY: a student accepting an offer meanwhile still inserts an internship pointing at
    # this row (its foreign-key check would otherwise wait on us while we wait on it).
    organisation = Organisation.objects.select_for_update(no_key=True).get(pk=organisation.pk)
    transition(
        organisation, moves=ORGANISATION_MOVES, to=Org.VERIFIED, by=by, action="verified", note=note
    )
    public_pages_changed()
    notify(
        members_of(organisation),
        "organisation_verified",
        by=by,
        url=reverse("company_home"),
        organisation=organisation.legal_name,
    )
    return organisation


@transaction.atomic
def suspend_organisation(*, organisation, by, note: str) -> Organisation:
    """A suspended organisation's placements disappear from search, and the applications
    still open on them end (their students are told, and may apply elsewhere); nothing is
    deleted. The note is for the organisation: the students get a reason of their own."""
    ensure(by, "internships.moderate")
    if not note.strip():
        raise ServiceError(_("Give the reason for the suspension."))
    # NO KEY: a student accepting an offer meanwhile still inserts an internship pointing at
    # this row (its foreign-key check would otherwise wait on us while we wait on it).
    organisation = Organisation.objects.select_for_update(no_key=True).get(pk=organisation.pk)
    transition(
        organisation,
        moves=ORGANISATION_MOVES,
        to=Org.SUSPENDED,
        by=by,
        action="suspended",
        note=note,
    )
    placements = Placement.objects.select_for_update().filter(organisation=organisation)
    for placement in placements.order_by("pk"):
        end_open_applications(placement, by=by, reason_kind="organisation_suspended")
    public_pages_changed()
    notify(
        members_of(organisation),
        "organisation_suspended",
        by=by,
        url=reverse("company_home"),
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
    # On the report itself: the organisation's record must not name who reported it.
    record_event(report, by=by, action="report_made", new=report.status)
    notify(
        university_staff(),
        "report_received",
        by=by,
        url=reverse("staff_reports"),
        organisation=organisation.legal_name,
    )
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
