from django.utils.translation import gettext_lazy as _

from .models import Role

NAVIGATION = {
    Role.STUDENT: [
        ("student_home", _("Home")),
        ("student_profile", _("My profile")),
    ],
    Role.COMPANY: [
        ("company_home", _("Home")),
        ("company_invitations", _("People and invitations")),
    ],
    Role.MENTOR: [
        ("mentor_home", _("Home")),
    ],
    Role.STAFF: [
        ("staff_home", _("Home")),
        ("staff_invitations", _("Invitations")),
    ],
}


def navigation(request):
    """The menu of the viewer's role, and nothing of the others'."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    return {"role_navigation": NAVIGATION.get(role, [])}
