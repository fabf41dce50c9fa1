"""Who may do what in allocation rounds."""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.faculties import faculty_scope
from accounts.rules import (
    is_company_member,
    is_student,
    is_university_staff,
    organisation_id_of,
)
from internships.models import Internship

from .models import Match, Round

# Ranking: students rank placements, hosts rank applicants (alloc-rank) ---------------------


def holds_internship_in(student, period) -> bool:
    """The student already holds an internship (not ended early) in the period."""
    return (
        Internship.objects.filter(student=student, period=period)
        .exclude(status=Internship.Status.TERMINATED)
        .exists()
    )


def left_unmatched_by_previous(student, round) -> bool:
    """A second round (`round.previous`) takes only the students the previous round's
    published run left without a placement; a first round takes everyone (see
    queries.unmatched_by_previous for the same rule over many students)."""
    if round.previous_id is None:
        return True
    previous = round.previous
    if previous.published_run_id is None:
        return False
    return Match.objects.filter(
        run_id=previous.published_run_id, student=student, placement__isnull=True
    ).exists()


def refusal_to_take_part(*, student, round) -> str:
    """Why this student may not rank placements in this round, in words for them; "" when
    they may. The round's page and `save_choices` both ask here, so they agree."""
    if not is_student(student):
        return _("Only students rank placements.")
    if round.status != Round.Status.OPEN:
        return _("This round is not open.")
    profile = getattr(student, "student_profile", None)
    programme_id = profile.programme_id if profile else None
    if programme_id is None or not round.programmes.filter(pk=programme_id).exists():
        return _("This round is not open to students of your programme.")
    if holds_internship_in(student, round.period):
        return _(
            "You already hold an internship in %(period)s, so you do not take part in this round."
        ) % {"period": round.period.display_name}
    if not left_unmatched_by_previous(student, round):
        return _(
            "This second round is for the students the first round left without a "
            "placement; you are not one of them."
        )
    return ""


def hosts_see_applicants(round, now=None) -> bool:
    """Hosts see who ranked their placements once the students' lists are final: from the
    hosts' phase on, never while students still rank."""
    return round.phase_at(now or timezone.now()) not in (Round.Phase.NOT_YET, Round.Phase.STUDENTS)


@rules.predicate
def is_member_of_ranked_placement_org(user, placement):
    return placement is not None and organisation_id_of(user) == placement.organisation_id


rules.add_perm("allocation.rank_placements", is_student)
rules.add_perm("allocation.rank_applicants", is_company_member & is_member_of_ranked_placement_org)
# (end of alloc-rank's block)

# Staff side of rounds (alloc-staff): set up, open, cancel, quotas, run, pin, export.
rules.add_perm("allocation.manage_rounds", is_university_staff)


# --- alloc-publish: publishing, second rounds, students' results ---------------------


@rules.predicate
def covers_the_round(user, round):
    """Staff whose faculties hold every programme of the round (staff of all faculties:
    every round)."""
    scope = faculty_scope(user)
    if scope is None or round is None:
        return True
    return set(round.programmes.values_list("pk", flat=True)) <= set(scope)


rules.add_perm("allocation.publish_round", is_university_staff & covers_the_round)
rules.add_perm("allocation.see_own_result", is_student)
# --- end alloc-publish ---------------------------------------------------------------
