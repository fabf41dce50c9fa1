"""Who may do what in allocation rounds."""

import rules

from accounts.faculties import faculty_scope
from accounts.rules import is_student, is_university_staff

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
