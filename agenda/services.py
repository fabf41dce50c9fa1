"""A person's calendar feed: made, given a new address, or stopped, only by that person.

The address holds a random token (secrets.token_urlsafe(32)); only its SHA-256 is stored,
so the address is shown once, right after it is made, and a copy of the database opens no
one's calendar."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from notifications.services import record_event

from .models import CalendarFeed, hash_token

# A feed read writes down when it was read at most this often, not on every read.
LAST_USED_PRECISION = timedelta(hours=1)


def _new_token(feed: CalendarFeed) -> str:
    token = secrets.token_urlsafe(32)
    feed.token_hash = hash_token(token)
    feed.created_at = timezone.now()
    feed.last_used_at = None
    feed.revoked_at = None
    feed.save()
    return token


@transaction.atomic
def create_feed(*, user, by) -> str:
    """Make the person's feed and return its token (shown once). A person has one feed:
    while it works, they reset it instead."""
    ensure(by, "agenda.manage_feed", user)
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is not None and feed.is_active:
        raise ServiceError(
            _("You already have a calendar feed. Reset its address to get a new one.")
        )
    token = _new_token(feed or CalendarFeed(user=user))
    record_event(user, by=by, action="calendar_feed_created")
    return token


@transaction.atomic
def reset_feed(*, user, by) -> str:
    """Give the feed a new address; the old one stops working at once."""
    ensure(by, "agenda.manage_feed", user)
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at=None).first()
    if feed is None:
        raise ServiceError(_("You have no calendar feed to reset."))
    token = _new_token(feed)
    record_event(user, by=by, action="calendar_feed_reset")
    return token


@transaction.atomic
def revoke_feed(*, user, by) -> None:
    """Stop the feed: its address answers "not found" from now on."""
    ensure(by, "agenda.manage_feed", user)
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at=None).first()
    if feed is None:
        raise ServiceError(_("You have no calendar feed to stop."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record_event(user, by=by, action="calendar_feed_stopped")


def note_feed_read(feed: CalendarFeed) -> None:
    """Remember when the feed was last read, at most once an hour (no write per read)."""
    now = timezone.now()
    if feed.last_used_at and now - feed.last_used_at < LAST_USED_PRECISION:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    feed.last_used_at = now
