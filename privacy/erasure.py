"""Erasing a person: what stops it, what the law keeps (anonymised), what is deleted.

The rules, as the privacy notice states them:

- Kept, for DATA_RETENTION_YEARS after the internship ended, because the university must
  keep them (the law on education and archives): internships with their agreements and
  amendments, logbooks, evaluations, academic results and certificates, and the
  application that led to each internship (without its CV and cover letter). The student's
  programme and student number stay with them, so that the faculty can match its results.
- Kept because they are other people's records as much as the person's: evaluations and
  notes a mentor wrote about interns, decisions and confirmations a member of staff or of
  an organisation took, and the events of the audit log. They now name "Erased user #id".
- Deleted: applications that did not lead to an internship (with their answers, notes,
  interview bookings and messages), proposals not approved, CVs, links, languages,
  experience, saved searches and placements, notifications and their settings, digests,
  reminders, the calendar feed, copies of data, e-mail addresses, second factors and
  social logins. Messages the person wrote in a kept application's conversation are
  emptied (the other side's messages stay).
- The account stays, anonymised: name "Erased user #id", e-mail erased-<id>@erased.invalid
  (a reserved, non-routable domain), no password, login disabled, phone and bio cleared.

What stops an erasure (it is refused, with the reason, in the register): an internship
under way (planned or active) as student or mentor, an offer waiting for the student's
answer, or an organisation with open placements whose only administrator the person is.
"""

from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import (
    Invitation,
    MentorProfile,
    OrganisationMembership,
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
    User,
)
from agenda.models import CalendarFeed
from conversations.models import Message, ReadMarker
from core.audit import record_event
from core.stored import delete_if_unused
from internships.models import (
    Application,
    ApplicationNote,
    Internship,
    Placement,
    Proposal,
    SavedPlacement,
    SavedSearch,
    ScreeningAnswer,
)
from interviews.models import Booking
from notifications.models import Digest, Event, Notification, NotificationSettings
from reminders.models import Reminder

from .models import DataExport, ErasureRequest

UNDER_WAY = (Internship.Status.PLANNED, Internship.Status.ACTIVE)
ERASED_DOMAIN = "erased.invalid"
EMPTIED = "—"


def erased_email(user) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def is_erased(user) -> bool:
    return user.email == erased_email(user)


def blockers(user) -> list[str]:
    """Why the person cannot be erased now (in the reader's language); empty when they can."""
    reasons = []
    if Internship.objects.filter(student=user, status__in=UNDER_WAY).exists():
        reasons.append(
            _("Your internship is under way: you can ask for erasure once it has ended.")
        )
    if Application.objects.filter(student=user, status=Application.Status.OFFERED).exists():
        reasons.append(_("An offer waits for your answer: accept or decline it first."))
    if Internship.objects.filter(
        Q(host_tutor=user) | Q(academic_supervisor=user), status__in=UNDER_WAY
    ).exists():
        reasons.append(
            _("You mentor an internship under way: ask the office to assign another mentor.")
        )
    membership = OrganisationMembership.objects.filter(
        user=user, role=OrganisationMembership.Role.ADMIN
    ).first()
    if (
        membership
        and not OrganisationMembership.objects.filter(
            organisation_id=membership.organisation_id, role=OrganisationMembership.Role.ADMIN
        )
        .exclude(user=user)
        .exists()
        and Placement.objects.filter(
            organisation_id=membership.organisation_id,
            status__in=(Placement.Status.SUBMITTED, Placement.Status.PUBLISHED),
        ).exists()
    ):
        reasons.append(
            _(
                "You are the only administrator of an organisation with open placements: "
                "make a colleague an administrator or close the placements first."
            )
        )
    return reasons


def note_failure(request_id: int, error: Exception) -> None:
    """A try failed: the request stays pending, its attempts and last error kept."""
    text = str(error)[:500] or type(error).__name__
    ErasureRequest.objects.filter(pk=request_id, status=ErasureRequest.Status.PENDING).update(
        attempts=F("attempts") + 1, error=text
    )


def give_up(request_id: int, error: Exception) -> None:
    """The last try failed: recorded, and shown as failed in the register until staff try
    again (`retry`)."""
    request = ErasureRequest.objects.filter(pk=request_id).first()
    if request is not None and request.status == ErasureRequest.Status.PENDING:
        record_event(
            request, by=None, action="erasure_failed", note=str(error)[:500] or type(error).__name__
        )


def retry(request: ErasureRequest, *, by) -> bool:
    """Staff try a failed erasure again: its error is cleared and it runs in the background.
    False when there is nothing to retry (done, refused, or not failed)."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if not request.has_failed:
            return False
        request.error = ""
        request.save(update_fields=["error"])
        record_event(request, by=by, action="erasure_retried")
    return True


def refuse(request: ErasureRequest, reasons: list[str]) -> None:
    request.move_to(ErasureRequest.Status.REFUSED)
    request.reason = " ".join(reasons)
    request.finished_at = timezone.now()
    request.save(update_fields=["status", "reason", "finished_at"])
    record_event(
        request, by=None, action="erasure_refused", old="pending", new=request.status,
        note=request.reason,
    )  # fmt: skip


def carry_out(request_id: int) -> ErasureRequest | None:
    """Carry out a pending erasure request; running it twice erases nothing the second time.
    Files are deleted after the commit, each only when no other row refers to it."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or request.status != ErasureRequest.Status.PENDING:
            return None
        user = User.objects.select_for_update().get(pk=request.user_id)
        if is_erased(user):
            # Erased already (by another request, or by a run that overlapped): nothing to do.
            request.move_to(ErasureRequest.Status.DONE)
            request.finished_at = timezone.now()
            request.error = ""
            request.save(update_fields=["status", "finished_at", "error"])
            record_event(request, by=None, action="erasure_done", old="pending", new="done")
            return request
        reasons = blockers(user)
        if reasons:
            refuse(request, reasons)
            if request.origin == ErasureRequest.Origin.PERSON and not is_erased(user):
                user.is_active = True
                user.save(update_fields=["is_active"])
            return request
        files: dict = defaultdict(set)
        kept, deleted = erase(user, files)
        request.move_to(ErasureRequest.Status.DONE)
        request.finished_at = timezone.now()
        request.kept, request.deleted, request.error = kept, deleted, ""
        request.save(update_fields=["status", "finished_at", "kept", "deleted", "error"])
        record_event(request, by=None, action="erasure_done", old="pending", new=request.status)
        for storage, names in files.items():
            names = sorted(names)
            transaction.on_commit(lambda s=storage, n=names: delete_if_unused(s, n), robust=True)
    return request


def _collect(files, field) -> None:
    if field and field.name:
        files[field.storage].add(field.name)


def _delete(deleted: dict, label: str, queryset) -> None:
    count = queryset.count()
    if count:
        queryset.delete()
        deleted[label] = deleted.get(label, 0) + count


def personal_strings(user) -> list[str]:
    """The texts that identify the person (full name, e-mail, phones), lower-cased."""
    found = {user.get_full_name(), user.email}
    found.update(StudentProfile.objects.filter(user=user).values_list("phone", flat=True))
    found.update(MentorProfile.objects.filter(user=user).values_list("phone", flat=True))
    return sorted(text.strip().lower() for text in found if text and len(text.strip()) > 2)


def _names(value, needles) -> bool:
    if isinstance(value, dict):
        return any(_names(item, needles) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_names(item, needles) for item in value)
    text = str(value).lower()
    return any(needle in text for needle in needles)


def notifications_about(user):
    """Other people's notifications whose parameters name the person ("Jane Doe applied"):
    a notification is an inbox's message, not the record, so it goes with the person."""
    needles = personal_strings(user)
    if not needles:
        return Notification.objects.none()
    ids = [
        pk
        for pk, params in Notification.objects.exclude(params={})
        .values_list("pk", "params")
        .iterator(chunk_size=2000)
        if _names(params, needles)
    ]
    return Notification.objects.filter(pk__in=ids)


def erase(user, files) -> tuple[list[dict], dict]:
    """Delete what belongs only to `user`, anonymise what the law keeps. Returns what was
    kept (kind, count, why: English words the register translates) and what was deleted."""
    kept, deleted = [], {}
    about = notifications_about(user)  # before the phones are cleared

    internships = Internship.objects.filter(student=user)
    if count := internships.count():
        kept.append(
            {
                "what": gettext_noop(
                    "Internships, agreements, logbooks, evaluations, results and certificates"
                ),
                "count": count,
                "why": gettext_noop(
                    "The university must keep them by law, for the period in the privacy notice."
                ),
            }
        )
    kept_applications = Application.objects.filter(student=user, internship__isnull=False)
    for application in kept_applications:
        _collect(files, application.cv)
    if count := kept_applications.count():
        kept_applications.update(cover_letter="", cv="", cv_label="")
        ScreeningAnswer.objects.filter(application__in=kept_applications).update(answer="")
        kept.append(
            {
                "what": gettext_noop("Applications that led to an internship"),
                "count": count,
                "why": gettext_noop("Part of the internship's record; CV and letter removed."),
            }
        )
    Message.objects.filter(author=user, application__in=kept_applications).update(body=EMPTIED)

    gone = Application.objects.filter(student=user, internship__isnull=True)
    for application in gone:
        _collect(files, application.cv)
    _delete(deleted, "messages", Message.objects.filter(application__in=gone))
    ReadMarker.objects.filter(application__in=gone).delete()
    _delete(deleted, "notes", ApplicationNote.objects.filter(application__in=gone))
    _delete(deleted, "interview_bookings", Booking.objects.filter(application__in=gone))
    _delete(deleted, "applications", gone)
    _delete(deleted, "proposals", Proposal.objects.filter(student=user, internship__isnull=True))

    for cv in StudentCV.objects.filter(profile__user=user):
        _collect(files, cv.file)
    _delete(deleted, "cvs", StudentCV.objects.filter(profile__user=user))
    _delete(deleted, "links", StudentLink.objects.filter(profile__user=user))
    _delete(deleted, "languages", StudentLanguage.objects.filter(profile__user=user))
    _delete(deleted, "experience", StudentExperience.objects.filter(profile__user=user))
    for profile in StudentProfile.objects.filter(user=user):
        profile.skills.clear()
    StudentProfile.objects.filter(user=user).update(phone="", bio="")
    MentorProfile.objects.filter(user=user).update(phone="", expertise="", job_title="")
    Invitation.objects.filter(accepted_user=user).update(
        email=erased_email(user), first_name="", last_name=""
    )

    _delete(deleted, "saved_searches", SavedSearch.objects.filter(student=user))
    _delete(deleted, "saved_placements", SavedPlacement.objects.filter(student=user))
    _delete(deleted, "reminders", Reminder.objects.filter(recipient=user))
    _delete(deleted, "notifications", Notification.objects.filter(recipient=user))
    _delete(deleted, "notifications_about", about)
    NotificationSettings.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    ReadMarker.objects.filter(user=user).delete()
    for export in DataExport.objects.filter(user=user):
        _collect(files, export.file)
    _delete(deleted, "data_exports", DataExport.objects.filter(user=user))
    for label, model in (
        ("email_addresses", "account.EmailAddress"),
        ("second_factors", "mfa.Authenticator"),
        ("social_logins", "socialaccount.SocialAccount"),
    ):
        app_label = model.split(".")[0]
        if any(config.label == app_label for config in apps.get_app_configs()):
            _delete(deleted, label, apps.get_model(model).objects.filter(user=user))

    if event_count := Event.objects.filter(actor=user).count():
        kept.append(
            {
                "what": gettext_noop("Lines of the audit log"),
                "count": event_count,
                "why": gettext_noop("The record of who did what; they name the erased account."),
            }
        )
    anonymise(user)
    return kept, deleted


def anonymise(user) -> None:
    user.first_name = "Erased user"
    user.last_name = f"#{user.pk}"
    user.email = erased_email(user)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save(
        update_fields=[
            "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser",
            "password",
        ]
    )  # fmt: skip
