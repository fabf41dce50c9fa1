from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import StudentProfile, User
from accounts.validators import validate_pdf
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from ..models import Application, ApplicationNote, Internship, Placement
from .placements import members_of

A = Application.Status
# Any open application ends when its placement closes or fills (A.CLOSED).
MOVES = {
    A.SUBMITTED: {
        A.IN_REVIEW,
        A.SHORTLISTED,
        A.INTERVIEW,
        A.OFFERED,
        A.REJECTED,
        A.WITHDRAWN,
        A.CLOSED,
    },
    A.IN_REVIEW: {A.SHORTLISTED, A.INTERVIEW, A.OFFERED, A.REJECTED, A.WITHDRAWN, A.CLOSED},
    A.SHORTLISTED: {A.INTERVIEW, A.OFFERED, A.REJECTED, A.WITHDRAWN, A.CLOSED},
    A.INTERVIEW: {A.INTERVIEW, A.OFFERED, A.REJECTED, A.WITHDRAWN, A.CLOSED},
    A.OFFERED: {A.ACCEPTED, A.DECLINED, A.EXPIRED, A.REJECTED, A.WITHDRAWN, A.CLOSED},
}
# The pipeline's plain moves: no extra data needed.
PLAIN_MOVES = (A.IN_REVIEW, A.SHORTLISTED)


def _locked(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement__organisation", "student")
        .get(pk=application.pk)
    )


@transaction.atomic
def apply(*, by, placement, cover_letter: str, cv_upload=None) -> Application:
    """A student applies once to a published placement before its deadline, if eligible,
    within the period's limit of open applications. The application keeps its own CV copy.
    """
    ensure(by, "internships.apply")
    # One student's applications are decided one at a time (a double-clicked form, two tabs).
    User.objects.select_for_update(no_key=True).get(pk=by.pk)
    placement = Placement.objects.select_related("organisation", "period").get(pk=placement.pk)
    profile = StudentProfile.objects.select_related("programme").get(user=by)
    if not placement.is_open_for_applications or not placement.organisation.is_verified:
        raise ServiceError(_("This placement is not open for applications."))
    if placement.period.applications_open_on > timezone.localdate():
        raise ServiceError(
            _("Applications for %(period)s open on %(date)s.")
            % {
                "period": placement.period.name,
                "date": formats.date_format(placement.period.applications_open_on),
            }
        )
    if (
        Internship.objects.filter(student=by, period=placement.period)
        .exclude(status=Internship.Status.TERMINATED)
        .exists()
    ):
        raise ServiceError(_("You already hold an internship in this period."))
    if not placement.programmes.filter(pk=profile.programme_id).exists():
        raise ServiceError(_("This placement is not open to students of your programme."))
    if Application.objects.filter(placement=placement, student=by).exists():
        raise ServiceError(_("You have already applied to this placement."))
    limit = settings.MAX_OPEN_APPLICATIONS_PER_PERIOD
    open_count = Application.objects.filter(
        student=by, placement__period=placement.period, status__in=Application.OPEN_STATUSES
    ).count()
    if open_count >= limit:
        raise ServiceError(
            _(
                "You already have %(count)d open applications in this period, the most allowed. "
                "Withdraw one to apply here."
            )
            % {"count": open_count}
        )
    if not cover_letter.strip():
        raise ServiceError(_("Write a few words on why you want this placement."))
    if cv_upload is not None:
        try:
            validate_pdf(cv_upload)
        except ValidationError as error:
            raise ServiceError(error.messages[0]) from error
        content = cv_upload.read()
    elif profile.cv:
        with profile.cv.open("rb") as cv_file:
            content = cv_file.read()
    else:
        raise ServiceError(_("Upload a CV, or add one to your profile first."))
    application = Application(placement=placement, student=by, cover_letter=cover_letter.strip())
    application.cv.save("cv.pdf", ContentFile(content), save=False)
    application.save()
    record_event(application, by=by, action="applied", new=application.status)
    notify(
        members_of(placement.organisation),
        "application_received",
        url=company_url(application),
        student=by.get_full_name(),
        placement=placement.title,
    )
    return application


def student_url(application):
    return reverse("student_application", args=[application.pk])


def company_url(application):
    return reverse("company_application", args=[application.pk])


@transaction.atomic
def move_application(*, application, by, to: str, note: str = "") -> Application:
    """The organisation moves an applicant along: in review, shortlisted."""
    ensure(by, "internships.review_application", application)
    if to not in PLAIN_MOVES:
        raise ServiceError(_("This step is not available here."))
    application = _locked(application)
    transition(application, moves=MOVES, to=to, by=by, action="moved", note=note)
    notify(
        [application.student],
        "application_moved",
        url=student_url(application),
        placement=application.placement.title,
        status=to,
    )
    return application


@transaction.atomic
def invite_to_interview(*, application, by, when, location: str, note: str = "") -> Application:
    """The student is told when and where; the page offers the .ics calendar file."""
    ensure(by, "internships.review_application", application)
    if when <= timezone.now():
        raise ServiceError(_("The interview must be in the future."))
    if not location.strip():
        raise ServiceError(_("Say where the interview takes place, or give the link."))
    application = _locked(application)
    application.interview_at = when
    application.interview_location = location.strip()
    transition(
        application,
        moves=MOVES,
        to=A.INTERVIEW,
        by=by,
        action="interview",
        note=note,
        fields=["interview_at", "interview_location"],
    )
    notify(
        [application.student],
        "interview_invited",
        url=student_url(application),
        placement=application.placement.title,
        when=formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
    )
    return application


@transaction.atomic
def make_offer(*, application, by, deadline, message: str = "") -> Application:
    """An offer waits for the student's answer until its deadline."""
    ensure(by, "internships.review_application", application)
    if deadline <= timezone.now():
        raise ServiceError(_("The answer deadline must be in the future."))
    application = _locked(application)
    placement = application.placement
    if placement.status not in (Placement.Status.PUBLISHED, Placement.Status.CLOSED):
        raise ServiceError(_("Offers are made on a published or closed placement."))
    if placement.applications.filter(status=A.ACCEPTED).count() >= placement.positions:
        raise ServiceError(_("All positions of this placement have been filled."))
    application.offer_deadline = deadline
    application.message_to_student = message.strip()
    transition(
        application,
        moves=MOVES,
        to=A.OFFERED,
        by=by,
        action="offered",
        note=message,
        fields=["offer_deadline", "message_to_student"],
    )
    notify(
        [application.student],
        "offer_made",
        url=student_url(application),
        placement=application.placement.title,
        deadline=formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT"),
    )
    return application


def _reject(application, *, by, message: str, action: str = "rejected"):
    application.message_to_student = message.strip()
    transition(
        application,
        moves=MOVES,
        to=A.REJECTED,
        by=by,
        action=action,
        note=message,
        fields=["message_to_student"],
    )
    notify(
        [application.student],
        "application_rejected",
        url=student_url(application),
        placement=application.placement.title,
    )


@transaction.atomic
def reject_application(*, application, by, message: str = "") -> Application:
    """The organisation declines an open application, with an optional message."""
    ensure(by, "internships.review_application", application)
    application = _locked(application)
    _reject(application, by=by, message=message)
    return application


@transaction.atomic
def reject_remaining(*, placement, by, message: str = "") -> int:
    """Once every position is taken, the other applicants are told at once."""
    ensure(by, "internships.manage_placement", placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    accepted = placement.applications.filter(status=A.ACCEPTED).count()
    if accepted < placement.positions:
        raise ServiceError(
            _("Positions are still open: %(free)d of %(total)d.")
            % {"free": placement.positions - accepted, "total": placement.positions}
        )
    remaining = list(
        placement.applications.select_for_update(of=("self",))
        .filter(status__in=Application.OPEN_STATUSES)
        .select_related("student", "placement")
    )
    for application in remaining:
        _reject(application, by=by, message=message, action="rejected_all")
    return len(remaining)


@transaction.atomic
def withdraw_application(*, application, by, note: str = "") -> Application:
    """The student withdraws an open application at any time."""
    ensure(by, "internships.withdraw_application", application)
    application = _locked(application)
    transition(application, moves=MOVES, to=A.WITHDRAWN, by=by, action="withdrawn", note=note)
    notify(
        members_of(application.placement.organisation),
        "application_withdrawn",
        url=company_url(application),
        student=application.student.get_full_name(),
        placement=application.placement.title,
    )
    return application


@transaction.atomic
def add_note(*, application, by, body: str) -> ApplicationNote:
    """A private note of the organisation on an applicant."""
    ensure(by, "internships.review_application", application)
    if not body.strip():
        raise ServiceError(_("The note is empty."))
    return ApplicationNote.objects.create(application=application, author=by, body=body.strip())


def open_applications_of(student, period):
    return Application.objects.filter(
        student=student, placement__period=period, status__in=Application.OPEN_STATUSES
    )
