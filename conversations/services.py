"""Writing in an application's conversation, and reading it."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Application
from notifications.models import Notification
from notifications.services import mark_notifications_read, notify

from .models import MAX_LENGTH, Message, ReadMarker
from .queries import is_ongoing

KIND = "message_received"


def clean_body(body: str) -> str:
    """A message as it is kept: plain text without the blank lines around it. Refused when
    empty, longer than MAX_LENGTH, or holding a NUL character (which PostgreSQL cannot keep)."""
    text = (body or "").strip()
    if not text:
        raise ServiceError(_("Write a message before sending it."))
    if "\x00" in text:
        raise ServiceError(_("The message holds a character that cannot be sent (NUL)."))
    if len(text) > MAX_LENGTH:
        raise ServiceError(
            _("A message has at most %(limit)d characters; this one has %(length)d.")
            % {"limit": MAX_LENGTH, "length": len(text)}
        )
    return text


def author_name(message_author, application) -> str:
    """How an author is named to the other side: the student by name, an organisation's
    member by name and organisation."""
    if message_author.pk == application.student_id:
        return message_author.display_name
    return f"{message_author.display_name} ({application.placement.organisation.legal_name})"


@transaction.atomic
def post_message(*, application: Application, by, body: str) -> Message:
    """The applicant or a member of the placement's organisation writes in the application's
    conversation, while it goes on (see queries.is_ongoing); the other side is told. The
    application's row is locked, so that a message cannot slip in after the application
    ended."""
    ensure(by, "conversations.write", application)
    text = clean_body(body)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement__organisation", "student")
        .get(pk=application.pk)
    )
    if not is_ongoing(application):
        raise ServiceError(
            _(
                "This conversation is closed: the application is “%(status)s”. "
                "Your message was not sent."
            )
            % {"status": application.get_status_display()}
        )
    message = Message.objects.create(application=application, author=by, body=text)
    ReadMarker.objects.update_or_create(
        user=by, application=application, defaults={"last_read": message}
    )
    _tell_the_other_side(message, application, by)
    return message


def _other_side(application, by) -> list:
    if by.pk == application.student_id:
        return list(
            get_user_model().objects.filter(
                role=Role.COMPANY,
                is_active=True,
                membership__organisation_id=application.placement.organisation_id,
            )
        )
    return [application.student]


def _tell_the_other_side(message, application, by) -> None:
    """One notification per unread stretch: someone who has not yet read the notice of an
    earlier message of this conversation is not told again (reading the thread reads its
    notices)."""
    url = reverse("conversation", args=[application.pk])
    recipients = _other_side(application, by)
    waiting = set(
        Notification.objects.filter(
            recipient__in=recipients, kind=KIND, url=url, read_at__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    notify(
        [person for person in recipients if person.pk not in waiting],
        KIND,
        by=by,
        url=url,
        author=author_name(by, application),
        placement=application.placement.title,
    )


def mark_read(*, application: Application, by, up_to: Message | None) -> None:
    """A person has seen the conversation up to `up_to`, its latest message: the marker
    moves forward (never back), and the notices of this conversation are read too."""
    if up_to is None or by.role not in (Role.STUDENT, Role.COMPANY):
        return
    ensure(by, "conversations.write", application)
    moved = ReadMarker.objects.filter(
        user=by, application=application, last_read_id__lt=up_to.pk
    ).update(last_read=up_to)
    if not moved:
        ReadMarker.objects.get_or_create(
            user=by, application=application, defaults={"last_read": up_to}
        )
    waiting = Notification.objects.filter(
        recipient=by,
        kind=KIND,
        url=reverse("conversation", args=[application.pk]),
        read_at__isnull=True,
    )
    mark_notifications_read(by=by, ids=waiting.values("pk"))
