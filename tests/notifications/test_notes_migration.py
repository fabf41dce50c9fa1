"""Migration 0004 turns the sentences the platform wrote on timelines into note kinds.

It runs on SQLite and on PostgreSQL, whichever the suite runs on: the database goes back to
0003, events are written through the models of that state, and it migrates forward (and
back again).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from notifications.models import Event

BEFORE = [("notifications", "0003_notification_choices")]
AFTER = [("notifications", "0004_notes_as_kinds")]

# (action, note as written) → (kind, params) after the migration; None: left as it is.
CASES = [
    (("agreement_version", "Version 2"), ("version", {"number": 2})),
    (("agreement_signed", "Versiunea 3"), ("version", {"number": 3})),
    (
        ("agreement_confirmed", "Organizația gazdă, versiunea 1"),
        ("party_version", {"party": "organisation", "number": 1}),
    ),
    (
        ("agreement_confirmed", "The student, version 4"),
        ("party_version", {"party": "student", "number": 4}),
    ),
    (
        ("withdrawn", "Withdrawn automatically: the student accepted another placement."),
        ("withdrawn_accepted_elsewhere", {}),
    ),
    (
        ("withdrawn", "Retrasă automat: studentul are un stagiu în această perioadă."),
        ("withdrawn_internship_held", {}),
    ),
    (("filled", "Toate locurile sunt ocupate."), ("positions_filled", {})),
    (
        ("placement_closed", "The organisation closed the placement."),
        ("closed_by_organisation", {}),
    ),
    (
        ("assigned_host_tutor", "Ana Pop are acum rolul de tutore din partea gazdei."),
        ("mentor_assigned", {"mentor": "Ana Pop", "role": "host_tutor"}),
    ),
    (
        ("assigned_supervisor", "Ion Is Now The Best is now the academic supervisor."),
        ("mentor_assigned", {"mentor": "Ion Is Now The Best", "role": "supervisor"}),
    ),
    (("created", "Aprobat din propunerea studentului."), ("approved_from_proposal", {})),
    (("created", "Recorded by the internship office."), ("recorded_by_office", {})),
    (
        ("duplicated", "Copied from “Backend (Django)” (Summer 2027)."),
        ("copied_from", {"title": "Backend (Django)", "period": "Summer 2027"}),
    ),
    (
        ("amendment_proposed", "Actul adițional nr. 2: Proiectul s-a prelungit.\nCu o lună."),
        ("amendment_reason", {"number": 2, "reason": "Proiectul s-a prelungit.\nCu o lună."}),
    ),
    (
        ("amendment_confirmed", "Amendment no. 1: The university"),
        ("amendment_party", {"number": 1, "party": "university"}),
    ),
    (
        ("amendment_in_force", "Amendment no. 1: End date: 2027-01-01 → 2027-02-01"),
        ("amendment_changes", {"number": 1, "changes": "End date: 2027-01-01 → 2027-02-01"}),
    ),
    (("amendment_withdrawn", "Actul adițional nr. 5"), ("amendment", {"number": 5})),
    (
        ("result_recorded", "Nota 9, promovat, credite: 5."),
        ("result", {"grade": 9, "outcome": "passed", "credits": 5}),
    ),
    (
        ("result_recorded", "Grade 4, failed, 0 credits."),
        ("result", {"grade": 4, "outcome": "failed", "credits": 0}),
    ),
    (
        ("logbook_submitted", "Înregistrări din caiet trimise: 4."),
        ("logbook_submitted", {"count": 4}),
    ),
    (("logbook_approved", "1 logbook entries approved."), ("logbook_approved", {"count": 1})),
    (
        ("roster_imported", "3 created, 1 updated, 0 skipped"),
        ("roster_counts", {"created": 3, "updated": 1, "skipped": 0}),
    ),
    (
        ("agreement_reminded", "The student, The host organisation"),
        ("parties", {"parties": ["student", "organisation"]}),
    ),
    (("agreement_reminded", "Universitatea"), ("parties", {"parties": ["university"]})),
    (
        ("invitation_sent", "tutor@firma.ro (Tutore al organizației gazdă)"),
        ("invitation", {"email": "tutor@firma.ro", "kind": "host_tutor"}),
    ),
    (
        ("agreement_text_saved", "ro v2"),
        ("agreement_text_version", {"language": "ro", "number": 2}),
    ),
    (("university_edited", "siglă nouă"), ("new_logo", {})),
    (
        ("university_edited", "city: Cluj → Turda; new logo"),
        ("changes_and_new_logo", {"changes": "city: Cluj → Turda"}),
    ),
    # What a person wrote, or a sentence on an action that never wrote it, stays.
    (("withdrawn", "I found another internship."), None),
    (("edited", "Version 2"), None),
    (("agreement_reminded", "The student, Someone else"), None),
    (("agreement_confirmed", "Nobody, version 1"), None),
    (("university_edited", "city: Cluj → Turda"), None),
    (("closed", "We filled it elsewhere."), None),
]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    return executor.migrate(targets)


def write_events(apps, lines) -> list[int]:
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="accounts", model="user"
    )[0]
    event = apps.get_model("notifications", "Event")
    made = event.objects.bulk_create(
        [
            event(content_type=content_type, object_id=1, action=action, note=note)
            for action, note in lines
        ]
    )
    return [one.pk for one in made]


@pytest.mark.django_db(transaction=True)
def test_sentences_become_kinds_in_both_languages_and_go_back_in_english():
    try:
        old = migrate_to(BEFORE).apps
        pks = write_events(old, [line for line, _expected in CASES])

        migrate_to(AFTER)

        events = Event.objects.in_bulk(pks)
        for pk, (line, expected) in zip(pks, CASES, strict=True):
            event = events[pk]
            if expected is None:
                assert (event.note, event.note_kind, event.note_params) == (line[1], "", {}), line
            else:
                assert (event.note_kind, event.note_params, event.note) == (*expected, ""), line

        with translation.override("en"):
            assert events[pks[1]].note_text == "Version 3"
            assert events[pks[8]].note_text == "Ana Pop is now the host tutor."

        migrate_to(BEFORE)

        back = old.get_model("notifications", "Event").objects.in_bulk(pks)
        assert back[pks[0]].note == "Version 2"
        assert back[pks[1]].note == "Version 3"
        assert back[pks[2]].note == "The host organisation, version 1"
        assert back[pks[8]].note == "Ana Pop is now the host tutor."
        assert back[pks[13]].note == "Amendment no. 2: Proiectul s-a prelungit.\nCu o lună."
        assert back[pks[17]].note == "Grade 9, passed, 5 credits."
        assert back[pks[22]].note == "The student, The host organisation"
        assert back[pks[24]].note == "tutor@firma.ro (Host tutor of the organisation)"
        assert back[pks[25]].note == "ro v2"
        assert back[pks[27]].note == "city: Cluj → Turda; new logo"
        assert all(not event.note_kind for event in back.values())
    finally:
        migrate_to(None)


@pytest.mark.django_db(transaction=True)
def test_more_events_than_a_batch_are_all_migrated():
    try:
        old = migrate_to(BEFORE).apps
        pks = write_events(old, [("filled", "All positions are filled.")] * 2101)

        migrate_to(AFTER)

        assert Event.objects.filter(pk__in=pks, note_kind="positions_filled", note="").count() == (
            2101
        )
    finally:
        migrate_to(None)


@pytest.mark.django_db(transaction=True)
def test_an_amendments_changes_stored_as_codes_go_back_as_the_english_sentence():
    params = {
        "number": 2,
        "changes": {
            "host_tutor": [None, {"name": "Ana Pop", "email": "a@x.ro", "pk": 3}],
            "hours_per_week": [20, 30],
            "ends_on": ["2027-01-31", "2027-09-30"],
            "place": ["Cluj", ""],
        },
    }
    try:
        new = migrate_to(AFTER).apps
        content_type = new.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="accounts", model="user"
        )[0]
        pk = (
            new.get_model("notifications", "Event")
            .objects.create(
                content_type=content_type,
                object_id=1,
                action="amendment_in_force",
                note_kind="amendment_changes",
                note_params=params,
            )
            .pk
        )
        with translation.override("en"):
            shown = Event.objects.get(pk=pk).note_text

        old = migrate_to(BEFORE).apps

        note = old.get_model("notifications", "Event").objects.get(pk=pk).note
        assert note == (
            "Amendment no. 2: End date: Jan. 31, 2027 → Sept. 30, 2027; Hours per week: 20 → 30; "
            "Place of work: Cluj → —; Host tutor: — → Ana Pop <a@x.ro>"
        )
        # The note written back keeps the English of its time; the timeline now writes
        # dates day first (issue #16).
        assert shown == (
            "Amendment no. 2: End date: 31 January 2027 → 30 September 2027; "
            "Hours per week: 20 → 30; Place of work: Cluj → —; Host tutor: — → Ana Pop <a@x.ro>"
        )
    finally:
        migrate_to(None)
