"""Who mentors each internship: the host tutor and the academic supervisor.

Each change ends the current assignment of its kind and opens a new one, so the history of
who mentored an internship is kept.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MentorProfile
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event

from ..models import Internship, MentorAssignment
from .agreements import reconsider_agreement

I = Internship.Status  # noqa: E741 (the internship's status, as in the other services)


def lock_internship(internship) -> Internship:
    """The internship's row, locked for the rest of the transaction, with its people."""
    return (
        Internship.objects.select_for_update(of=("self",))
        .select_related("student", "host_tutor", "academic_supervisor", "placement")
        .get(pk=internship.pk)
    )


def assign_mentor(internship, *, mentor, kind, by) -> str | None:
    """Make `mentor` the internship's mentor of `kind` (the caller has locked the row and
    checked the right); returns a warning when the mentor is past their capacity."""
    if not internship.is_running:
        raise ServiceError(_("Mentors are assigned while the internship is planned or active."))
    field = "host_tutor" if kind == MentorAssignment.Kind.HOST_TUTOR else "academic_supervisor"
    previous = getattr(internship, f"{field}_id")
    if previous == mentor.pk:
        return None
    MentorAssignment.objects.filter(internship=internship, kind=kind, ended_at=None).update(
        ended_at=timezone.now()
    )
    MentorAssignment.objects.create(internship=internship, mentor=mentor, kind=kind, assigned_by=by)
    setattr(internship, field, mentor)
    internship.save(update_fields=[field, "updated_at"])
    record_event(
        internship,
        by=by,
        action=f"assigned_{kind}",
        note_kind="mentor_assigned",
        note_params={"mentor": mentor.display_name, "role": str(kind)},
    )
    notify(
        [mentor],
        "mentor_assigned",
        by=by,
        url=internship.get_absolute_url(),
        student=internship.student.display_name,
        role=kind,
    )
    # The mentor is a fact of the agreement: those who confirmed it are asked again.
    reconsider_agreement(internship, by=by)
    return _over_capacity_warning(mentor)


def _over_capacity_warning(mentor) -> str | None:
    profile = MentorProfile.objects.filter(user=mentor).first()
    if not profile or not profile.max_interns:
        return None
    running = (
        Internship.objects.filter(status__in=(I.PLANNED, I.ACTIVE))
        .filter(host_tutor=mentor)
        .count()
        + Internship.objects.filter(
            status__in=(I.PLANNED, I.ACTIVE), academic_supervisor=mentor
        ).count()
    )
    if running > profile.max_interns:
        return _("%(mentor)s now mentors %(count)d interns, more than the %(max)d they accept.") % {
            "mentor": mentor.display_name,
            "count": running,
            "max": profile.max_interns,
        }
    return None


@transaction.atomic
def assign_supervisor(*, internships, mentor, by) -> list[str]:
    """Staff name the academic supervisor of one internship or many at once."""
    ensure(by, "internships.assign_supervisor")
    if not MentorProfile.objects.filter(user=mentor, kind=MentorProfile.Kind.SUPERVISOR).exists():
        raise ServiceError(_("Choose an academic supervisor of the university."))
    if not mentor.is_active:
        raise ServiceError(
            _("%(mentor)s's account is deactivated: choose an active mentor.")
            % {"mentor": mentor.display_name or mentor.email}
        )
    warnings = []
    for internship in internships:
        warning = assign_mentor(
            lock_internship(internship), mentor=mentor, kind=MentorAssignment.Kind.SUPERVISOR, by=by
        )
        if warning:
            warnings = [warning]  # the last count is the one that matters
    return warnings
