"""The staff certificates list, an entry of the lists' registry (core.reports): its page,
its file, its column chooser and its saved reports."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.faculties import manages_faculties
from core.reports import Report, register

from . import queries
from .exports import CERTIFICATE_COLUMNS
from .filters import CertificateFilter


def default_period() -> dict:
    """With no filter asked for, the list shows the latest period with completed
    internships (else the latest period)."""
    period = queries.latest_period_with_completed_internships() or queries.latest_period()
    return {"period": period.pk if period else ""}


def period_context(found, viewer) -> dict:
    """A period's summary and issuing when one is chosen. A batch issues the whole period's
    certificates: staff of all faculties start it; staff of some faculties issue each of
    theirs from the internship's page."""
    found.is_valid()  # a period refused is not in cleaned_data
    period = found.form.cleaned_data.get("period")
    issues_batches = manages_faculties(viewer)
    context = {"period": period, "issues_batches": issues_batches}
    if period is not None:
        context |= {
            "summary": queries.period_certificate_summary(period, viewer=viewer),
            "jobs": queries.issue_jobs_of(period)[:5] if issues_batches else (),
        }
    return context


CERTIFICATES = register(
    Report(
        slug="certificates",
        title=gettext_lazy("Certificates"),
        url_name="staff_certificates",
        filterset=CertificateFilter,
        rows=queries.certificates_for_list,
        columns=CERTIFICATE_COLUMNS,
        file_name=pgettext_lazy("file name", "certificates"),
        template="documents/staff_certificates.html",
        context=period_context,
        defaults=default_period,
    )
)
