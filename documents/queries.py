"""What the certificate pages read, scoped to the viewer."""

from django.db.models import Count, Exists, OuterRef

from accounts.faculties import in_faculties
from internships.models import Internship, Period
from internships.queries import internships_visible_to
from mentors.models import LogbookEntry
from mentors.queries import logbook_of

from .models import Certificate, IssueJob


def certificates_visible_to(user):
    """A certificate is seen by whoever sees its internship (404 for everyone else)."""
    return Certificate.objects.filter(internship__in=internships_visible_to(user))


def period_certificate_summary(period, *, viewer) -> dict:
    """How many completed internships of the viewer's faculties the period has, how many
    hold a valid certificate, how many have only revoked ones (not missing: issued again by
    hand) and how many none."""
    valid = Certificate.objects.filter(internship=OuterRef("pk"), revoked_at=None)
    any_certificate = Certificate.objects.filter(internship=OuterRef("pk"))
    completed = Internship.objects.filter(period=period, status=Internship.Status.COMPLETED)
    counts = in_faculties(completed, viewer).aggregate(
        completed=Count("pk"),
        certified=Count("pk", filter=Exists(valid)),
        missing=Count("pk", filter=~Exists(any_certificate)),
    )
    counts["revoked"] = counts["completed"] - counts["certified"] - counts["missing"]
    return counts


def public_certificate(code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(code=code)
        .select_related(
            "replaced_by",
            "internship__student__student_profile__programme",
            "internship__organisation",
            "internship__period",
            "internship__host_tutor",
            "internship__academic_supervisor",
            "internship__result",
        )
        .first()
    )


def latest_period_with_completed_internships() -> Period | None:
    return (
        Period.objects.filter(internships__status=Internship.Status.COMPLETED)
        .order_by("-starts_on")
        .first()
    )


def latest_period() -> Period | None:
    return Period.objects.order_by("-starts_on", "-pk").first()


def issue_jobs_of(period):
    return IssueJob.objects.filter(period=period).select_related("started_by")


def certificates_of_internship(internship):
    """The internship's certificates, newest first (a reissue revokes the one before)."""
    return list(
        internship.certificates.select_related("replaced_by", "revoked_by").order_by(
            "-issued_at", "-pk"
        )
    )


def practice_file_entries(internship):
    """The logbook entries the practice file prints: approved ones and those awaiting
    approval; a draft or a returned entry is the student's work in progress, never printed."""
    return logbook_of(internship).filter(
        status__in=(LogbookEntry.Status.APPROVED, LogbookEntry.Status.SUBMITTED)
    )


def certificates_for_list(viewer):
    """The certificates `viewer` may see, newest first, with what the list and its file
    show: the student and programme, the organisation, the period, the successor."""
    return (
        certificates_visible_to(viewer)
        .select_related(
            "internship__student__student_profile__programme",
            "internship__organisation",
            "internship__period",
            "replaced_by",
        )
        .order_by("-issued_at", "-pk")
    )
