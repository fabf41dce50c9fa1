"""The columns of the staff lists' exports."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.exports import Column
from internships.exports import shown_offer_deadline
from mentors import exports as mentor_exports


def _name(user) -> str:
    return user.display_name if user else ""


def _email(user) -> str:
    return user.email if user else ""


def _profile(user):
    return getattr(user, "student_profile", None)


def _programme(user) -> str:
    profile = _profile(user)
    return profile.programme.display_name if profile and profile.programme else ""


def _student_number(user) -> str:
    profile = _profile(user)
    return profile.student_number if profile else ""


STUDENT_COLUMNS = [
    Column(gettext_lazy("Last name"), lambda u: u.last_name),
    Column(gettext_lazy("First name"), lambda u: u.first_name),
    Column(gettext_lazy("E-mail"), lambda u: u.email, 28),
    Column(gettext_lazy("Student number"), _student_number),
    Column(gettext_lazy("Programme"), _programme, 28),
    Column(gettext_lazy("Year"), lambda u: _profile(u).year_of_study if _profile(u) else None, 8),
    Column(gettext_lazy("Phone"), lambda u: _profile(u).phone if _profile(u) else ""),
    Column(gettext_lazy("Applications"), lambda u: u.application_count, 12),
    Column(gettext_lazy("Placed"), lambda u: u.is_placed, 10),
    Column(gettext_lazy("CV"), lambda u: u.has_cv, 8),
    # With no period chosen the current (planned or active) internship's; with a period, the
    # internship in it. The key stays the one saved reports name.
    Column(gettext_lazy("Placement"), lambda u: u.placed_title or "", 30, key="current-placement"),
    Column(gettext_lazy("Host organisation"), lambda u: u.placed_organisation or "", 28),
    Column(gettext_lazy("Host tutor"), lambda u: (u.placed_tutor or "").strip(), 24),
    Column(gettext_lazy("Host tutor's e-mail"), lambda u: u.placed_tutor_email or "", 28),
]

ORGANISATION_COLUMNS = [
    Column(gettext_lazy("Legal name"), lambda o: o.legal_name, 30),
    Column(gettext_lazy("CUI"), lambda o: o.registration_number, 12),
    Column(gettext_lazy("Status"), lambda o: o.get_status_display()),
    Column(gettext_lazy("Sector"), lambda o: o.sector.display_name, 24),
    Column(gettext_lazy("County"), lambda o: o.county.name),
    Column(gettext_lazy("City"), lambda o: o.city),
    Column(gettext_lazy("Address"), lambda o: o.address, 30),
    Column(gettext_lazy("Phone"), lambda o: o.phone, 16),
    Column(gettext_lazy("Website"), lambda o: o.website, 28),
    Column(gettext_lazy("Contact person"), lambda o: o.contact_name, 24),
    Column(gettext_lazy("Contact e-mail"), lambda o: o.contact_email, 28),
    Column(gettext_lazy("Legal representative"), lambda o: o.legal_representative, 24),
    Column(
        gettext_lazy("Legal representative's function"),
        lambda o: o.legal_representative_function,
        20,
    ),
    Column(
        gettext_lazy("Administrators' e-mails"),
        lambda o: "; ".join(m.user.email for m in o.admin_memberships),
        36,
    ),
    Column(gettext_lazy("Placements"), lambda o: o.placement_count, 12),
    Column(gettext_lazy("Interns"), lambda o: o.intern_count, 10),
    Column(gettext_lazy("Registered"), lambda o: timezone.localdate(o.created_at), 12),
]

PLACEMENT_COLUMNS = [
    Column(gettext_lazy("Title"), lambda p: p.title, 30),
    Column(gettext_lazy("Organisation"), lambda p: p.organisation.legal_name, 28),
    Column(gettext_lazy("Period"), lambda p: p.period.display_name),
    Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column(gettext_lazy("Positions"), lambda p: p.positions, 10),
    Column(gettext_lazy("Applicants"), lambda p: p.applicant_count, 10),
    Column(gettext_lazy("Accepted"), lambda p: p.accepted_count, 10),
    Column(gettext_lazy("Positions filled"), lambda p: p.filled_count, 10),
    Column(gettext_lazy("Positions open"), lambda p: max(p.positions - p.filled_count, 0), 10),
    Column(gettext_lazy("Application deadline"), lambda p: p.deadline, 12),
    Column(gettext_lazy("Start date"), lambda p: p.starts_on, 12),
    Column(gettext_lazy("End date"), lambda p: p.ends_on, 12),
    Column(gettext_lazy("County"), lambda p: p.county.name),
    Column(gettext_lazy("City"), lambda p: p.city),
    Column(gettext_lazy("Work mode"), lambda p: p.get_work_mode_display()),
    Column(gettext_lazy("Hours per week"), lambda p: p.hours_per_week, 10),
    Column(gettext_lazy("Paid"), lambda p: p.is_paid, 8),
    Column(gettext_lazy("Monthly stipend (RON)"), lambda p: p.stipend, 10),
    Column(gettext_lazy("Host tutor"), lambda p: _name(p.host_tutor), 24),
    Column(gettext_lazy("Host tutor's e-mail"), lambda p: _email(p.host_tutor), 28),
    Column(
        gettext_lazy("Eligible programmes"),
        lambda p: "; ".join(programme.display_name for programme in p.programmes.all()),
        36,
    ),
]

APPLICATION_COLUMNS = [
    Column(gettext_lazy("Student"), lambda a: _name(a.student), 24),
    Column(gettext_lazy("E-mail"), lambda a: a.student.email, 28),
    Column(
        gettext_lazy("Student's phone"),
        lambda a: _profile(a.student).phone if _profile(a.student) else "",
        16,
        key="student-phone",
    ),
    Column(gettext_lazy("Student number"), lambda a: _student_number(a.student)),
    Column(gettext_lazy("Programme"), lambda a: _programme(a.student), 28),
    Column(gettext_lazy("Placement"), lambda a: a.placement.title, 30),
    Column(gettext_lazy("Organisation"), lambda a: a.placement.organisation.legal_name, 28),
    Column(gettext_lazy("Period"), lambda a: a.placement.period.display_name),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Applied"), lambda a: a.created_at, 18),
    Column(gettext_lazy("Interview"), lambda a: a.interview_at, 18),
    Column(gettext_lazy("Respond to the offer by"), shown_offer_deadline, 18),
]

# The internships' columns are shared with a host's export of its interns.
INTERNSHIP_COLUMNS = mentor_exports.INTERNSHIP_COLUMNS
