"""Who may do what with calendar feeds: each person keeps their own, and no one else's."""

import rules


@rules.predicate
def is_themselves(user, person) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


rules.add_perm("agenda.manage_feed", rules.is_active & is_themselves)
