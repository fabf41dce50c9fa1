"""The kinds of notification and their texts, each registered by the app whose event it is.

A notification stores its kind and parameters, not its text, so that each person reads it
in their own language. A parameter may hold a code of a choice list (a status, a kind):
the kind says so, and the text shows the code's label in the reader's language.

Each kind belongs to a group (GROUPS), and each person chooses per group how it reaches
them (notifications.choices): an e-mail at once, a daily or weekly digest, or in the app
only. Which kinds are mandatory, e-mailed at once whatever the person chose:

- something they must answer or act on by a date, made to them in person: an offer, an
  invitation to an interview, an agreement or amendment to confirm (also a student's
  approved proposal and an intern joining a host, which ask for the agreement next);
- a change of their standing they must not miss: their organisation verified or
  suspended, their internship ended early, their certificate revoked.

Everything else (news of progress, of other people's actions, the office's reminders of
what the first notice already asked) follows the person's choice. A group whose kinds
include mandatory ones says so in its `always` text, shown on the settings page.

A group names the roles whose people receive its kinds (`roles`): the settings page asks a
person about their role's groups only, and a text that concerns one role only (the
certificates' issuing jobs, an offer made to a student) is given per role.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# How a notification reaches its reader, besides the app (where every notification is).
IMMEDIATE, DIGEST, IN_APP = "immediate", "digest", "in_app"
CHANNELS = {
    IMMEDIATE: _("E-mail at once"),
    DIGEST: _("In the digest"),
    IN_APP: _("In the app only"),
}


EVERYONE = frozenset(Role.values)


@dataclass(frozen=True)
class Group:
    label: str
    help: str
    default: str = IMMEDIATE  # the channel of a person who chose nothing
    always: str = ""  # the mandatory kinds of the group, in words
    roles: frozenset[str] = EVERYONE  # whose people receive the group's kinds
    # A role's own `help` or `always` ("" when none of the mandatory kinds reach that role).
    help_of: Mapping[str, str] = field(default_factory=dict)
    always_of: Mapping[str, str] = field(default_factory=dict)
    # The channels a person may choose for the group (all, unless only some make sense).
    channels: tuple[str, ...] = (IMMEDIATE, DIGEST, IN_APP)

    def described_for(self, role: str) -> str:
        """What the settings page says of the group to a person of `role`."""
        text = f"{self.help_of.get(role, self.help)} {self.always_of.get(role, self.always)}"
        return text.strip()


GROUPS: dict[str, Group] = {
    "applications": Group(
        _("Applications and interviews"),
        _("Applications received, moved, withdrawn or ended; interviews."),
        always=_("An invitation to an interview is always e-mailed."),
        roles=frozenset({Role.STUDENT, Role.COMPANY}),
        always_of={Role.COMPANY: ""},
    ),
    "offers": Group(
        _("Offers"),
        _("Offers and their answers: accepted, declined, expired."),
        always=_("An offer made to you is always e-mailed."),
        roles=frozenset({Role.STUDENT, Role.COMPANY}),
        always_of={Role.COMPANY: ""},
    ),
    "messages": Group(
        _("Messages"),
        _("New messages in the conversations about applications."),
        roles=frozenset({Role.STUDENT, Role.COMPANY}),
    ),
    "placements": Group(
        _("Placements and vetting"),
        _("Postings, approvals, proposals, vetting of organisations and reports."),
        always=_("Your organisation verified or suspended is always e-mailed."),
        # Academic supervisors may review the internships students propose.
        roles=frozenset({Role.COMPANY, Role.MENTOR, Role.STAFF}),
        always_of={Role.MENTOR: "", Role.STAFF: ""},
    ),
    "internships": Group(
        _("Internships and agreements"),
        _("Agreements and amendments, internships starting and ending, mentors assigned."),
        always=_(
            "An agreement or amendment to confirm and an internship ended early are always "
            "e-mailed."
        ),
    ),
    "logbook": Group(
        _("Logbook and notes"),
        _("Logbook entries submitted, approved or returned; mentors' notes and replies."),
        # A host organisation's administrators approve entries while its tutor is away.
        roles=frozenset({Role.STUDENT, Role.COMPANY, Role.MENTOR}),
    ),
    "evaluations": Group(
        _("Evaluations and results"),
        _("Evaluations submitted or reopened; academic results recorded."),
        roles=frozenset({Role.STUDENT, Role.MENTOR, Role.STAFF}),
    ),
    "documents": Group(
        _("Certificates"),
        _("Your internship certificates issued."),
        always=_("A certificate of yours revoked is always e-mailed."),
        roles=frozenset({Role.STUDENT, Role.STAFF}),
        help_of={Role.STAFF: _("Issuing jobs of certificates that failed or were tried again.")},
        always_of={Role.STAFF: ""},
    ),
    "reminders": Group(
        _("Reminders"),
        _("Reminders of things due soon: deadlines, entries, evaluations."),
        default=DIGEST,
    ),
    "office": Group(
        _("Messages from the internship office"),
        _("The internship office's reminders and messages."),
        roles=frozenset({Role.STUDENT, Role.COMPANY, Role.MENTOR}),
    ),
    # Not notifications: the digest's section of saved searches' alerts (internships.alerts),
    # which only the digest carries. Off ("in the app only"), no search of theirs alerts;
    # the digest's unsubscribe link turns it off with the digest's other groups.
    "saved_searches": Group(
        _("Alerts of saved searches"),
        _(
            "New placements matching the searches you saved with alerts, as often as each "
            "search says. Only the digest carries them; “In the app only” stops them."
        ),
        default=DIGEST,
        roles=frozenset({Role.STUDENT}),
        channels=(DIGEST, IN_APP),
    ),
    "other": Group(_("Everything else"), _("Notifications of no group above.")),
}


def groups_for(role: str) -> list[str]:
    """The groups whose kinds reach people of `role`, in the order of GROUPS."""
    return [name for name, group in GROUPS.items() if role in group.roles]


@dataclass(frozen=True)
class Kind:
    # Lazily translated (gettext_lazy, or for a count ngettext_lazy(singular, plural, "count")),
    # with %(name)s parameters.
    text: str
    labels: dict[str, Callable[[str], str]] = field(default_factory=dict)
    # The group a person's notification choices are made for (immediate e-mail, the
    # digest, in-app only), and whether it must reach them by e-mail whatever they chose.
    group: str = "other"
    mandatory: bool = False


KINDS: dict[str, Kind] = {}


def _label_of(choices) -> Callable[[str], str]:
    return lambda code: str(choices(code).label) if code in choices.values else code


def register(name: str, text, *, group: str = "other", mandatory: bool = False, **labels):
    """Register one kind. `text` is lazily translated: gettext_lazy, or for a count
    ngettext_lazy(singular, plural, "count"), whose "count" parameter chooses the form (as
    notifications.notes does). `labels` maps a parameter to its choice list (a TextChoices
    class) or to a function turning its stored code into words. `group` is what a person's
    notification choices name; a `mandatory` kind (an offer, an agreement to confirm) is
    e-mailed at once whatever they chose."""
    if group not in GROUPS:
        raise ValueError(f"Unknown notification group {group!r} for {name!r}")
    KINDS[name] = Kind(
        group=group,
        mandatory=mandatory,
        text=text,
        labels={
            param: label if not isinstance(label, type) else _label_of(label)
            for param, label in labels.items()
        },
    )


def all_mandatory(group: str) -> bool:
    """Whether every kind of `group` is e-mailed whatever one chooses (none is, so far)."""
    members = [kind for kind in KINDS.values() if kind.group == group]
    return bool(members) and all(kind.mandatory for kind in members)


def render_text(name: str, params: dict) -> str:
    """The text of a notification in the active language (its kind's name if unknown)."""
    kind = KINDS.get(name)
    if kind is None:
        return name
    values = dict(params)
    for param, label in kind.labels.items():
        if param in values:
            values[param] = label(values[param])
    # Parameters are stored as text; a plural text chooses its form by the number.
    if isinstance(values.get("count"), str) and values["count"].isdigit():
        values["count"] = int(values["count"])
    return str(kind.text % values)
