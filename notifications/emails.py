"""The notification e-mails: a notification's, a digest's, and what every one of them
carries to change what a person receives (a footer, and the one-click unsubscribe headers
of RFC 8058, which mail clients show as an "Unsubscribe" button).

The unsubscribe link holds a signed token (django.core.signing, its own salt) naming the
person and the group, valid UNSUBSCRIBE_MAX_AGE_DAYS: it works without logging in, and
changes that one choice only.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from . import kinds

SALT = "notifications.unsubscribe"
# The token of a digest's link: it turns off the digest (every group sent to it).
DIGEST_GROUP = "digest"


def unsubscribe_token(user_id: int, group: str, kind: str = "") -> str:
    """A signed, timestamped token for turning `group` off; `kind` names a mandatory kind
    the e-mail was of, so that the page can say that one cannot be turned off."""
    payload = {"u": user_id, "g": group}
    if kind:
        payload["k"] = kind
    return signing.dumps(payload, salt=SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str, str]:
    """The person, the group and the kind of a token. Raises signing.SignatureExpired for
    a token older than UNSUBSCRIBE_MAX_AGE_DAYS, signing.BadSignature for any other that
    this site did not sign as it is."""
    payload = signing.loads(
        token, salt=SALT, max_age=timedelta(days=settings.UNSUBSCRIBE_MAX_AGE_DAYS)
    )
    try:
        user_id, group, kind = int(payload["u"]), str(payload["g"]), str(payload.get("k", ""))
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed payload") from error
    if group != DIGEST_GROUP and group not in kinds.GROUPS:
        raise signing.BadSignature("Unknown group")
    return user_id, group, kind


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user_id: int, group: str, kind: str = "") -> str:
    return absolute(
        reverse("notifications_unsubscribe", args=[unsubscribe_token(user_id, group, kind)])
    )


def group_label(group: str) -> str:
    if group == DIGEST_GROUP:
        return _("the digest")
    return str(kinds.GROUPS[group].label)


def footer(unsubscribe: str, group: str) -> str:
    """The lines at the end of every notification e-mail (in the active language)."""
    return "\n".join(
        [
            "-- ",
            _("Change what you receive: %(url)s")
            % {"url": absolute(reverse("notification_settings"))},
            _("Unsubscribe from %(group)s: %(url)s")
            % {"group": group_label(group), "url": unsubscribe},
        ]
    )


def message(*, to: str, subject: str, body: str, unsubscribe: str, group: str) -> EmailMessage:
    """One e-mail with the footer and the one-click unsubscribe headers (the outbox keeps
    the headers, and the delivery sends them)."""
    return EmailMessage(
        subject=subject,
        body=f"{body.rstrip()}\n\n{footer(unsubscribe, group)}\n",
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def notification_message(notification, text: str) -> EmailMessage:
    """The e-mail of one notification, its `text` already in the reader's language (and
    the active language the reader's)."""
    kind = kinds.KINDS.get(notification.kind)
    group = kind.group if kind else "other"
    mandatory = notification.kind if kind and kind.mandatory else ""
    link = absolute(notification.url) if notification.url else ""
    return message(
        to=notification.recipient.email,
        subject="[Practica] " + subject_of(text),
        body=f"{text}\n\n{link}\n" if link else f"{text}\n",
        unsubscribe=unsubscribe_url(notification.recipient_id, group, mandatory),
        group=group,
    )


def subject_of(text: str, limit: int = 90) -> str:
    """The notification's text on one line, cut at a word (with an ellipsis) when longer than
    `limit` characters: never in the middle of a word or a name."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def masked(email: str) -> str:
    """An address shown on a page anyone with the link can open: a•••@example.org."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"
