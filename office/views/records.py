"""The staff record pages: a student's whole story and an application's, each with its
timeline. Staff read the records of their faculties' students; the pages change nothing."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from accounts.faculties import in_faculties
from accounts.models import Role, StudentProfile, User
from core.permissions import role_required
from documents.models import Certificate
from internships import queries
from internships.models import Application, Internship
from internships.timeline import label as application_label
from mentors import timeline as internship_timeline
from notifications.models import Event
from office.queries import cvs_kept

# Reads (one query each, whatever the number of applications) --------------------------


def _students(viewer):
    return (
        in_faculties(User.objects.filter(role=Role.STUDENT), viewer, "student_profile__programme")
        .select_related("student_profile__programme")
        .prefetch_related("student_profile__skills")
        .annotate(cv_count=cvs_kept())
    )


def _applications_of(student):
    return (
        Application.objects.filter(student=student)
        .select_related("placement__organisation", "placement__period")
        .order_by("-created_at", "-pk")
    )


def _internships_of(student):
    return (
        Internship.objects.filter(student=student)
        .select_related("organisation", "period", "placement", "host_tutor", "academic_supervisor")
        .order_by("-starts_on", "-pk")
    )


def _certificates_of(student):
    return (
        Certificate.objects.filter(internship__student=student)
        .select_related("internship__organisation", "internship__period")
        .order_by("-issued_at", "-pk")
    )


def _events_of(applications, internships) -> list[Event]:
    """The timelines of all of them, merged by date, in one query (Event is generic)."""
    if not applications and not internships:
        return []
    of_application = ContentType.objects.get_for_model(Application)
    of_internship = ContentType.objects.get_for_model(Internship)
    subjects = {
        **{(of_application.pk, a.pk): a for a in applications},
        **{(of_internship.pk, i.pk): i for i in internships},
    }
    events = list(
        Event.objects.filter(
            Q(content_type=of_application, object_id__in=[a.pk for a in applications])
            | Q(content_type=of_internship, object_id__in=[i.pk for i in internships])
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for event in events:
        event.record = subjects[(event.content_type_id, event.object_id)]
        event.is_internship = event.content_type_id == of_internship.pk
    return [_labelled(event) for event in events]


def _labelled(event: Event) -> Event:
    is_internship = getattr(event, "is_internship", False)
    if is_internship:
        return internship_timeline.label(event)
    return application_label(event)


def _profile_of(student) -> StudentProfile | None:
    try:
        return student.student_profile
    except StudentProfile.DoesNotExist:
        return None


# Pages ---------------------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_student(request, pk):
    student = get_object_or_404(_students(request.user), pk=pk)
    applications = list(_applications_of(student))
    internships = list(_internships_of(student))
    context = {
        "student": student,
        "profile": _profile_of(student),
        "applications": applications,
        "internships": internships,
        "certificates": _certificates_of(student),
        "timeline": _events_of(applications, internships),
    }
    return render(request, "office/records/student.html", context)


@role_required(Role.STAFF)
def staff_application(request, pk):
    application = get_object_or_404(
        in_faculties(Application.objects.all(), request.user).select_related(
            "student__student_profile__programme",
            "placement__organisation",
            "placement__period",
            "internship",
        ),
        pk=pk,
    )
    context = {
        "application": application,
        "profile": _profile_of(application.student),
        "internship": getattr(application, "internship", None),
        "notes": queries.notes_of(application),
        "timeline": [_labelled(event) for event in queries.timeline(application)],
    }
    return render(request, "office/records/application.html", context)
