"""Who may do what with an internship's mentoring: logbook, feedback, evaluations, result."""

import rules

from accounts.models import Role
from accounts.rules import is_student, is_university_staff
from internships.models import Internship, MentorAssignment
from internships.rules import (
    is_admin_of_internship_org,
    is_host_tutor_of,
    is_member_of_internship_org,
    is_mentor_of,
    is_supervisor_of,
    is_the_intern,
)


@rules.predicate
def was_mentor_of(user, internship):
    """A mentor replaced on an internship that has since ended: they read its record (as
    internships_visible_to lets them), and change nothing."""
    return (
        internship is not None
        and getattr(user, "role", None) == Role.MENTOR
        and internship.status in (Internship.Status.COMPLETED, Internship.Status.TERMINATED)
        and MentorAssignment.objects.filter(internship=internship, mentor=user).exists()
    )


rules.add_perm(
    "mentors.view_internship",
    (is_student & is_the_intern)
    | is_mentor_of
    | was_mentor_of
    | is_member_of_internship_org
    | is_university_staff,
)


@rules.predicate
def host_tutor_is_deactivated(user, internship):
    """The assigned host tutor's account is deactivated: no one else would approve."""
    return (
        internship is not None
        and internship.host_tutor_id is not None
        and not internship.host_tutor.is_active
    )


# Contact details between the people of one internship: the host tutor reaches the student
# and the supervisor; the supervisor reaches the host tutor. Nobody else gains them.
rules.add_perm("mentors.contact_student", is_host_tutor_of)
rules.add_perm("mentors.contact_supervisor", is_host_tutor_of)
rules.add_perm("mentors.contact_host_tutor", is_supervisor_of)

rules.add_perm("mentors.keep_logbook", is_student & is_the_intern)
# The host tutor reviews the logbook; while the assigned tutor is deactivated, the host
# organisation's administrator stands in (until staff or the admin assign another tutor).
rules.add_perm(
    "mentors.review_logbook",
    is_host_tutor_of | (is_admin_of_internship_org & host_tutor_is_deactivated),
)


@rules.predicate
def internship_is_running(user, internship):
    return internship is not None and internship.is_running


# Once the internship has ended its record is closed: notes are written while it runs.
rules.add_perm("mentors.write_feedback", is_mentor_of & internship_is_running)
rules.add_perm("mentors.reply_feedback", is_student & is_the_intern)
# The mentoring record is between the intern, the two mentors and the university: the
# organisation's other members see the internship, not its feedback or evaluations.
rules.add_perm(
    "mentors.read_feedback", is_the_intern | is_mentor_of | was_mentor_of | is_university_staff
)
rules.add_perm("mentors.read_staff_only_feedback", is_supervisor_of | is_university_staff)
rules.add_perm(
    "mentors.read_evaluations", is_the_intern | is_mentor_of | was_mentor_of | is_university_staff
)
# The student rates the host: the host tutor being rated does not read it.
rules.add_perm("mentors.read_host_rating", is_the_intern | is_supervisor_of | is_university_staff)
rules.add_perm("mentors.evaluate_intern", is_host_tutor_of)
rules.add_perm("mentors.evaluate_own_internship", is_student & is_the_intern)
rules.add_perm("mentors.record_result", is_supervisor_of)
rules.add_perm("mentors.reopen_evaluation", is_university_staff)
rules.add_perm("mentors.complete_internship", is_supervisor_of | is_university_staff)
rules.add_perm("mentors.terminate_internship", is_supervisor_of | is_university_staff)
rules.add_perm(
    "mentors.start_internship", is_host_tutor_of | is_university_staff | is_admin_of_internship_org
)
