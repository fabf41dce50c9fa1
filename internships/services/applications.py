from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import StudentCV, StudentProfile, User
from accounts.rules import is_student
from accounts.validators import validate_pdf
from core.outage import storing
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event
from notifications.services import transition as _transition

from ..models import Application, ApplicationNote, Internship, Placement, ScreeningAnswer
from ..signals import application_moved, interview_invitation_refusal
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
    A.OFFERED: {
        A.ACCEPTED,
        A.DECLINED,
        A.EXPIRED,
        A.REJECTED,
        A.WITHDRAWN,
        A.CLOSED,
        A.RESCINDED,
    },
}
# The pipeline's plain moves: no extra data needed.
PLAIN_MOVES = (A.IN_REVIEW, A.SHORTLISTED)


def transition(application, *, to, by, action, moves=MOVES, **recorded) -> Application:
    """Every change of an application's status: along MOVES, recorded, then told to the apps
    above (`signals.application_moved`) in the caller's transaction, the row locked."""
    old = application.status
    _transition(application, moves=moves, to=to, by=by, action=action, **recorded)
    application_moved.send(sender=Application, application=application, old=old, by=by)
    return application


def refusal_to_invite(application) -> str:
    """Why the host may not set the interview's time by hand now ("" when it may): the apps
    above answer (`signals.interview_invitation_refusal`), as a booked slot does."""
    for _receiver, refusal in interview_invitation_refusal.send(
        sender=Application, application=application
    ):
        if refusal:
            return str(refusal)
    return ""


def _locked(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement__organisation", "student")
        .get(pk=application.pk)
    )


def refusal_to_apply(*, student, placement) -> str:
    """Why this student may not apply to this placement now, in words for them; "" when they
    may. The placement's page, the apply page and `apply` all ask here, so they agree."""
    if not is_student(student):
        return _("Only students apply to placements.")
    if not EmailAddress.objects.filter(user=student, primary=True, verified=True).exists():
        return _(
            "Confirm your e-mail address before you apply: open the link we sent you, or ask "
            "for a new one on your e-mail addresses page."
        )
    if placement.status != Placement.Status.PUBLISHED or not placement.organisation.is_verified:
        return _("This placement is not open for applications.")
    if placement.deadline < timezone.localdate():
        return _("The deadline for applications to this placement has passed.")
    if placement.period.applications_open_on > timezone.localdate():
        return _("Applications for %(period)s open on %(date)s.") % {
            "period": placement.period.display_name,
            "date": formats.date_format(placement.period.applications_open_on),
        }
    if Application.objects.filter(placement=placement, student=student).exists():
        return _("You have already applied to this placement.")
    if (
        Internship.objects.filter(student=student, period=placement.period)
        .exclude(status=Internship.Status.TERMINATED)
        .exists()
    ):
        return _("You already hold an internship in this period.")
    programme_id = (
        StudentProfile.objects.filter(user=student).values_list("programme_id", flat=True).first()
    )
    if not placement.programmes.filter(pk=programme_id).exists():
        return _("This placement is not open to students of your programme.")
    open_count = open_applications_of(student, placement.period).count()
    if open_count >= settings.MAX_OPEN_APPLICATIONS_PER_PERIOD:
        return _(
            "You already have %(count)d open applications in this period, the most allowed. "
            "Withdraw one to apply here."
        ) % {"count": open_count}
    return ""


def _stored_cv(cv) -> bytes:
    """One of the student's CVs, checked again as a new upload would be: a file stored
    before the checks grew stricter is refused, not copied into the application."""
    try:
        with cv.file.open("rb") as cv_file:
            validate_pdf(cv_file)
            return cv_file.read()
    except FileNotFoundError as error:
        raise ServiceError(
            _("The CV “%(label)s” in your profile cannot be read any more. Upload it again.")
            % {"label": cv.label}
        ) from error
    except ValidationError as error:
        raise ServiceError(
            _(
                "The CV in your profile does not pass our checks any more: %(problem)s "
                "Upload a new PDF, here or in your profile."
            )
            % {"problem": error.messages[0]}
        ) from error


def _screening_answers(placement, answers: dict) -> list[ScreeningAnswer]:
    """The answers to the placement's questions, each within its length, none required
    left empty; the question's text is kept with the answer."""
    rows = []
    for position, question in enumerate(placement.questions.all()):
        answer = (answers.get(question.pk) or "").strip()
        if question.required and not answer:
            raise ServiceError(
                _("Answer the question “%(question)s”: the organisation requires it.")
                % {"question": question.text}
            )
        if len(answer) > question.max_length:
            raise ServiceError(
                _("Keep your answer to “%(question)s” to %(count)d characters.")
                % {"question": question.text, "count": question.max_length}
            )
        rows.append(
            ScreeningAnswer(
                question=question, question_text=question.text, answer=answer, position=position
            )
        )
    return rows


@transaction.atomic
def apply(
    *, by, placement, cover_letter: str, cv=None, cv_upload=None, answers=None
) -> Application:
    """A student with a confirmed e-mail applies once to a published placement before its
    deadline, if eligible, within the period's limit of open applications, answering its
    screening questions. The application keeps its own copy of the CV: a PDF uploaded
    here, or one of the student's CVs (`cv`; their newest when none is chosen), checked
    like an upload.
    """
    ensure(by, "internships.apply")
    # One student's applications are decided one at a time (a double-clicked form, two tabs).
    User.objects.select_for_update(no_key=True).get(pk=by.pk)
    # Then the placement's (as accept_offer does): a placement closed or filled meanwhile is
    # seen here, and closing waits for this application to end it with the others.
    placement = (
        Placement.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisation", "period")
        .get(pk=placement.pk)
    )
    refusal = refusal_to_apply(student=by, placement=placement)
    if refusal:
        raise ServiceError(refusal)
    if not cover_letter.strip():
        raise ServiceError(_("Write a few words on why you want this placement."))
    screening = _screening_answers(placement, answers or {})
    if cv is not None and cv.profile.user_id != by.pk:
        raise ServiceError(_("Choose one of your own CVs."))
    if cv_upload is not None:
        try:
            validate_pdf(cv_upload)
        except ValidationError as error:
            raise ServiceError(error.messages[0]) from error
        content, label = cv_upload.read(), ""
    else:
        cv = cv or StudentCV.objects.filter(profile__user=by).first()
        if cv is None:
            raise ServiceError(_("Upload a CV, or add one to your profile first."))
        content, label = _stored_cv(cv), cv.label
    application = Application(
        placement=placement, student=by, cover_letter=cover_letter.strip(), cv_label=label
    )
    with storing(
        _(
            "Your CV could not be stored just now, so the application was not sent. "
            "Try again in a few minutes."
        )
    ):
        application.cv.save("cv.pdf", ContentFile(content), save=False)
    application.save()
    for answer in screening:
        answer.application = application
    ScreeningAnswer.objects.bulk_create(screening)
    record_event(application, by=by, action="applied", new=application.status)
    notify(
        members_of(placement.organisation),
        "application_received",
        by=by,
        url=company_url(application),
        student=by.display_name,
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
        by=by,
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
    refusal = refusal_to_invite(application)
    if refusal:
        raise ServiceError(refusal)
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
        by=by,
        url=student_url(application),
        placement=application.placement.title,
        when=when.isoformat(),
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
    if placement.status != Placement.Status.PUBLISHED:
        # A closed placement has no open application left to offer (closing ended them).
        raise ServiceError(_("Offers are made on a published placement."))
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
        by=by,
        url=student_url(application),
        placement=application.placement.title,
        deadline=deadline.isoformat(),
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
        by=by,
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
        by=by,
        url=company_url(application),
        student=application.student.display_name,
        placement=application.placement.title,
    )
    return application


@transaction.atomic
def add_note(*, application, by, body: str) -> ApplicationNote:
    """A private note of the organisation on an applicant."""
    ensure(by, "internships.review_application", application)
    if not body.strip():
        raise ServiceError(_("The note is empty."))
    note = ApplicationNote.objects.create(application=application, author=by, body=body.strip())
    # On the note itself: the application's timeline is read by the student, the note is not.
    record_event(note, by=by, action="application_note_added")
    return note


def open_applications_of(student, period):
    return Application.objects.filter(
        student=student, placement__period=period, status__in=Application.OPEN_STATUSES
    )


# Many applicants at once ----------------------------------------------------------------


@dataclass
class BulkOutcome:
    """What a change to many applicants did: those changed, and those left as they were
    with the reason, in the words the one-by-one service would have said."""

    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (application, reason)
    unchanged: list = field(default_factory=list)  # already where they were to go


def _each_on_its_own(applications, change) -> BulkOutcome:
    """Run `change` on each application in its own transaction (each service locks its row
    and records, notifies and checks the rules as it does for one): one refused or already
    moved on leaves the others done."""
    outcome = BulkOutcome()
    for application in applications:
        try:
            outcome.done.append(change(application))
        except ServiceError as error:
            outcome.refused.append((application, error.text))
    return outcome


def move_applications(*, applications, by, to: str) -> BulkOutcome:
    """Several applicants moved to one step of the pipeline, each by `move_application`."""
    if to not in PLAIN_MOVES:
        raise ServiceError(_("This step is not available here."))
    already = [one for one in applications if one.status == to]
    past = [one for one in applications if one.status != to and to not in MOVES.get(one.status, ())]
    outcome = _each_on_its_own(
        [one for one in applications if one not in already and one not in past],
        lambda one: _move_unless_offered(one, by=by, to=to),
    )
    outcome.unchanged = already
    label = A(to).label
    for one in past:
        if one.is_open:
            reason = _("“%(status)s” comes after “%(to)s”") % {
                "status": one.get_status_display(),
                "to": label,
            }
        else:
            reason = _("it is “%(status)s” now") % {"status": one.get_status_display()}
        outcome.refused.append((one, reason))
    return outcome


def reject_applications(*, applications, by, template=None) -> BulkOutcome:
    """Several applicants declined, each by `reject_application`, with the message of one of
    the organisation's saved rejection templates (or none)."""
    message = ""
    if template is not None:
        membership = getattr(by, "membership", None)
        if (
            template.is_archived
            or membership is None
            or template.organisation_id != membership.organisation_id
        ):
            raise ServiceError(_("Choose one of your organisation's saved messages."))
        message = template.body
    return _each_on_its_own(
        applications, lambda one: _reject_unless_offered(one, by=by, message=message)
    )


def _refuse_an_offer(application) -> None:
    """An offer is not ended in bulk: withdrawing it takes a reason, on the applicant's
    page (the offer's "Withdraw the offer")."""
    if application.status == A.OFFERED:
        raise ServiceError(
            _(
                "they have an offer; to end it, use “Withdraw the offer” on their "
                "application's page, with a reason."
            )
        )


@transaction.atomic
def _reject_unless_offered(application, *, by, message: str) -> Application:
    ensure(by, "internships.review_application", application)
    _refuse_an_offer(_locked(application))
    return reject_application(application=application, by=by, message=message)


@transaction.atomic
def _move_unless_offered(application, *, by, to: str) -> Application:
    ensure(by, "internships.review_application", application)
    _refuse_an_offer(_locked(application))
    return move_application(application=application, by=by, to=to)
