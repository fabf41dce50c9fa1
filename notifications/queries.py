from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from post_office.models import STATUS, Email, Log

from .models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# The mail outbox, for the staff page of undelivered mail: waiting, to retry, failed.
MAIL_STATES = {
    "waiting": (STATUS.queued,),
    "retry": (STATUS.requeued,),
    "failed": (STATUS.failed,),
}
UNDELIVERED = (STATUS.queued, STATUS.requeued, STATUS.failed)


def undelivered_mail(*, state: str = "") -> QuerySet[Email]:
    """Messages not (yet) delivered, newest change first, each with its failed attempts
    and the last error (one query, however many logs)."""
    last_failure = Log.objects.filter(email=OuterRef("pk"), status=STATUS.failed).order_by(
        "-date", "-pk"
    )
    return (
        Email.objects.filter(status__in=MAIL_STATES.get(state, UNDELIVERED))
        .only("to", "subject", "status", "created", "last_updated", "scheduled_time")
        .annotate(
            attempts=Count("logs", filter=Q(logs__status=STATUS.failed)),
            last_error=Subquery(last_failure.values("message")[:1]),
            last_error_type=Subquery(last_failure.values("exception_type")[:1]),
        )
        .order_by("-last_updated", "-pk")
    )


def undelivered_counts() -> dict[str, int]:
    """How many messages wait, wait to be retried, and failed."""
    return Email.objects.filter(status__in=UNDELIVERED).aggregate(
        **{
            state: Count("pk", filter=Q(status__in=statuses))
            for state, statuses in MAIL_STATES.items()
        }
    )
