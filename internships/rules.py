"""Who may do what with placements, applications and internships."""

import rules

from accounts.rules import (
    is_company_member,
    is_student,
    is_university_staff,
)


def _organisation_id(user):
    membership = getattr(user, "membership", None) if is_company_member(user) else None
    return membership.organisation_id if membership else None


@rules.predicate
def is_member_of_organisation(user, organisation):
    return organisation is not None and _organisation_id(user) == organisation.pk


@rules.predicate
def is_member_of_placement_org(user, placement):
    return placement is not None and _organisation_id(user) == placement.organisation_id


@rules.predicate
def is_member_of_application_org(user, application):
    return (
        application is not None
        and _organisation_id(user) is not None
        and _organisation_id(user) == application.placement.organisation_id
    )


@rules.predicate
def is_the_applicant(user, application):
    return application is not None and application.student_id == user.pk


rules.add_perm("internships.manage_placements_of", is_member_of_organisation)
rules.add_perm("internships.manage_placement", is_member_of_placement_org)
rules.add_perm("internships.review_application", is_member_of_application_org)
rules.add_perm("internships.apply", is_student)
rules.add_perm("internships.report", is_student)
rules.add_perm("internships.withdraw_application", is_student & is_the_applicant)
rules.add_perm("internships.respond_to_offer", is_student & is_the_applicant)
rules.add_perm("internships.moderate", is_university_staff)


@rules.predicate
def signs_the_agreement(user, internship):
    """The intern, the organisation's admin, staff and the academic supervisor."""
    from .services.agreements import party_of

    return internship is not None and party_of(user, internship) is not None


rules.add_perm("internships.confirm_agreement", signs_the_agreement)
