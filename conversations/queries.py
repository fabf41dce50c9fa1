"""The reads of conversations, each scoped to the viewer.

Unread: the messages of the other side (for an organisation's member, the student's; a
colleague's message is not unread) after the viewer's read marker of that application
(all of them when there is no marker). Every count is one query, whatever the number of
threads: the marker is a correlated subquery, served by the (user, application) unique index,
and the messages by their (application, id) index.
"""

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.faculties import in_faculties
from accounts.models import Role
from internships.models import Application, Internship

from .models import Message, ReadMarker

# The statuses whose conversation goes on: an application still open, or accepted (the
# student and the host go on to arrange the start, the agreement, the first day).
ONGOING = (*Application.OPEN_STATUSES, Application.Status.ACCEPTED)
INTERNSHIP_OVER = (Internship.Status.COMPLETED, Internship.Status.TERMINATED)


def threads_of(user) -> QuerySet[Application]:
    """The applications whose conversation `user` may read: a student's own, an
    organisation member's organisation's, those of their faculties' students for staff
    (accounts.faculties); none for anyone else."""
    if user.role == Role.STUDENT:
        threads = Application.objects.filter(student=user)
    elif user.role == Role.COMPANY and getattr(user, "membership", None) is not None:
        threads = Application.objects.filter(
            placement__organisation_id=user.membership.organisation_id
        )
    elif user.role == Role.STAFF:
        threads = in_faculties(Application.objects.all(), user)
    else:
        return Application.objects.none()
    return threads.select_related("placement__organisation", "student")


def _own_threads(user) -> QuerySet[Application]:
    """The threads `user` writes in (staff read every one, but have no unread messages)."""
    if user.role not in (Role.STUDENT, Role.COMPANY):
        return Application.objects.none()
    return threads_of(user)


def _read_up_to(user, application_ref: str):
    marker = ReadMarker.objects.filter(user=user, application_id=OuterRef(application_ref))
    return Coalesce(
        Subquery(marker.values("last_read_id")[:1]), Value(0), output_field=IntegerField()
    )


def _since_joining(user, messages: QuerySet[Message]) -> QuerySet[Message]:
    """A member who joins an organisation is not handed its whole history as unread: only
    what was written since they joined counts (the inbox still lists every thread)."""
    membership = getattr(user, "membership", None) if user.role == Role.COMPANY else None
    return messages.filter(created_at__gte=membership.created_at) if membership else messages


def _from_the_other_side(user, messages: QuerySet[Message], student_ref) -> QuerySet[Message]:
    """The messages the viewer's side did not write: for a student, those not their own;
    for an organisation's member, the student's only (a colleague's message, or one by a
    member who has since left, is not unread). `student_ref` is the expression of the
    thread's student (an F or an OuterRef)."""
    if user.role == Role.COMPANY:
        return messages.filter(author_id=student_ref)
    return messages.exclude(author=user)


def _unread_messages(user) -> QuerySet[Message]:
    return _since_joining(
        user,
        _from_the_other_side(
            user,
            Message.objects.filter(application__in=_own_threads(user).values("pk")),
            F("application__student_id"),
        )
        .alias(read_up_to=_read_up_to(user, "application_id"))
        .filter(pk__gt=F("read_up_to")),
    )


def unread_total(user) -> int:
    """The unread messages of all the viewer's conversations (one query)."""
    if user.role not in (Role.STUDENT, Role.COMPANY):
        return 0
    return _unread_messages(user).count()


def unread_by_application(user, applications) -> dict[int, int]:
    """The unread messages of each of these applications, as {application id: count},
    absent when none (one query, however many applications)."""
    ids = [application.pk for application in applications]
    if not ids or user.role not in (Role.STUDENT, Role.COMPANY):
        return {}
    rows = (
        _unread_messages(user)
        .filter(application_id__in=ids)
        .order_by()
        .values("application_id")
        .annotate(count=Count("pk"))
        .values_list("application_id", "count")
    )
    return dict(rows)


def inbox(user) -> QuerySet[Application]:
    """The viewer's conversations that have a message, the latest first, each with its
    `last_message_at` and its `unread` count (one query for the page)."""
    latest = Message.objects.filter(application=OuterRef("pk")).order_by("-id")
    unread = (
        _from_the_other_side(
            user,
            _since_joining(
                user,
                Message.objects.filter(application=OuterRef("pk"), pk__gt=OuterRef("read_up_to")),
            ),
            OuterRef("student_id"),
        )
        .order_by()
        .values("application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        _own_threads(user)
        .annotate(
            last_message_id=Subquery(latest.values("id")[:1]),
            last_message_at=Subquery(latest.values("created_at")[:1]),
            read_up_to=_read_up_to(user, "pk"),
        )
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
        .filter(last_message_id__isnull=False)
        .order_by("-last_message_id")
    )


def messages_of(application) -> QuerySet[Message]:
    """The thread, oldest first, with its authors."""
    return application.messages.select_related("author").order_by("id")


def latest_messages_of(application, *, before=None, limit: int) -> tuple[list[Message], int | None]:
    """The latest `limit` messages of the thread (those before the message `before`, when
    given), oldest first, with their authors; and the id to ask for the older ones with
    (None when there are none). One query."""
    messages = application.messages.select_related("author").order_by("-id")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    page = list(messages[: limit + 1])
    older = page[limit - 1].pk if len(page) > limit else None
    return page[:limit][::-1], older


def last_read_id(user, application) -> int:
    """The id of the last message `user` has read in the thread; 0 before their first visit."""
    return (
        ReadMarker.objects.filter(user=user, application=application)
        .values_list("last_read_id", flat=True)
        .first()
    ) or 0


def is_ongoing(application) -> bool:
    """Whether the conversation takes new messages: while the application is open, and once
    accepted until its internship is over. Ended otherwise (not selected, withdrawn, offer
    declined or expired, placement closed): then it is kept, to read only."""
    if application.status not in ONGOING:
        return False
    if application.status != Application.Status.ACCEPTED:
        return True
    return not Internship.objects.filter(
        application_id=application.pk, status__in=INTERNSHIP_OVER
    ).exists()
