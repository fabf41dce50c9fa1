"""Who may do what with personal-data requests."""

import rules

from accounts.models import Role


@rules.predicate
def is_staff_member(user) -> bool:
    return getattr(user, "role", None) == Role.STAFF


@rules.predicate
def is_owner_of(user, export) -> bool:
    return export is not None and export.user_id == user.pk


rules.add_perm("privacy.view_register", rules.is_authenticated & is_staff_member)
rules.add_perm("privacy.download_export", rules.is_authenticated & is_owner_of)
