"""The kinds of timeline note the platform writes, each registered by the app whose event it is.

An event stores the kind of its note and its parameters, not a sentence, so that each person
reads the note in their own language (as a notification stores its kind: see kinds.py). A
parameter may hold a code of a choice list (a party, a role): the kind says so, and the note
shows the code's label in the reader's language. A kind that counts is registered with
ngettext_lazy(singular, plural, "count"): its "count" parameter chooses the form. What a
person wrote (a reason, a comment) stays in the event's `note`, or is a parameter of the
kind when the platform's sentence frames it.

The apps below notifications (accounts) cannot import this registry: their kinds are
registered here, at the end.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NoteKind:
    text: str  # lazily translated (gettext_lazy or ngettext_lazy), with %(name)s parameters
    labels: dict[str, Callable] = field(default_factory=dict)


NOTES: dict[str, NoteKind] = {}


def _label_of(choices) -> Callable:
    return lambda code: str(choices(code).label) if code in choices.values else code


def register(name: str, text, **labels) -> None:
    """Register one kind of note. `text` is lazily translated: gettext_lazy, or for a count
    ngettext_lazy(singular, plural, "count"). `labels` maps a parameter to its choice list (a
    TextChoices class) or to a function turning its stored value into words."""
    NOTES[name] = NoteKind(
        text=text,
        labels={
            param: label if not isinstance(label, type) else _label_of(label)
            for param, label in labels.items()
        },
    )


def render(name: str, params: dict | None) -> str:
    """The note in the active language (its kind's name if the kind is unknown)."""
    kind = NOTES.get(name)
    if kind is None:
        return name
    values = dict(params or {})
    for param, label in kind.labels.items():
        if param in values:
            values[param] = label(values[param])
    try:
        return str(kind.text % values)
    except (KeyError, TypeError, ValueError):  # parameters that do not fit: say what we have
        return name


def _invitation_kind(code: str) -> str:
    from accounts.models import Invitation

    return _label_of(Invitation.Kind)(code)


# Accounts (below this app): the university's or an organisation's details edited with a new
# logo (or, an organisation's, without its logo), an invitation.
register("new_logo", _("new logo"))
register("changes_and_new_logo", _("%(changes)s; new logo"))
register("logo_removed", _("logo removed"))
register("changes_and_logo_removed", _("%(changes)s; logo removed"))
register("invitation", "%(email)s (%(kind)s)", kind=_invitation_kind)
