"""The columns of a host organisation's export of its applicants (core.exports writes it)."""

from django.utils.translation import gettext_lazy

from core.exports import Column


def _profile(application):
    return getattr(application.student, "student_profile", None)


def _programme(application) -> str:
    profile = _profile(application)
    return profile.programme.display_name if profile and profile.programme else ""


def _year(application):
    profile = _profile(application)
    return profile.year_of_study if profile else None


def _skills(application) -> str:
    profile = _profile(application)
    return ", ".join(str(skill) for skill in profile.skills.all()) if profile else ""


# The offer's deadline means something while the offer is open and for the answer it had;
# an offer withdrawn by the host (or ended by a rejection, a withdrawal or the placement
# closing) has no deadline left to respond by.
OFFER_DEADLINE_STATUSES = ("offered", "accepted", "declined", "expired")


def shown_offer_deadline(application):
    """The deadline to respond by, or None when it no longer means anything."""
    if application.status in OFFER_DEADLINE_STATUSES:
        return application.offer_deadline
    return None


APPLICANT_COLUMNS = [
    Column(gettext_lazy("Student"), lambda a: a.student.display_name, 24),
    Column(gettext_lazy("E-mail"), lambda a: a.student.email, 28),
    Column(
        gettext_lazy("Student's phone"),
        lambda a: _profile(a).phone if _profile(a) else "",
        16,
        key="student-phone",
    ),
    Column(gettext_lazy("Study programme"), _programme, 28),
    Column(gettext_lazy("Year of study"), _year, 8),
    Column(gettext_lazy("Skills"), _skills, 30),
    Column(gettext_lazy("Placement"), lambda a: a.placement.title, 30),
    Column(gettext_lazy("Period"), lambda a: a.placement.period.display_name),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Applied"), lambda a: a.created_at),
    Column(gettext_lazy("Interview"), lambda a: a.interview_at),
    Column(gettext_lazy("Respond to the offer by"), shown_offer_deadline),
]
