"""Each person's notification choices: how each group of notifications reaches them.

Every notification is in the app; besides, per group (kinds.GROUPS), a person chooses an
e-mail at once, the digest (daily, or weekly on a day they choose), or nothing more. A
person who chose nothing has each group's default. A mandatory kind is e-mailed at once
whatever they chose.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from . import kinds
from .kinds import DIGEST, IMMEDIATE, IN_APP  # noqa: F401 (the channels, for callers)
from .models import NotificationSettings


@dataclass(frozen=True)
class Choices:
    """A person's choices as read once: the digest's rhythm and each group's channel."""

    digest: str = NotificationSettings.Digest.DAILY
    digest_weekday: int = 0
    groups: dict[str, str] = field(default_factory=dict)

    def channel_of(self, group: str) -> str:
        chosen = self.groups.get(group)
        known = kinds.GROUPS.get(group, kinds.GROUPS["other"])
        if chosen in known.channels:
            return chosen
        return known.default

    def channel_for(self, kind_name: str) -> str:
        kind = kinds.KINDS.get(kind_name)
        if kind is None:
            return IMMEDIATE  # a kind no app registers (any more): as before the choices
        if kind.mandatory:
            return IMMEDIATE
        return self.channel_of(kind.group)


DEFAULT = Choices()


def _of(row: NotificationSettings | None) -> Choices:
    if row is None:
        return DEFAULT
    return Choices(digest=row.digest, digest_weekday=row.digest_weekday, groups=row.choices)


def choices_of(user) -> Choices:
    """One person's choices (one query)."""
    return _of(NotificationSettings.objects.filter(user=user).first())


def choices_for(user_ids: Iterable[int]) -> dict[int, Choices]:
    """Many people's choices in one query, for jobs that e-mail many; absent ones have the
    defaults (use `.get(pk, DEFAULT)`)."""
    rows = NotificationSettings.objects.filter(user_id__in=set(user_ids))
    return {row.user_id: _of(row) for row in rows}


def to_turn_off(choices: Choices, group: str) -> list[str]:
    """What an unsubscribe link of `group` turns off: the group, unless it is in the app only
    already; the digest's link, every group sent to the digest. None: nothing left to do."""
    if group == "digest":
        return [name for name in kinds.GROUPS if choices.channel_of(name) == DIGEST]
    return [group] if choices.channel_of(group) != IN_APP else []


def in_digest(group: str) -> Q:
    """People (users) who send `group` to their digest, as a filter: the SQL of
    `channel_of(group) == DIGEST`."""
    known = kinds.GROUPS[group]
    if known.default != DIGEST:
        return Q(
            pk__in=NotificationSettings.objects.filter(**{f"choices__{group}": DIGEST}).values(
                "user_id"
            )
        )
    elsewhere = [channel for channel in known.channels if channel != DIGEST]
    return ~Q(
        pk__in=NotificationSettings.objects.filter(**{f"choices__{group}__in": elsewhere}).values(
            "user_id"
        )
    )


def channel_for(user, kind: str, choices: Choices | None = None) -> str:
    """How a notification of `kind` reaches `user` besides the app: "immediate", "digest"
    or "in_app". `choices`, when a caller has read them already (choices_for), saves the
    query."""
    return (choices if choices is not None else choices_of(user)).channel_for(kind)
