"""The columns of the staff certificates list's export."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from core.exports import Column


def _profile(certificate):
    return getattr(certificate.internship.student, "student_profile", None)


def _programme(certificate) -> str:
    profile = _profile(certificate)
    return profile.programme.display_name if profile and profile.programme else ""


def _student_number(certificate) -> str:
    profile = _profile(certificate)
    return profile.student_number if profile else ""


def _status(certificate) -> str:
    return gettext_lazy("Valid") if certificate.is_valid else gettext_lazy("Revoked")


def verification_url(certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()


CERTIFICATE_COLUMNS = [
    Column(gettext_lazy("Serial number"), lambda c: c.serial, 14),
    Column(gettext_lazy("Student"), lambda c: c.internship.student.display_name, 24),
    Column(gettext_lazy("E-mail"), lambda c: c.internship.student.email, 28),
    Column(gettext_lazy("Student number"), _student_number),
    Column(gettext_lazy("Programme"), _programme, 28),
    Column(gettext_lazy("Organisation"), lambda c: c.internship.organisation.legal_name, 28),
    Column(gettext_lazy("Placement"), lambda c: c.internship.title, 30),
    Column(gettext_lazy("Period"), lambda c: c.internship.period.display_name),
    Column(gettext_lazy("Start date"), lambda c: c.internship.starts_on, 12),
    Column(gettext_lazy("End date"), lambda c: c.internship.ends_on, 12),
    Column(gettext_lazy("Issued"), lambda c: c.issued_at, 18),
    Column(gettext_lazy("Status"), _status, 10),
    Column(gettext_lazy("Revoked on"), lambda c: c.revoked_at, 18),
    Column(gettext_lazy("Reason for revoking"), lambda c: c.revocation_reason, 36),
    Column(
        gettext_lazy("Replaced by"), lambda c: c.replaced_by.serial if c.replaced_by else "", 14
    ),
    Column(gettext_lazy("Verification code"), lambda c: c.code, 24),
    Column(gettext_lazy("Verification address"), verification_url, 48),
]
