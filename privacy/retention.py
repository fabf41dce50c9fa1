"""The daily retention run: CVs of applications that ended long ago are removed, accounts
unused for years are warned, then closed and anonymised, and expired copies of data are
deleted. Running it twice changes nothing the second time."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.audit import record_event
from core.stored import delete_if_unused
from internships.models import Application, Internship
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
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                user=user, origin=ErasureRequest.Origin.INACTIVITY
            )
            record_event(request, by=None, action="erasure_requested", new=request.status)
        erasure.carry_out(request.pk)
        closed += 1
    return {"warned": warned, "closed": closed}


def apply_retention(now=None) -> dict:
    now = now or timezone.now()
    return {
        "cvs_removed": remove_old_cvs(now),
        **close_inactive_accounts(now),
        "exports_expired": exports.expire_exports(now),
    }
