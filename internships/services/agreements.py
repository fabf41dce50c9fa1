"""The tripartite agreement: the student, the host organisation and the university confirm
it in the app; the logbook opens when all three have (or when staff open it otherwise)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.validators import validate_pdf
from core.outage import storing
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event

from ..models import Agreement, Internship
from ..rules import party_of


def agreement_of(internship) -> Agreement:
    agreement, _created = Agreement.objects.get_or_create(internship=internship)
    return agreement


PARTY_LABELS = {
    "student": gettext_lazy("The student"),
    "organisation": gettext_lazy("The host organisation"),
    "university": gettext_lazy("The university"),
}


def _locked(internship) -> Agreement:
    agreement_of(internship)
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("internship__student")
        .get(internship=internship)
    )


@transaction.atomic
def confirm_agreement(*, internship, by) -> Agreement:
    """Each party confirms once; who and when are recorded."""
    ensure(by, "internships.confirm_agreement", internship)
    party = party_of(by, internship)
    if party is None:
        raise ServiceError(_("You do not sign this agreement."))
    if internship.status not in (Internship.Status.PLANNED, Internship.Status.ACTIVE):
        raise ServiceError(_("The agreement is confirmed before and during the internship."))
    agreement = _locked(internship)
    if getattr(agreement, f"{party}_confirmed_at"):
        raise ServiceError(_("You have already confirmed this agreement."))
    setattr(agreement, f"{party}_confirmed_at", timezone.now())
    if party != "student":
        setattr(agreement, f"{party}_confirmed_by", by)
    agreement.save()
    record_event(internship, by=by, action="agreement_confirmed", note=str(PARTY_LABELS[party]))
    others = [
        internship.student,
        *User.objects.filter(
            membership__organisation_id=internship.organisation_id, membership__role="admin"
        ),
    ]
    if internship.academic_supervisor:
        others.append(internship.academic_supervisor)
    notify(
        [u for u in others if u.pk != by.pk],
        "agreement_confirmed",
        by=by,
        url=internship.get_absolute_url(),
        party=party,
        student=internship.student.display_name,
    )
    return agreement


@transaction.atomic
def override_agreement(*, internship, by, reason: str) -> Agreement:
    """Staff open the logbook without every confirmation, saying why."""
    ensure(by, "internships.moderate")
    if not reason.strip():
        raise ServiceError(_("Give the reason for opening the logbook without the agreement."))
    if not internship.is_running:
        raise ServiceError(_("The logbook of a finished internship stays as it is."))
    agreement = _locked(internship)
    agreement.override_reason = reason.strip()
    agreement.overridden_by = by
    agreement.overridden_at = timezone.now()
    agreement.save()
    record_event(internship, by=by, action="agreement_overridden", note=reason.strip())
    return agreement


@transaction.atomic
def record_paper_agreement(*, internship, by, scan) -> Agreement:
    """Staff record that the agreement was signed on paper, keeping the scan (a PDF)."""
    ensure(by, "internships.moderate")
    try:
        validate_pdf(scan)
    except Exception as error:
        raise ServiceError(" ".join(getattr(error, "messages", [str(error)]))) from error
    agreement = _locked(internship)
    if agreement.paper_scan:
        raise ServiceError(_("A signed scan is already recorded for this agreement."))
    with storing(
        _(
            "The scan could not be stored just now, so nothing was recorded. "
            "Try again in a few minutes."
        )
    ):
        agreement.paper_scan.save("scan.pdf", scan, save=False)
    agreement.paper_recorded_by = by
    agreement.paper_recorded_at = timezone.now()
    agreement.save()
    record_event(internship, by=by, action="agreement_on_paper")
    return agreement
