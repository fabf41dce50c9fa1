"""The read side of mentoring, scoped to the mentor."""

from accounts.models import MentorProfile, User


def mentor_profile_of(user: User) -> MentorProfile:
    return MentorProfile.objects.select_related("organisation", "user").get(user=user)
