"""The mentor's own details: what the interns and the other mentor read to reach them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import MentorProfile
from accounts.validators import validate_phone
from core.audit import changed_fields, record_event, snapshot
from core.services import ServiceError

CONTACT_FIELDS = ("phone", "job_title", "expertise")


@transaction.atomic
def update_mentor_profile(
    *, profile: MentorProfile, by, phone: str, job_title: str, expertise: str
) -> MentorProfile:
    """A mentor changes their own phone, job title and expertise; no one else does."""
    if profile.user_id != by.pk:
        raise ServiceError(_("You can only change your own details."))
    before = snapshot(profile, CONTACT_FIELDS)
    phone = phone.strip()
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            raise ServiceError(error.messages) from error
    profile.phone = phone
    profile.job_title = job_title.strip()[:120]
    profile.expertise = expertise.strip()[:2000]
    profile.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
    note = changed_fields(before, snapshot(profile, CONTACT_FIELDS))
    if note:
        record_event(profile, by=by, action="mentor_profile_edited", note=note)
    return profile
