"""The read side of accounts: what each page shows, scoped to the viewer."""

from django.db.models import QuerySet

from .models import Invitation, Organisation, OrganisationMembership, Role, StudentProfile, User


def organisation_of(user: User) -> Organisation | None:
    membership = (
        OrganisationMembership.objects.select_related(
            "organisation__sector", "organisation__county"
        )
        .filter(user=user)
        .first()
    )
    return membership.organisation if membership else None


def members_of(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def host_tutors_of(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(mentor_profile__organisation=organisation)
        .select_related("mentor_profile")
        .order_by("last_name", "first_name")
    )


def invitations_visible_to(user: User) -> QuerySet[Invitation]:
    """Staff see the university's invitations; an organisation's admin sees its own."""
    base = Invitation.objects.select_related("invited_by", "organisation").order_by("-created_at")
    if user.is_university_staff:
        return base.filter(organisation__isnull=True)
    membership = getattr(user, "membership", None) if user.is_company else None
    if membership and membership.is_admin:
        return base.filter(organisation_id=membership.organisation_id)
    return base.none()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def student_profile_of(user: User) -> StudentProfile:
    return (
        StudentProfile.objects.select_related("programme", "user")
        .prefetch_related("skills")
        .get(user=user)
    )


def university_staff() -> QuerySet[User]:
    """The internship office's active accounts: they hear of what needs their attention."""
    return User.objects.filter(role=Role.STAFF, is_active=True)
