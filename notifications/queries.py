from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value
from post_office.models import STATUS, Email, Log

from .models import Access, Event, Notification


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


# The audit log: the events (what changed) and the files opened (what was read), merged.


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log is narrowed to; each part empty means "any".

    `person`: words of a name or an e-mail address; `content_type_id` and `object_id`: one
    kind of object, one object; `object_text`: words of a file's or export's name;
    `actions`: event action codes, `kinds`: kinds of file opened (a filter on actions only
    leaves the files out, and the other way round); `since`/`until`: aware datetimes, the
    until excluded; `search`: words of a note, an action, a file's name or a person."""

    search: str = ""
    person: str = ""
    content_type_id: int | None = None
    object_id: int | None = None
    object_text: str = ""
    actions: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a page of the log ends: the entries after it are older (newest first, by time,
    then events before files at the same instant, then by id)."""

    created_at: datetime
    source: str
    pk: int

    def encode(self) -> str:
        return f"{self.created_at.isoformat()}~{self.source}~{self.pk}"

    @classmethod
    def decode(cls, text: str) -> "Cursor | None":
        """The cursor a link carried, or None for anything else (the log's newest page)."""
        parts = (text or "").split("~")
        if len(parts) != 3 or parts[1] not in (EVENT, ACCESS) or not parts[2].isdecimal():
            return None
        try:
            when = datetime.fromisoformat(parts[0])
        except ValueError:
            return None
        if when.tzinfo is None or len(parts[2]) > 18:
            return None
        return cls(when, parts[1], int(parts[2]))


EVENT, ACCESS = "event", "file"


def _people(words: str) -> QuerySet:
    """The ids of the people whose name or e-mail address holds every word."""
    people = get_user_model().objects.all()
    for word in words.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return people.values("pk")


def _after(cursor: Cursor | None, source: str) -> Q:
    """The rows of one side (`source`) that come after the cursor in the log's order."""
    if cursor is None:
        return Q()
    if source < cursor.source:
        return Q(created_at__lte=cursor.created_at)
    if source > cursor.source:
        return Q(created_at__lt=cursor.created_at)
    return Q(created_at__lt=cursor.created_at) | Q(created_at=cursor.created_at, pk__lt=cursor.pk)


def _common(rows: QuerySet, person_field: str, flt: AuditFilter, source: str, cursor) -> QuerySet:
    if flt.person.strip():
        rows = rows.filter(**{f"{person_field}__in": _people(flt.person)})
    if flt.content_type_id is not None:
        rows = rows.filter(content_type_id=flt.content_type_id)
    if flt.object_id is not None:
        rows = rows.filter(object_id=flt.object_id)
    if flt.since is not None:
        rows = rows.filter(created_at__gte=flt.since)
    if flt.until is not None:
        rows = rows.filter(created_at__lt=flt.until)
    return (
        rows.filter(_after(cursor, source))
        .order_by()
        .annotate(source=Value(source, output_field=CharField()))
        .values_list("created_at", "source", "id")
    )


def _events(flt: AuditFilter, cursor, search_actions) -> QuerySet | None:
    if flt.kinds is not None and flt.actions is None or flt.object_text.strip():
        return None
    rows = Event.objects.all()
    if flt.actions is not None:
        rows = rows.filter(action__in=flt.actions)
    if text := flt.search.strip():
        rows = rows.filter(
            Q(note__icontains=text)
            | Q(action__icontains=text.replace(" ", "_"))
            | Q(action__in=search_actions)
            | Q(actor__in=_people(text))
        )
    return _common(rows, "actor", flt, EVENT, cursor)


def _accesses(flt: AuditFilter, cursor, search_kinds) -> QuerySet | None:
    if flt.actions is not None and flt.kinds is None:
        return None
    rows = Access.objects.all()
    if flt.kinds is not None:
        rows = rows.filter(kind__in=flt.kinds)
    if text := flt.object_text.strip():
        rows = rows.filter(label__icontains=text)
    if text := flt.search.strip():
        rows = rows.filter(
            Q(label__icontains=text) | Q(kind__in=search_kinds) | Q(user__in=_people(text))
        )
    return _common(rows, "user", flt, ACCESS, cursor)


def audit_log(
    flt: AuditFilter,
    *,
    cursor: Cursor | None = None,
    limit: int = 50,
    search_actions=(),
    search_kinds=(),
) -> list:
    """One page of the audit log, newest first: up to `limit` events (Event) and files
    opened (Access), each with `source` and `actor`/`user` read, in three queries however
    many rows. Keyset paging (`cursor`: after the last row shown) reads only the rows shown
    through the tables' newest-first indexes, on both sides of the UNION ALL, and stays as
    quick on the millionth line as on the first. `search_actions`/`search_kinds`: the codes
    whose words (in the reader's language) hold the search text."""
    sides = [
        side
        for side in (
            _events(flt, cursor, search_actions),
            _accesses(flt, cursor, search_kinds),
        )
        if side is not None
    ]
    if not sides:
        return []
    keys = sides[0] if len(sides) == 1 else sides[0].union(*sides[1:], all=True)
    keys = list(keys.order_by("-created_at", "-source", "-id")[:limit])
    events = Event.objects.select_related("actor").in_bulk(
        [pk for _, source, pk in keys if source == EVENT]
    )
    accesses = Access.objects.select_related("user").in_bulk(
        [pk for _, source, pk in keys if source == ACCESS]
    )
    entries = []
    for _, source, pk in keys:
        entry = events[pk] if source == EVENT else accesses[pk]
        entry.source = source
        entries.append(entry)
    return entries
