"""The timeline notes the platform wrote as sentences become note kinds with parameters.

Each note kind's sentence was written in the actor's language, English or Romanian. Both
forms are matched here (the English msgid and its Romanian msgstr of the time, hard-coded, so
that this migration does not change when the catalogue does), only on the events whose action
wrote it; a matched event gets its kind and parameters and an empty note. A code (a party, a
role, an outcome) is stored as its code, as the services now write it. A note that matches
nothing (one a person wrote, one of another shape) stays as it is.

The rows are read in batches by key (a table is not written while a cursor reads it) and
written with bulk_update, on SQLite and PostgreSQL alike. Going back writes each kind's
English sentence into the note again.
"""

import re
from datetime import date

from django.db import migrations

BATCH = 1000

PARTIES = {
    "The student": "student",
    "The host organisation": "organisation",
    "The university": "university",
    "Studentul": "student",
    "Organizația gazdă": "organisation",
    "Universitatea": "university",
}
PARTY_WORDS = {
    "student": "The student",
    "organisation": "The host organisation",
    "university": "The university",
}
ROLES = {
    "host tutor": "host_tutor",
    "academic supervisor": "supervisor",
    "tutore din partea gazdei": "host_tutor",
    "cadru didactic supervizor": "supervisor",
}
ROLE_WORDS = {"host_tutor": "host tutor", "supervisor": "academic supervisor"}
OUTCOMES = {"passed": "passed", "failed": "failed", "promovat": "passed", "nepromovat": "failed"}
INVITATION_KINDS = {
    "University staff": "staff",
    "Academic supervisor": "supervisor",
    "Recruiter of the organisation": "recruiter",
    "Administrator of the organisation": "org_admin",
    "Host tutor of the organisation": "host_tutor",
    "Personalul universității": "staff",
    "Cadru didactic supervizor": "supervisor",
    "Recrutor al organizației": "recruiter",
    "Administrator al organizației": "org_admin",
    "Tutore al organizației gazdă": "host_tutor",
}
INVITATION_WORDS = {
    "staff": "University staff",
    "supervisor": "Academic supervisor",
    "recruiter": "Recruiter of the organisation",
    "org_admin": "Administrator of the organisation",
    "host_tutor": "Host tutor of the organisation",
}
# An amendment's changes, stored as codes since this migration, written back as the English
# sentence (services.amendments' FACT_LABELS and shown() of the time, with the English date).
FACT_WORDS = {
    "starts_on": "Start date",
    "ends_on": "End date",
    "required_hours": "Required hours",
    "hours_per_week": "Hours per week",
    "schedule": "Working schedule",
    "place": "Place of work",
    "city": "City",
    "host_tutor": "Host tutor",
}
MONTHS = [
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
]  # fmt: skip


def _number(value: str) -> int:
    return int(value)


def _code(table: dict):
    def convert(value: str):
        if value not in table:
            raise ValueError(value)
        return table[value]

    return convert


def _parties(value: str) -> list:
    return [_code(PARTIES)(part) for part in value.split(", ")]


# kind: (the actions that wrote it, [English pattern, Romanian pattern], converters, English)
# A pattern matches the whole note; its named groups are the kind's parameters.
KINDS = {
    "version": (
        {"agreement_version", "agreement_signed"},
        [r"Version (?P<number>\d+)", r"Versiunea (?P<number>\d+)"],
        {"number": _number},
        "Version %(number)d",
    ),
    "party_version": (
        {"agreement_confirmed"},
        [r"(?P<party>.+), version (?P<number>\d+)", r"(?P<party>.+), versiunea (?P<number>\d+)"],
        {"party": _code(PARTIES), "number": _number},
        "%(party)s, version %(number)d",
    ),
    "withdrawn_accepted_elsewhere": (
        {"withdrawn"},
        [
            r"Withdrawn automatically: the student accepted another placement\.",
            r"Retrasă automat: studentul a acceptat alt stagiu\.",
        ],
        {},
        "Withdrawn automatically: the student accepted another placement.",
    ),
    "withdrawn_internship_held": (
        {"withdrawn"},
        [
            r"Withdrawn automatically: the student holds an internship in this period\.",
            r"Retrasă automat: studentul are un stagiu în această perioadă\.",
        ],
        {},
        "Withdrawn automatically: the student holds an internship in this period.",
    ),
    "positions_filled": (
        {"filled", "placement_closed"},
        [r"All positions are filled\.", r"Toate locurile sunt ocupate\."],
        {},
        "All positions are filled.",
    ),
    "closed_by_office": (
        {"placement_closed"},
        [r"The internship office closed the placement\.", r"Biroul de practică a închis stagiul\."],
        {},
        "The internship office closed the placement.",
    ),
    "closed_by_organisation": (
        {"placement_closed"},
        [r"The organisation closed the placement\.", r"Organizația a închis stagiul\."],
        {},
        "The organisation closed the placement.",
    ),
    "organisation_suspended": (
        {"placement_closed"},
        [
            r"The university suspended this organisation: it takes no interns for now\.",
            r"Universitatea a suspendat această organizație: deocamdată nu primește stagiari\.",
        ],
        {},
        "The university suspended this organisation: it takes no interns for now.",
    ),
    "mentor_assigned": (
        {"assigned_host_tutor", "assigned_supervisor"},
        [
            r"(?P<mentor>.+) is now the (?P<role>.+)\.",
            r"(?P<mentor>.+) are acum rolul de (?P<role>.+)\.",
        ],
        {"role": _code(ROLES)},
        "%(mentor)s is now the %(role)s.",
    ),
    "approved_from_proposal": (
        {"created"},
        [r"Approved from the student's proposal\.", r"Aprobat din propunerea studentului\."],
        {},
        "Approved from the student's proposal.",
    ),
    "recorded_by_office": (
        {"created"},
        [r"Recorded by the internship office\.", r"Înregistrat de biroul de practică\."],
        {},
        "Recorded by the internship office.",
    ),
    "copied_from": (
        {"duplicated"},
        [
            r"Copied from “(?P<title>.*)” \((?P<period>[^()]*)\)\.",
            r"Copiat din „(?P<title>.*)” \((?P<period>[^()]*)\)\.",
        ],
        {},
        "Copied from “%(title)s” (%(period)s).",
    ),
    "amendment": (
        {"amendment_withdrawn", "amendment_signed"},
        [r"Amendment no\. (?P<number>\d+)", r"Actul adițional nr\. (?P<number>\d+)"],
        {"number": _number},
        "Amendment no. %(number)d",
    ),
    "amendment_party": (
        {"amendment_confirmed"},
        [
            r"Amendment no\. (?P<number>\d+): (?P<party>.+)",
            r"Actul adițional nr\. (?P<number>\d+): (?P<party>.+)",
        ],
        {"number": _number, "party": _code(PARTIES)},
        "Amendment no. %(number)d: %(party)s",
    ),
    "amendment_reason": (
        {"amendment_proposed"},
        [
            r"Amendment no\. (?P<number>\d+): (?P<reason>.*)",
            r"Actul adițional nr\. (?P<number>\d+): (?P<reason>.*)",
        ],
        {"number": _number},
        "Amendment no. %(number)d: %(reason)s",
    ),
    "amendment_changes": (
        {"amendment_in_force", "amendment_recorded"},
        [
            r"Amendment no\. (?P<number>\d+): (?P<changes>.*)",
            r"Actul adițional nr\. (?P<number>\d+): (?P<changes>.*)",
        ],
        {"number": _number},
        "Amendment no. %(number)d: %(changes)s",
    ),
    "result": (
        {"result_recorded"},
        [
            r"Grade (?P<grade>\d+), (?P<outcome>passed|failed), (?P<credits>\d+) credits\.",
            r"Nota (?P<grade>\d+), (?P<outcome>promovat|nepromovat), credite: (?P<credits>\d+)\.",
        ],
        {"grade": _number, "credits": _number, "outcome": _code(OUTCOMES)},
        "Grade %(grade)d, %(outcome)s, %(credits)d credits.",
    ),
    "logbook_submitted": (
        {"logbook_submitted"},
        [
            r"(?P<count>\d+) logbook entr(?:y|ies) submitted\.",
            r"Înregistrări din caiet trimise: (?P<count>\d+)\.",
        ],
        {"count": _number},
        "%(count)d logbook entries submitted.",
    ),
    "logbook_approved": (
        {"logbook_approved"},
        [
            r"(?P<count>\d+) logbook entr(?:y|ies) approved\.",
            r"Înregistrări din caiet aprobate: (?P<count>\d+)\.",
        ],
        {"count": _number},
        "%(count)d logbook entries approved.",
    ),
    "roster_counts": (
        {"roster_imported"},
        [r"(?P<created>\d+) created, (?P<updated>\d+) updated, (?P<skipped>\d+) skipped"],
        {"created": _number, "updated": _number, "skipped": _number},
        "%(created)d created, %(updated)d updated, %(skipped)d skipped",
    ),
    "parties": (
        {"agreement_reminded"},
        [r"(?P<parties>.+)"],
        {"parties": _parties},
        "%(parties)s",
    ),
    "invitation": (
        {"invitation_sent"},
        [r"(?P<email>\S+) \((?P<kind>[^()]+)\)"],
        {"kind": _code(INVITATION_KINDS)},
        "%(email)s (%(kind)s)",
    ),
    "agreement_text_version": (
        {"agreement_text_saved"},
        [r"(?P<language>en|ro) v(?P<number>\d+)"],
        {"number": _number},
        "%(language)s, version %(number)d",
    ),
    "new_logo": (
        {"university_edited"},
        [r"new logo", r"siglă nouă"],
        {},
        "new logo",
    ),
    "changes_and_new_logo": (
        {"university_edited"},
        [r"(?P<changes>.+); new logo", r"(?P<changes>.+); siglă nouă"],
        {},
        "%(changes)s; new logo",
    ),
}
PATTERNS = {
    kind: [re.compile(pattern, re.DOTALL) for pattern in patterns]
    for kind, (_actions, patterns, _converters, _english) in KINDS.items()
}
ACTIONS = {action for actions, *_rest in KINDS.values() for action in actions}


def as_kind(action: str, note: str):
    """The kind and parameters of a note the platform wrote, or None."""
    for kind, (actions, _patterns, converters, _english) in KINDS.items():
        if action not in actions:
            continue
        for pattern in PATTERNS[kind]:
            found = pattern.fullmatch(note)
            if found is None:
                continue
            try:
                params = {
                    name: converters.get(name, str)(value)
                    for name, value in found.groupdict().items()
                }
            except ValueError:  # a label of neither language: not this kind
                continue
            if kind == "changes_and_new_logo" and params["changes"] in ("new logo", ""):
                continue
            return kind, params
    return None


def in_english(kind: str, params: dict) -> str:
    """A kind's note as the platform wrote it in English before."""
    values = dict(params)
    if "party" in values:
        values["party"] = PARTY_WORDS.get(values["party"], values["party"])
    if kind == "mentor_assigned":
        values["role"] = ROLE_WORDS.get(values.get("role"), values.get("role"))
    if kind == "invitation":
        values["kind"] = INVITATION_WORDS.get(values.get("kind"), values.get("kind"))
    if kind == "agreement_text_version":  # written "en v2" before
        return f"{values.get('language')} v{values.get('number')}"
    if kind == "parties":
        codes = values.get("parties") or []
        values["parties"] = ", ".join(PARTY_WORDS.get(code, code) for code in codes)
    if isinstance(values.get("changes"), dict):  # an amendment's changes, stored as codes
        changes = values["changes"]
        values["changes"] = "; ".join(
            f"{FACT_WORDS[key]}: {_shown(key, changes[key][0])} → {_shown(key, changes[key][1])}"
            for key in FACT_WORDS
            if key in changes
        )
    return KINDS[kind][3] % values


def _shown(key: str, value) -> str:
    """A fact's value as the English timeline showed it ("Jan. 31, 2027", "Ana <a@x.ro>")."""
    if value in (None, ""):
        return "—"
    if key in ("starts_on", "ends_on"):
        day = date.fromisoformat(value)
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if key == "host_tutor":
        return f"{value['name']} <{value['email']}>" if value.get("email") else value["name"]
    return str(value)


def _batches(queryset):
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def notes_to_kinds(apps, schema_editor):
    Event = apps.get_model("notifications", "Event")
    written = Event.objects.filter(note_kind="", action__in=ACTIONS).exclude(note="")
    for batch in _batches(written.only("pk", "action", "note")):
        changed = []
        for event in batch:
            found = as_kind(event.action, event.note)
            if found is not None:
                event.note_kind, event.note_params = found
                event.note = ""
                changed.append(event)
        Event.objects.bulk_update(changed, ["note", "note_kind", "note_params"], batch_size=BATCH)


def kinds_to_notes(apps, schema_editor):
    Event = apps.get_model("notifications", "Event")
    kinded = Event.objects.filter(note_kind__in=KINDS)
    for batch in _batches(kinded.only("pk", "note", "note_kind", "note_params")):
        for event in batch:
            try:
                text = in_english(event.note_kind, event.note_params or {})
            except (KeyError, TypeError, ValueError):
                text = event.note_kind
            event.note = f"{text}\n{event.note}" if event.note else text
            event.note_kind, event.note_params = "", {}
        Event.objects.bulk_update(batch, ["note", "note_kind", "note_params"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_notification_choices"),
    ]

    operations = [
        migrations.RunPython(notes_to_kinds, kinds_to_notes, elidable=True),
    ]
