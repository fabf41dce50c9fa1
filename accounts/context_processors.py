from django.utils.translation import gettext_lazy as _

from .faculties import manages_faculties
from .models import Role

NAVIGATION = {
    Role.STUDENT: [
        ("student_home", _("Home")),
        ("placement_search", _("Placements")),
        ("saved_placements", _("Saved for later")),
        ("student_applications", _("My applications")),
        ("student_internship", _("My internship")),
        ("student_profile", _("My profile")),
    ],
    Role.COMPANY: [
        ("company_home", _("Home")),
        ("company_placements", _("Placements")),
        ("company_internships", _("Interns")),
        ("company_invitations", _("People and invitations")),
    ],
    Role.MENTOR: [
        ("mentor_home", _("Home")),
        ("logbook_entries", _("Logbooks")),
    ],
    Role.STAFF: [
        ("staff_home", _("Home")),
        ("staff_students", _("Students")),
        ("staff_internships", _("Internships")),
        ("staff_paperwork", _("Agreements")),
        ("staff_applications", _("Applications")),
        ("staff_placements", _("Placements")),
        ("logbook_entries", _("Logbooks")),
        ("staff_certificates", _("Certificates")),
        ("staff_organisations", _("Vetting")),
        ("staff_organisation_directory", _("Organisations")),
        ("staff_audit_log", _("Audit log")),
    ],
}
PUBLIC_NAVIGATION = [("placement_search", _("Placements"))]
# Pages that name people of every faculty: for staff of all faculties only.
EVERY_FACULTY = {"staff_audit_log"}


def navigation(request):
    """The menu of the viewer's role, and nothing of the others'."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"role_navigation": PUBLIC_NAVIGATION}
    items = NAVIGATION.get(user.role, [])
    if user.role == Role.STAFF and not manages_faculties(user):
        items = [item for item in items if item[0] not in EVERY_FACULTY]
    return {"role_navigation": items}
