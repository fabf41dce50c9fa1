"""The kinds of notification and their texts, each registered by the app whose event it is.

A notification stores its kind and parameters, not its text, so that each person reads it
in their own language. A parameter may hold a code of a choice list (a status, a kind):
the kind says so, and the text shows the code's label in the reader's language.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    text: str  # lazily translated, with %(name)s parameters
    labels: dict[str, Callable[[str], str]] = field(default_factory=dict)
    # The group a person's notification choices are made for (immediate e-mail, the
    # digest, in-app only), and whether it must reach them by e-mail whatever they chose.
    group: str = "other"
    mandatory: bool = False


KINDS: dict[str, Kind] = {}


def _label_of(choices) -> Callable[[str], str]:
    return lambda code: str(choices(code).label) if code in choices.values else code


def register(name: str, text, *, group: str = "other", mandatory: bool = False, **labels):
    """Register one kind. `labels` maps a parameter to its choice list (a TextChoices class)
    or to a function turning its stored code into words. `group` is what a person's
    notification choices name; a `mandatory` kind (an offer, an agreement to confirm) is
    e-mailed at once whatever they chose."""
    KINDS[name] = Kind(
        group=group,
        mandatory=mandatory,
        text=text,
        labels={
            param: label if not isinstance(label, type) else _label_of(label)
            for param, label in labels.items()
        },
    )


def render_text(name: str, params: dict) -> str:
    """The text of a notification in the active language (its kind's name if unknown)."""
    kind = KINDS.get(name)
    if kind is None:
        return name
    values = dict(params)
    for param, label in kind.labels.items():
        if param in values:
            values[param] = label(values[param])
    return str(kind.text) % values
