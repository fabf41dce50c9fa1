"""The columns of an export of internships (core.exports writes it): the internship office's
list and a host organisation's list of its interns share them.

Rows come from `queries.internships_for_export`, which fetches everything a column reads
(profiles, host, mentors with their phones, agreement, result, evaluations, certificates)
in a fixed number of queries, whatever the number of rows.

A column is in a reader's file only when that reader may see it for every row, as the
internship's page decides (mentors.rules); a call without a reader gets only the columns
everyone may have. Per column:

- `for_university` (staff and academic supervisors): the university's own records about
  the student (student number, year of study), the student's self-evaluation and rating of
  the host, the reason an internship ended early (written by staff, often about the
  student's circumstances) and the certificate's serial (the university's register);
- `may_contact_students` (staff; a host tutor): the student's phone. On the page only the
  host tutor reaches the student (`mentors.contact_student`); a host organisation's
  accounts (recruiters, administrators) see the e-mail, not the phone;
- `may_contact_supervisors` (staff; mentors): the academic supervisor's e-mail and phone,
  which on the page only the host tutor is given (`mentors.contact_supervisor`);
- `may_read_evaluations` (staff; mentors): the status of the mid-term and final
  evaluations (`mentors.read_evaluations`: the intern, the mentors and the university, not
  the organisation's other members).

The academic result (grade, passed, credits) is in everyone's file: the internship's page
shows it to everyone who sees the internship, and so does a mentor's past-interns page.
The host keeps what it is a party to: the student's name and e-mail, dates, hours, the
agreement and its confirmations, its own host tutor's contacts and the result.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from core.exports import Column

from .models import Evaluation


def _role(viewer):
    return getattr(viewer, "role", None)


def _mentor_kind(viewer) -> str:
    if _role(viewer) != Role.MENTOR:
        return ""
    profile = getattr(viewer, "mentor_profile", None)
    return profile.kind if profile else ""


def for_university(viewer) -> bool:
    """Staff and academic supervisors; not a host organisation's people, nor no one."""
    return _role(viewer) == Role.STAFF or _mentor_kind(viewer) == "supervisor"


def may_contact_students(viewer) -> bool:
    """Staff and host tutors (`mentors.contact_student`); not a company account."""
    return _role(viewer) == Role.STAFF or _mentor_kind(viewer) == "host_tutor"


def may_contact_supervisors(viewer) -> bool:
    """Staff and mentors (the host tutor is given them; a supervisor has their own)."""
    return _role(viewer) in (Role.STAFF, Role.MENTOR)


def may_read_evaluations(viewer) -> bool:
    """Staff and mentors (`mentors.read_evaluations`); not the organisation's accounts."""
    return _role(viewer) in (Role.STAFF, Role.MENTOR)


def _name(user) -> str:
    return user.display_name if user else ""


def _email(user) -> str:
    return user.email if user else ""


def _mentor_phone(user) -> str:
    profile = getattr(user, "mentor_profile", None) if user else None
    return profile.phone if profile else ""


def _profile(internship):
    return getattr(internship.student, "student_profile", None)


def _student(attribute):
    def read(internship):
        profile = _profile(internship)
        return getattr(profile, attribute) if profile else None

    return read


def _programme(internship) -> str:
    profile = _profile(internship)
    return profile.programme.display_name if profile and profile.programme else ""


def _agreement(internship):
    try:
        return internship.agreement
    except type(internship).agreement.RelatedObjectDoesNotExist:
        return None


def agreement_status(internship) -> str:
    agreement = _agreement(internship)
    if agreement is None:
        return _("Not started")
    if agreement.paper_recorded_at:
        return _("Recorded on paper")
    if agreement.is_confirmed_by_all:
        return _("Confirmed by all three")
    if agreement.overridden_at:
        return _("Logbook opened without it")
    return _("Awaiting confirmations")


def _confirmed(party: str):
    def read(internship):
        agreement = _agreement(internship)
        moment = getattr(agreement, f"{party}_confirmed_at", None) if agreement else None
        return timezone.localdate(moment) if moment else None

    return read


def _result(internship):
    try:
        return internship.result
    except type(internship).result.RelatedObjectDoesNotExist:
        return None


def _result_of(attribute):
    def read(internship):
        result = _result(internship)
        return getattr(result, attribute) if result else None

    return read


def evaluation_status(kind: str):
    """ "Submitted", "Draft", or "" when none was started (from the prefetched evaluations)."""

    def read(internship):
        statuses = {e.status for e in internship.evaluations.all() if e.kind == kind}
        if Evaluation.Status.SUBMITTED in statuses:
            return Evaluation.Status.SUBMITTED.label
        return Evaluation.Status.DRAFT.label if statuses else ""

    return read


def certificate_serial(internship) -> str:
    """The serial of the certificate in force (not revoked), from the prefetched ones."""
    valid = [c.serial for c in internship.certificates.all() if c.revoked_at is None]
    return valid[0] if valid else ""


def _completed(internship):
    return timezone.localdate(internship.completed_at) if internship.completed_at else None


def _address(internship) -> str:
    organisation = internship.organisation
    parts = [organisation.address, organisation.city, organisation.county.name]
    return ", ".join(part for part in parts if part)


UNIVERSITY = for_university

INTERNSHIP_COLUMNS = [
    Column(gettext_lazy("Student"), lambda i: _name(i.student), 24),
    Column(gettext_lazy("E-mail"), lambda i: i.student.email, 28),
    Column(
        gettext_lazy("Student's phone"),
        _student("phone"),
        16,
        key="student-phone",
        visible=may_contact_students,
    ),
    Column(gettext_lazy("Student number"), _student("student_number"), 14, visible=UNIVERSITY),
    Column(gettext_lazy("Programme"), _programme, 28),
    Column(gettext_lazy("Year"), _student("year_of_study"), 8, visible=UNIVERSITY),
    Column(gettext_lazy("Organisation"), lambda i: i.organisation.legal_name, 28),
    Column(gettext_lazy("CUI"), lambda i: i.organisation.registration_number, 12),
    Column(gettext_lazy("Organisation's address"), _address, 36, key="organisation-address"),
    Column(gettext_lazy("Contact person"), lambda i: i.organisation.contact_name, 24),
    Column(
        gettext_lazy("Organisation's phone"),
        lambda i: i.organisation.phone,
        16,
        key="contact-phone",  # the key saved reports already use
    ),
    Column(gettext_lazy("Contact e-mail"), lambda i: i.organisation.contact_email, 28),
    Column(gettext_lazy("Placement"), lambda i: i.title, 30),
    Column(gettext_lazy("Period"), lambda i: i.period.display_name),
    Column(gettext_lazy("Start date"), lambda i: i.starts_on, 12),
    Column(gettext_lazy("End date"), lambda i: i.ends_on, 12),
    Column(gettext_lazy("Status"), lambda i: i.get_status_display()),
    Column(gettext_lazy("Host tutor"), lambda i: _name(i.host_tutor), 24),
    Column(gettext_lazy("Host tutor's e-mail"), lambda i: _email(i.host_tutor), 28),
    Column(gettext_lazy("Host tutor's phone"), lambda i: _mentor_phone(i.host_tutor), 16),
    Column(gettext_lazy("Academic supervisor"), lambda i: _name(i.academic_supervisor), 24),
    Column(
        gettext_lazy("Academic supervisor's e-mail"),
        lambda i: _email(i.academic_supervisor),
        28,
        visible=may_contact_supervisors,
    ),
    Column(
        gettext_lazy("Academic supervisor's phone"),
        lambda i: _mentor_phone(i.academic_supervisor),
        16,
        visible=may_contact_supervisors,
    ),
    Column(gettext_lazy("Required hours"), lambda i: i.required_hours, 10),
    Column(gettext_lazy("Approved hours"), lambda i: i.approved_hours, 10),
    Column(gettext_lazy("Agreement"), agreement_status, 22),
    Column(gettext_lazy("Confirmed by the student"), _confirmed("student"), 12),
    Column(gettext_lazy("Confirmed by the host"), _confirmed("organisation"), 12),
    Column(gettext_lazy("Confirmed by the university"), _confirmed("university"), 12),
    Column(
        Evaluation.Kind.MIDTERM.label,
        evaluation_status("midterm"),
        14,
        key="midterm",
        visible=may_read_evaluations,
    ),
    Column(
        Evaluation.Kind.FINAL.label,
        evaluation_status("final"),
        14,
        key="final",
        visible=may_read_evaluations,
    ),
    Column(
        Evaluation.Kind.SELF.label, evaluation_status("self"), 14, key="self", visible=UNIVERSITY
    ),
    Column(
        Evaluation.Kind.HOST_RATING.label,
        evaluation_status("host_rating"),
        14,
        key="host-rating",
        visible=UNIVERSITY,
    ),
    Column(gettext_lazy("Grade"), _result_of("grade"), 8),
    Column(gettext_lazy("Passed"), _result_of("passed"), 8),
    Column(gettext_lazy("Credits"), _result_of("credits"), 8),
    Column(gettext_lazy("Completed"), _completed, 12),
    Column(gettext_lazy("Certificate serial"), certificate_serial, 14, visible=UNIVERSITY),
    Column(
        gettext_lazy("Reason for ending early"),
        lambda i: i.termination_reason,
        30,
        visible=UNIVERSITY,
    ),
]
