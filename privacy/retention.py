"""The daily retention run: CVs of applications that ended long ago are removed, accounts
unused for years are warned, then closed and anonymised, the records the law kept of an
erased person are emptied DATA_RETENTION_YEARS after their internship ended, expired copies
of data are deleted, copies stuck "being prepared" are failed, and files no copy refers to
are swept. Running it twice changes nothing the second time."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import StudentProfile, User
from conversations.models import Message
from core.audit import record_event
from core.stored import delete_if_unused
from documents.models import Certificate
from internships.models import Agreement, AgreementVersion, Amendment, Application, Internship
from mentors.models import AcademicResult, Evaluation, FeedbackNote, LogbookEntry, Score
from notifications.models import Notification
from notifications.services import notify

from . import erasure, exports
from .models import ErasureRequest

ENDED = (
    Application.Status.DECLINED,
    Application.Status.EXPIRED,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
    Application.Status.CLOSED,
    Application.Status.RESCINDED,
)
WARNING = "inactive_account_closing"


def months_ago(now, months: int):
    return now - timedelta(days=round(months * 30.44))


def old_cv_applications(now):
    """Applications with a CV that ended more than CV_RETENTION_MONTHS ago: closed without an
    internship (last changed before then), or whose internship ended before then."""
    cutoff = months_ago(now, settings.CV_RETENTION_MONTHS)
    ended_internships = Internship.objects.filter(
        status__in=(Internship.Status.COMPLETED, Internship.Status.TERMINATED),
        ends_on__lt=timezone.localdate(cutoff),
    )
    return Application.objects.exclude(cv="").filter(
        Q(status__in=ENDED, updated_at__lt=cutoff, internship__isnull=True)
        | Q(internship__in=ended_internships)
    )


def remove_old_cvs(now=None) -> int:
    now = now or timezone.now()
    files = defaultdict(set)
    count = 0
    with transaction.atomic():
        for application in old_cv_applications(now).select_for_update(of=("self",)):
            files[application.cv.storage].add(application.cv.name)
            # update(), not save(): the application's "last changed" is not a CV's removal.
            Application.objects.filter(pk=application.pk).update(cv="", cv_label="")
            record_event(application, by=None, action="cv_removed", note="CV_RETENTION_MONTHS")
            count += 1
        for storage, names in files.items():
            names = sorted(names)
            transaction.on_commit(lambda s=storage, n=names: delete_if_unused(s, n), robust=True)
    return count


def inactive_accounts(now):
    """Accounts nobody logged into for ACCOUNT_INACTIVITY_YEARS (never: since they joined),
    not erased yet, not superusers, and without an erasure under way."""
    cutoff = now - timedelta(days=round(365.25 * settings.ACCOUNT_INACTIVITY_YEARS))
    return (
        User.objects.filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff),
            is_superuser=False,
        )
        .exclude(email__endswith="@" + erasure.ERASED_DOMAIN)
        .exclude(erasure_requests__status=ErasureRequest.Status.PENDING)
    )


def _warned_at(user):
    since = user.last_login or user.date_joined
    return (
        Notification.objects.filter(recipient=user, kind=WARNING, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def close_inactive_accounts(now=None) -> dict:
    """Warn each unused account once; ACCOUNT_INACTIVITY_WARNING_DAYS after the warning, if
    still unused, close and anonymise it as an erasure, recorded in the register. An account
    that cannot be erased now (an internship under way) is left for a later run."""
    now = now or timezone.now()
    warned = closed = 0
    grace = timedelta(days=settings.ACCOUNT_INACTIVITY_WARNING_DAYS)
    for user in inactive_accounts(now):
        warned_at = _warned_at(user)
        if warned_at is None:
            if user.is_active:
                with transaction.atomic():
                    notify(
                        [user], WARNING, url=reverse("privacy_data"),
                        on=timezone.localdate(now + grace).isoformat(),
                    )  # fmt: skip
                    warned += 1
                continue
        elif warned_at > now - grace:
            continue
        if erasure.blockers(user):
            continue
        request = _ask_erasure(user)
        if request is not None and erasure.carry_out(request.pk) is not None:
            closed += 1
    return {"warned": warned, "closed": closed}


def _ask_erasure(user) -> ErasureRequest | None:
    """The retention's erasure request for `user`, or None when another run (at the same
    time) or the person already asked, or the account is erased already: the person's row is
    locked, and a second pending request is refused by the database, not raised."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if (
            erasure.is_erased(user)
            or user.erasure_requests.filter(status=ErasureRequest.Status.PENDING).exists()
        ):
            return None
        try:
            with transaction.atomic():
                request = ErasureRequest.objects.create(
                    user=user, origin=ErasureRequest.Origin.INACTIVITY
                )
        except IntegrityError:
            return None
        record_event(request, by=None, action="erasure_requested", new=request.status)
        return request


def expired_records(now):
    """Internships of erased students that ended more than DATA_RETENTION_YEARS ago."""
    years_ago = timezone.localdate(now) - timedelta(
        days=round(365.25 * settings.DATA_RETENTION_YEARS)
    )
    return Internship.objects.filter(
        student__email__endswith="@" + erasure.ERASED_DOMAIN, ends_on__lt=years_ago
    ).exclude(status__in=erasure.UNDER_WAY)


def _clear_files(queryset, fields, files) -> int:
    """Empty `fields` (files) of the rows; their files are deleted after the commit."""
    count = 0
    for row in queryset:
        for name in fields:
            field = getattr(row, name)
            if field and field.name:
                files[field.storage].add(field.name)
                count += 1
    for name in fields:
        queryset.exclude(**{name: ""}).update(**{name: ""})
    return count


def _blank(queryset, **values) -> int:
    """Set text fields to `values` where they are not so yet (so a second run counts 0)."""
    differs = Q()
    for name, value in values.items():
        differs |= ~Q(**{name: value})
    return queryset.filter(differs).update(**values)


def empty_kept_records(now=None) -> int:
    """DATA_RETENTION_YEARS after an erased student's internship ended, the law no longer
    needs what was kept: the stored files (agreements, amendments, scans, certificates) are
    deleted and the texts (logbook, evaluations, notes, messages, result's comment) emptied.
    What stays is bare numbers with dates (hours, grade, credits), naming "Erased user #id",
    for the faculty's statistics; the student number is cleared. Returns the internships
    changed; a second run changes none."""
    now = now or timezone.now()
    files = defaultdict(set)
    changed = 0
    with transaction.atomic():
        for internship in expired_records(now).select_for_update(of=("self",)):
            agreements = Agreement.objects.filter(internship=internship)
            count = _clear_files(agreements, ["paper_scan"], files)
            count += _clear_files(
                AgreementVersion.objects.filter(agreement__in=agreements),
                ["pdf", "signed_pdf"],
                files,
            )
            count += _clear_files(
                Amendment.objects.filter(agreement__in=agreements), ["pdf", "signed_pdf"], files
            )
            count += _clear_files(
                Certificate.objects.filter(internship=internship), ["pdf_ro", "pdf_en"], files
            )
            count += _blank(
                LogbookEntry.objects.filter(internship=internship),
                activities=erasure.EMPTIED,
                review_comment="",
            )
            evaluations = Evaluation.objects.filter(internship=internship)
            count += _blank(evaluations, comment="")
            count += _blank(Score.objects.filter(evaluation__in=evaluations), comment="")
            count += _blank(
                FeedbackNote.objects.filter(internship=internship), body=erasure.EMPTIED
            )
            count += _blank(AcademicResult.objects.filter(internship=internship), comment="")
            if internship.application_id:
                count += _blank(
                    Message.objects.filter(application_id=internship.application_id),
                    body=erasure.EMPTIED,
                )
            count += _blank(
                StudentProfile.objects.filter(user_id=internship.student_id), student_number=""
            )
            if count:
                record_event(
                    internship, by=None, action="kept_records_emptied", note="DATA_RETENTION_YEARS"
                )
                changed += 1
        for storage, names in files.items():
            names = sorted(names)
            transaction.on_commit(lambda s=storage, n=names: delete_if_unused(s, n), robust=True)
    return changed


def apply_retention(now=None) -> dict:
    now = now or timezone.now()
    return {
        "cvs_removed": remove_old_cvs(now),
        **close_inactive_accounts(now),
        "records_emptied": empty_kept_records(now),
        "exports_expired": exports.expire_exports(now),
        "exports_failed": exports.fail_stale(now),
        "files_swept": exports.sweep_orphans(now),
    }
