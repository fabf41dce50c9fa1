"""The outbox: Django's EMAIL_BACKEND, storing each message instead of sending it.

Every e-mail of the site (ours, allauth's, Django's) is written to django-post-office's
table in the transaction of the action that sends it: a rolled-back action sends nothing,
and a committed one cannot lose its mail to a mail server that is down. After the commit a
background job delivers the queue (`tasks.deliver_mail`); `manage.py deliver_mail --loop`
delivers what comes due later (the retries).
"""

import logging
from collections import OrderedDict
from email.mime.base import MIMEBase

from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from post_office.models import PRIORITY, STATUS, Email
from post_office.utils import create_attachments

from .tasks import deliver_mail

logger = logging.getLogger(__name__)


def _html_of(message) -> str:
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/html":
            return content
    return ""


def _attachments_of(message) -> dict:
    files = {}
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            files[attachment.get_filename()] = {
                "file": ContentFile(attachment.get_payload(decode=True)),
                "mimetype": attachment.get_content_type(),
                "headers": OrderedDict(attachment.items()),
            }
        else:
            name, content, mimetype = attachment
            files[name] = {"file": ContentFile(content), "mimetype": mimetype}
    return files


def _stored(message) -> Email:
    """The message as a queued row. Its text is stored as it is: post-office's own backend
    renders subject and body as Django templates, which would mangle (or run) any braces
    a placement title or a notification carries, so it is not used."""
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(str(v) for v in message.reply_to))
    html = _html_of(message)
    body = message.body
    if getattr(message, "content_subtype", "plain") == "html" and not html:
        body, html = "", body
    return Email(
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=str(message.subject),
        message=body,
        html_message=html,
        headers=headers or None,
        status=STATUS.queued,
        priority=PRIORITY.medium,
    )


def after_commit(callback) -> None:
    """Run `callback` once the transaction commits (at once outside one). A failure of the
    callback (the job queue unreachable, say) is logged and the action stands: the mail is
    stored, and the delivery loop sends it."""
    transaction.on_commit(callback, robust=True)


def kick_delivery() -> None:
    after_commit(deliver_mail.enqueue)


class OutboxBackend(BaseEmailBackend):
    """Queue the messages in the caller's transaction; delivery starts after its commit."""

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        try:
            with transaction.atomic():
                emails = [_stored(message) for message in email_messages]
                # bulk_create skips post-office's full_clean: an address it would refuse
                # here is refused by the mail server instead, and shown to staff as failed,
                # rather than failing the action that sent it.
                Email.objects.bulk_create(emails)
                for email, message in zip(emails, email_messages, strict=True):
                    if message.attachments:
                        email.attachments.add(*create_attachments(_attachments_of(message)))
        except Exception:
            if not self.fail_silently:
                raise
            logger.exception("Could not queue %d e-mail(s)", len(email_messages))
            return 0
        kick_delivery()
        return len(emails)
