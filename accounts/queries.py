"""The read side of accounts: what each page shows, scoped to the viewer."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    Invitation,
    Organisation,
    OrganisationMembership,
    Role,
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
    User,
)


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
    """The student's own profile with everything its pages show: skills, CVs (newest
    first), links, languages and experience."""
    return (
        StudentProfile.objects.select_related("programme", "user")
        .prefetch_related("skills", "cvs", "links", "languages", "experiences")
        .get(user=user)
    )


def student_profile_summary_of(user: User) -> StudentProfile:
    """The profile as the student's home shows it: skills and CVs, and whether links,
    languages and experience are there (for `profile_completeness`), in three queries."""
    of_profile = {"profile": OuterRef("pk")}
    return (
        StudentProfile.objects.select_related("programme", "user")
        .prefetch_related("skills", "cvs")
        .annotate(
            has_links=Exists(StudentLink.objects.filter(**of_profile)),
            has_languages=Exists(StudentLanguage.objects.filter(**of_profile)),
            has_experience=Exists(StudentExperience.objects.filter(**of_profile)),
        )
        .get(user=user)
    )


def cvs_of(user: User) -> QuerySet[StudentCV]:
    """The student's own CVs, newest first: anyone else's is not found."""
    return StudentCV.objects.filter(profile__user=user).select_related("profile")


def experiences_of(user: User) -> QuerySet[StudentExperience]:
    return StudentExperience.objects.filter(profile__user=user).select_related("profile")


@dataclass(frozen=True)
class Completeness:
    """How complete a student's profile is: a percentage and what is still missing."""

    percent: int
    missing: list[str]


def profile_completeness(profile: StudentProfile) -> Completeness:
    """Each part a host reads counts the same. Reads what `student_profile_of` prefetched
    (or `student_profile_summary_of` annotated), so it costs no query."""

    def present(annotation, related):
        value = getattr(profile, annotation, None)
        return bool(related.all()) if value is None else value

    parts = [
        (profile.year_of_study is not None, _("your year of study")),
        (bool(profile.phone), _("a phone number")),
        (len(profile.bio.strip()) >= 40, _("a short bio (a few sentences)")),
        (bool(profile.skills.all()), _("your skills")),
        (bool(profile.cvs.all()), _("a CV")),
        (present("has_links", profile.links), _("a link (LinkedIn, GitHub or a portfolio)")),
        (present("has_languages", profile.languages), _("the languages you speak")),
        (present("has_experience", profile.experiences), _("your experience or projects")),
    ]
    done = sum(1 for present, _label in parts if present)
    return Completeness(
        percent=round(100 * done / len(parts)),
        missing=[str(label) for present, label in parts if not present],
    )


def university_staff() -> QuerySet[User]:
    """The internship office's active accounts: they hear of what needs their attention.
    For what concerns one student, `staff_of_student` (faculties, issue #17)."""
    return User.objects.filter(role=Role.STAFF, is_active=True)


def staff_of_student(student) -> QuerySet[User]:
    """The active staff who answer for `student`: those of all faculties and those of the
    faculty of the student's programme (accounts.faculties). A student without a programme
    is in no faculty: only staff of all faculties hear of them."""
    profile = StudentProfile.objects.filter(user_id=student.pk)
    faculty_id = profile.values_list("programme__faculty_unit_id", flat=True).first()
    theirs = Q(all_faculties=True)
    if faculty_id is not None:
        theirs |= Q(faculties=faculty_id)
    return university_staff().filter(theirs).distinct()
