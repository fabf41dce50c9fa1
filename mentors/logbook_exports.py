"""The columns of the logbooks list's export: one row per logbook entry."""

from django.utils.translation import gettext_lazy

from accounts.models import Role
from core.exports import Column

from .models import LogbookEntry


def _student(entry):
    return entry.internship.student


def _profile(entry):
    return getattr(_student(entry), "student_profile", None)


def _programme(entry) -> str:
    profile = _profile(entry)
    return profile.programme.display_name if profile and profile.programme else ""


def _student_number(entry) -> str:
    profile = _profile(entry)
    return profile.student_number if profile else ""


def _name(user) -> str:
    return user.display_name if user else ""


def week_of(entry) -> str:
    """The ISO week of the entry's day: 2026-W49."""
    year, week, _day = entry.date.isocalendar()
    return f"{year}-W{week:02d}"


def _approved(entry) -> bool:
    return entry.status == LogbookEntry.Status.APPROVED


def is_staff(viewer) -> bool:
    """The student number is the office's: a mentor's pages do not show it either."""
    return viewer is None or viewer.role == Role.STAFF


LOGBOOK_ENTRY_COLUMNS = [
    Column(gettext_lazy("Student"), lambda e: _student(e).display_name, 24),
    Column(gettext_lazy("E-mail"), lambda e: _student(e).email, 28),
    Column(gettext_lazy("Student number"), _student_number, visible=is_staff),
    Column(gettext_lazy("Programme"), _programme, 28),
    Column(gettext_lazy("Organisation"), lambda e: e.internship.organisation.legal_name, 28),
    Column(gettext_lazy("Host tutor"), lambda e: _name(e.internship.host_tutor), 24),
    Column(
        gettext_lazy("Academic supervisor"), lambda e: _name(e.internship.academic_supervisor), 24
    ),
    Column(gettext_lazy("Period"), lambda e: e.internship.period.display_name),
    Column(gettext_lazy("Date"), lambda e: e.date, 12),
    Column(gettext_lazy("Week"), week_of, 10),
    Column(gettext_lazy("Hours"), lambda e: e.hours, 8),
    Column(gettext_lazy("Activities"), lambda e: e.activities, 60),
    Column(gettext_lazy("Status"), lambda e: e.get_status_display(), 18),
    Column(gettext_lazy("Submitted"), lambda e: e.submitted_at, 18),
    Column(gettext_lazy("Approved by"), lambda e: _name(e.reviewed_by) if _approved(e) else "", 24),
    Column(gettext_lazy("Approved on"), lambda e: e.reviewed_at if _approved(e) else None, 18),
    Column(
        gettext_lazy("Reason for returning"),
        lambda e: e.review_comment if e.status == LogbookEntry.Status.RETURNED else "",
        40,
    ),
]
