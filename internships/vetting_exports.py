"""The columns of the vetting queue's export: one row per organisation, with its identity,
its contacts, its status and dates, and each check staff read before verifying it (see
`queries.with_vetting_checks`) in words."""

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.exports import Column

from . import vetting_checks

PASSED = pgettext_lazy("a vetting check", "Passed")
FAILED = pgettext_lazy("a vetting check", "Failed")
NOT_CHECKED = pgettext_lazy("a vetting check", "Not checked")


def _outcome(passed: bool):
    return PASSED if passed else FAILED


def _domain_check(organisation):
    """Not checked without a website or an administrator's e-mail to compare."""
    if not vetting_checks.registrable_domain(organisation.website) or not (
        organisation.admin_emails
    ):
        return NOT_CHECKED
    return _outcome(organisation.check_domain)


def _similar(organisation) -> str:
    return "; ".join(
        f"{match.organisation.legal_name} ({match.organisation.registration_number}): "
        + ", ".join(str(reason) for reason in match.reasons)
        for match in organisation.matches
    )


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


VETTING_COLUMNS = [
    Column(gettext_lazy("Legal name"), lambda o: o.legal_name, 30),
    Column(gettext_lazy("CUI"), lambda o: o.registration_number, 12),
    Column(gettext_lazy("Status"), lambda o: o.get_status_display(), 20),
    Column(gettext_lazy("Requested"), lambda o: _local_date(o.created_at), 12),
    Column(gettext_lazy("Status changed"), lambda o: _local_date(o.status_changed_at), 12),
    Column(gettext_lazy("Sector"), lambda o: o.sector.display_name, 24),
    Column(gettext_lazy("County"), lambda o: o.county.name),
    Column(gettext_lazy("City"), lambda o: o.city),
    Column(gettext_lazy("Address"), lambda o: o.address, 30),
    Column(gettext_lazy("Phone"), lambda o: o.phone),
    Column(gettext_lazy("Website"), lambda o: o.website, 28),
    Column(gettext_lazy("Contact person"), lambda o: o.contact_name, 24),
    Column(gettext_lazy("Contact e-mail"), lambda o: o.contact_email, 28),
    Column(gettext_lazy("Legal representative"), lambda o: o.legal_representative, 24),
    Column(gettext_lazy("Administrators' e-mails"), lambda o: "; ".join(o.admin_emails), 36),
    Column(gettext_lazy("CUI check digit"), lambda o: _outcome(o.check_cui), 14),
    Column(gettext_lazy("E-mail domain matches the website"), _domain_check, 14),
    Column(gettext_lazy("No similar organisation"), lambda o: _outcome(o.check_unique), 14),
    Column(gettext_lazy("Similar organisations"), _similar, 48),
    Column(gettext_lazy("Open reports"), lambda o: o.open_reports, 10),
]
