"""The read side of internships: what each page shows, scoped to the viewer."""

from django.db.models import Count, Q

from accounts.models import Organisation, Role, User


def staff_overview() -> dict:
    """The figures of the staff home, counted by the database in two queries."""
    people = User.objects.filter(is_active=True).aggregate(
        students=Count("pk", filter=Q(role=Role.STUDENT)),
        company_members=Count("pk", filter=Q(role=Role.COMPANY)),
        host_tutors=Count("pk", filter=Q(role=Role.MENTOR, mentor_profile__kind="host_tutor")),
        supervisors=Count("pk", filter=Q(role=Role.MENTOR, mentor_profile__kind="supervisor")),
        staff=Count("pk", filter=Q(role=Role.STAFF)),
    )
    organisations = Organisation.objects.aggregate(
        organisations_total=Count("pk"),
        organisations_pending=Count("pk", filter=Q(status=Organisation.Status.PENDING)),
        organisations_verified=Count("pk", filter=Q(status=Organisation.Status.VERIFIED)),
        organisations_suspended=Count("pk", filter=Q(status=Organisation.Status.SUSPENDED)),
    )
    return {**people, **organisations}
