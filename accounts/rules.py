"""Who may do what with accounts, organisations and invitations."""

import rules

from .models import Invitation, MentorProfile, Role


@rules.predicate
def is_student(user):
    return getattr(user, "role", None) == Role.STUDENT


@rules.predicate
def is_company_member(user):
    return getattr(user, "role", None) == Role.COMPANY


@rules.predicate
def is_mentor(user):
    return getattr(user, "role", None) == Role.MENTOR


@rules.predicate
def is_university_staff(user):
    return getattr(user, "role", None) == Role.STAFF


@rules.predicate
def works_for_all_faculties(user):
    """Staff of every faculty (accounts.faculties): they add faculties and programmes and
    say which faculties each member of staff works for."""
    return is_university_staff(user) and user.all_faculties


def organisation_id_of(user):
    """The organisation a company account belongs to (None for the other roles)."""
    membership = getattr(user, "membership", None) if is_company_member(user) else None
    return membership.organisation_id if membership else None


def administers(user, organisation_id) -> bool:
    membership = getattr(user, "membership", None) if is_company_member(user) else None
    return bool(
        membership and membership.is_admin and membership.organisation_id == organisation_id
    )


@rules.predicate
def is_admin_of_organisation(user, organisation):
    return administers(user, organisation.pk)


@rules.predicate
def may_issue_invitation_of_kind(user, invitation):
    """Staff invite staff and supervisors; an organisation's admin invites its own people."""
    if invitation.kind in Invitation.ORGANISATION_KINDS:
        return invitation.organisation is not None and is_admin_of_organisation(
            user, invitation.organisation
        )
    return is_university_staff(user)


@rules.predicate
def is_academic_supervisor(user):
    profile = getattr(user, "mentor_profile", None) if is_mentor(user) else None
    return bool(profile and profile.kind == MentorProfile.Kind.SUPERVISOR)


@rules.predicate
def invites_for_an_internship(user, invitation):
    """The university (staff, or the academic supervisor approving a proposal) invites a
    host's tutor and the legal representative of a new host."""
    return invitation.kind in (Invitation.Kind.HOST_TUTOR, Invitation.Kind.ORG_ADMIN) and (
        is_university_staff(user) or is_academic_supervisor(user)
    )


@rules.predicate
def sent_the_invitation_or_administers_its_organisation(user, invitation):
    if invitation.organisation_id is not None:
        return is_admin_of_organisation(user, invitation.organisation)
    return is_university_staff(user)


rules.add_perm("accounts.invite", may_issue_invitation_of_kind)
rules.add_perm("accounts.invite_for_internship", invites_for_an_internship)
rules.add_perm("accounts.revoke_invitation", sent_the_invitation_or_administers_its_organisation)
rules.add_perm("accounts.invite_organisation_people", is_admin_of_organisation)
rules.add_perm("accounts.edit_student_profile", is_student)
rules.add_perm("accounts.edit_university", is_university_staff)
rules.add_perm("accounts.manage_faculties", works_for_all_faculties)
rules.add_perm("accounts.edit_organisation", is_admin_of_organisation)
