"""Who may do what with placements, applications, internships and their agreements."""

import rules

from accounts.rules import (
    administers,
    is_academic_supervisor,
    is_student,
    is_university_staff,
    organisation_id_of,
)


@rules.predicate
def is_member_of_organisation(user, organisation):
    return organisation is not None and organisation_id_of(user) == organisation.pk


@rules.predicate
def is_member_of_placement_org(user, placement):
    return placement is not None and organisation_id_of(user) == placement.organisation_id


@rules.predicate
def is_member_of_application_org(user, application):
    return (
        application is not None
        and organisation_id_of(user) is not None
        and organisation_id_of(user) == application.placement.organisation_id
    )


@rules.predicate
def is_the_applicant(user, application):
    return application is not None and application.student_id == user.pk


# One internship: its intern, its two mentors, its organisation.


@rules.predicate
def is_the_intern(user, internship):
    return internship is not None and internship.student_id == user.pk


@rules.predicate
def is_host_tutor_of(user, internship):
    return internship is not None and internship.host_tutor_id == user.pk


@rules.predicate
def is_supervisor_of(user, internship):
    return internship is not None and internship.academic_supervisor_id == user.pk


@rules.predicate
def is_member_of_internship_org(user, internship):
    return internship is not None and organisation_id_of(user) == internship.organisation_id


@rules.predicate
def is_admin_of_internship_org(user, internship):
    return internship is not None and administers(user, internship.organisation_id)


is_mentor_of = is_host_tutor_of | is_supervisor_of


def party_of(user, internship) -> str | None:
    """Which party of the agreement this user confirms for: 'student', 'organisation' (the
    organisation's admin) or 'university' (staff and the academic supervisor)."""
    if is_student(user) and is_the_intern(user, internship):
        return "student"
    if is_admin_of_internship_org(user, internship):
        return "organisation"
    if is_university_staff(user) or is_supervisor_of(user, internship):
        return "university"
    return None


@rules.predicate
def signs_the_agreement(user, internship):
    return internship is not None and party_of(user, internship) is not None


# Amendments (acte adiționale): proposed by the internship office, the host organisation's
# admin or the academic supervisor; confirmed by the three parties; withdrawn by the proposer
# (or by staff).
proposes_amendments = is_university_staff | is_admin_of_internship_org | is_supervisor_of


@rules.predicate
def proposed_the_amendment(user, amendment):
    return amendment is not None and amendment.proposed_by_id == user.pk


# A placement the student found: the student proposes; staff review it, or the academic
# supervisor the student chose when the period leaves it to the supervisor.


@rules.predicate
def is_the_proposer(user, proposal):
    return proposal is not None and proposal.student_id == user.pk


@rules.predicate
def is_the_chosen_reviewer(user, proposal):
    """The academic supervisor the student chose, in a period whose proposals the
    supervisor approves; never another supervisor."""
    return (
        proposal is not None
        and proposal.academic_supervisor_id == user.pk
        and proposal.period.proposals_reviewed_by == "supervisor"
    )


rules.add_perm("internships.propose", is_student)
rules.add_perm("internships.change_proposal", is_student & is_the_proposer)
rules.add_perm(
    "internships.review_proposal",
    is_university_staff | (is_academic_supervisor & is_the_chosen_reviewer),
)
rules.add_perm("internships.see_proposal_queue", is_university_staff | is_academic_supervisor)
rules.add_perm("internships.record_internship", is_university_staff)
rules.add_perm("internships.manage_placements_of", is_member_of_organisation)
rules.add_perm("internships.manage_placement", is_member_of_placement_org)
rules.add_perm("internships.close_placement", is_member_of_placement_org | is_university_staff)
rules.add_perm("internships.review_application", is_member_of_application_org)
rules.add_perm("internships.manage_rejection_templates", is_member_of_organisation)
rules.add_perm("internships.apply", is_student)
rules.add_perm("internships.report", is_student)
rules.add_perm("internships.withdraw_application", is_student & is_the_applicant)
rules.add_perm("internships.respond_to_offer", is_student & is_the_applicant)
rules.add_perm("internships.moderate", is_university_staff)
rules.add_perm("internships.confirm_agreement", signs_the_agreement)
# Staff reassign too: when the tutor leaves (is deactivated), the intern must not be stranded.
rules.add_perm("internships.assign_host_tutor", is_admin_of_internship_org | is_university_staff)
rules.add_perm("internships.assign_supervisor", is_university_staff)
rules.add_perm("internships.propose_amendment", proposes_amendments)
rules.add_perm("internships.confirm_amendment", signs_the_agreement)
# Staff too: a proposer who lost their access must not block every later amendment.
rules.add_perm("internships.withdraw_amendment", is_university_staff | proposed_the_amendment)


@rules.predicate
def owns_saved_search(user, saved_search):
    return saved_search is not None and saved_search.student_id == user.pk


# Saving placements and searches (internships.saved): a student's own things.
rules.add_perm("internships.save_placements", is_student)
rules.add_perm("internships.change_saved_search", is_student & owns_saved_search)
