"""Every service that changes state records an event: who, when, what, from and to.

The first test reads every service module and follows each public function through the
helpers it calls: one that writes to the database (save, create, update, delete, a related
set ...) must also reach `record_event`, `record_events` or `transition`. The few that
need not are listed with the reason. The tests after it check the lines the record gets
for the actions that recorded nothing before.
"""

import ast
import builtins
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import services as accounts_services
from accounts.models import Invitation, StudentProfile
from documents import services as documents_services
from internships.services import applications as application_services
from internships.services import vetting as vetting_services
from mentors.models import Evaluation, LogbookEntry
from mentors.services import evaluations, feedback, logbook
from notifications.models import Event
from office import roster
from office import services as office_services

from .factories import (
    LogbookEntryFactory,
    StudentFactory,
)

ROOT = Path(__file__).resolve().parent.parent
WRITES = {
    "save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create",
    "update_or_create", "set_password", "set_unusable_password", "add", "remove", "set",
    "clear",
}  # fmt: skip
RELATED = {"add", "remove", "set", "clear"}
RECORDS = {"record_event", "record_events", "transition"}
NEED_NOT_RECORD = {
    "notifications/services.py:record_event": "it is the record",
    "notifications/services.py:record_events": "it is the record",
    "notifications/services.py:record_access": "it is the record of files opened",
    "notifications/services.py:notify": "a notice of a change already recorded by its caller",
    "internships/services/agreements.py:ask_host_to_confirm": (
        "a notice of a change its caller records (an offer accepted, a proposal approved)"
    ),
    "notifications/services.py:notify_many": "notices in bulk (reminders): each kept as a "
    "notification; the change they tell of is recorded by whoever made it",
    "reminders/services.py:send_reminders": "the Reminder rows are the record: which rule, "
    "to whom, about what, on which day (and their notifications)",
    "reminders/services.py:send_rule": "the Reminder rows are the record (see send_reminders)",
    "notifications/services.py:mark_notifications_read": "a person's own reading, kept on "
    "the notification (read_at)",
    "interviews/services.py:invite_to_book": "a notice of a change its caller records (the "
    "application shortlisted)",
    "internships/services/agreements.py:agreement_of": "creates the empty agreement the "
    "first time it is read; every confirmation on it is recorded",
    "office/roster.py:preview_roster": "the stored preview is itself the record: who "
    "uploaded which file, when, with every row; nothing else changes",
    "office/roster.py:send_invitations": "marks each row of the imported roster with the "
    "time its e-mail was sent: the roster is the record",
    "office/roster.py:send_roster_invitations": "the background task of send_invitations",
    "conversations/services.py:post_message": "the message is itself the record: who "
    "wrote what in which application's conversation, and when",
    "conversations/services.py:mark_read": "a person's own reading, kept on their read "
    "marker (and their notifications' read_at)",
    "agenda/services.py:note_feed_read": "when a calendar app last read the feed, kept on "
    "the feed (last_used_at) at most once an hour",
    # A student's own bookmarks, no workflow: the rows (created_at, updated_at) are the record.
    "internships/services/saved.py:save_placement": "a student's own bookmark",
    "internships/services/saved.py:unsave_placement": "a student's own bookmark",
    "internships/services/saved.py:save_search": "a student's own saved search",
    "internships/services/saved.py:change_search_alerts": "a student's own saved search",
    "internships/services/saved.py:delete_search": "a student's own saved search",
    # A member of staff's own saved reports: the row (created_at, last_downloaded_at) is the
    # record, and a report changes no one else's data.
    "office/services.py:save_report": "a member of staff's own saved report",
    "office/services.py:rename_report": "a member of staff's own saved report",
    "office/services.py:delete_report": "a member of staff's own saved report",
    "office/services.py:mark_report_downloaded": "when the owner last downloaded it",
}


def _service_modules():
    yield from sorted(ROOT.glob("*/services.py"))
    yield from sorted(ROOT.glob("*/services/*.py"))
    yield ROOT / "office" / "roster.py"


def _functions():
    functions = {}
    for path in _service_modules():
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                called = set()
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call):
                        func = inner.func
                        if isinstance(func, ast.Attribute):
                            if func.attr in RELATED and not isinstance(func.value, ast.Attribute):
                                continue  # seen.add(x) on a set, not profile.skills.add(x)
                            called.add(func.attr)
                        elif isinstance(func, ast.Name) and not hasattr(builtins, func.id):
                            called.add(func.id)
                functions[f"{path.relative_to(ROOT)}:{node.name}"] = called
    return functions


def _reach(functions):
    """What each function calls, following the service functions it calls by name."""
    by_name = {}
    for key in functions:
        by_name.setdefault(key.rsplit(":", 1)[1], []).append(key)

    def reach(key, seen):
        seen.add(key)
        names = set(functions[key])
        for name in functions[key]:
            for other in by_name.get(name, ()):
                if other not in seen:
                    names |= reach(other, seen)
        return names

    return {key: reach(key, set()) for key in functions}


def test_every_service_that_changes_state_records_an_event():
    reached = _reach(_functions())
    public = {key: names for key, names in reached.items() if not key.split(":")[1][0] == "_"}
    writers = {key for key, names in public.items() if names & WRITES}
    silent = sorted(key for key in writers if not public[key] & RECORDS)

    assert len(public) > 80, "the service modules were not found"
    assert [key for key in silent if key not in NEED_NOT_RECORD] == []
    assert sorted(NEED_NOT_RECORD) == silent, "an exception that is no longer needed"


def test_the_reader_finds_a_write_behind_a_helper():
    functions = {
        "a.py:outer": {"helper"},
        "a.py:helper": {"save"},
        "a.py:recorded": {"helper", "record_event"},
    }

    reached = _reach(functions)

    assert "save" in reached["a.py:outer"] and "record_event" not in reached["a.py:outer"]
    assert {"save", "record_event"} <= reached["a.py:recorded"]


def events_of(subject):
    model = subject._meta.model_name
    return list(Event.objects.filter(object_id=subject.pk, content_type__model=model))


def one_event(subject, action):
    (event,) = [event for event in events_of(subject) if event.action == action]
    return event


# The actions that recorded nothing before ------------------------------------------------


def test_logbook_entries_added_edited_and_returned_are_recorded(internship, host_tutor):
    active = internship
    day = active.starts_on
    entry = logbook.add_entry(
        internship=active, by=active.student, date=day, hours=4, activities="Read the code"
    )
    logbook.update_entry(
        entry=entry, by=active.student, date=day, hours=6, activities="Read the code"
    )
    entry.status = LogbookEntry.Status.SUBMITTED
    entry.save(update_fields=["status"])
    logbook.return_entry(entry=entry, by=host_tutor, comment="Say which module")

    added = one_event(entry, "logbook_entry_added")
    edited = one_event(entry, "logbook_entry_edited")
    returned = one_event(entry, "logbook_entry_returned")
    assert added.actor == active.student and added.to_status == "draft"
    assert edited.actor == active.student and "hours: 4 → 6" in edited.note
    assert (returned.actor, returned.from_status, returned.to_status) == (
        host_tutor,
        "submitted",
        "returned",
    )
    assert returned.note == "Say which module"


def test_an_edit_that_changes_nothing_records_nothing(internship):
    entry = LogbookEntryFactory(internship=internship, date=internship.starts_on, hours=4)
    logbook.update_entry(
        entry=entry, by=internship.student, date=entry.date, hours=4, activities=entry.activities
    )

    assert [event.action for event in events_of(entry)] == []


def test_feedback_and_replies_are_recorded_on_the_note_not_the_timeline(internship, host_tutor):
    private = feedback.write_feedback(
        internship=internship, by=host_tutor, body="Slow on reviews", visibility="staff"
    )
    note = feedback.write_feedback(
        internship=internship, by=host_tutor, body="Good week", visibility="student"
    )
    reply = feedback.reply_to_feedback(note=note, by=internship.student, body="Thank you")

    assert one_event(private, "feedback_written").to_status == "staff"
    assert one_event(note, "feedback_written").actor == host_tutor
    assert one_event(reply, "feedback_replied").actor == internship.student
    assert not [e for e in events_of(internship) if e.action.startswith("feedback")]


def test_an_evaluation_draft_is_recorded(internship, host_tutor):
    evaluation = evaluations.save_evaluation(
        internship=internship, kind="midterm", by=host_tutor, scores={}, comment="So far so good"
    )

    event = one_event(evaluation, "evaluation_draft_saved")
    assert (event.actor, event.to_status) == (host_tutor, Evaluation.Status.DRAFT)


def test_invitations_sent_replaced_revoked_and_accepted_are_recorded(staff):
    first = accounts_services.invite(by=staff, email="ana@example.ro", kind="supervisor")
    second = accounts_services.invite(by=staff, email="ana@example.ro", kind="supervisor")
    accounts_services.revoke_invitation(invitation=second, by=staff)

    assert one_event(first, "invitation_sent").actor == staff
    replaced = one_event(first, "invitation_replaced")
    assert (replaced.from_status, replaced.to_status) == ("pending", "revoked")
    assert one_event(second, "invitation_revoked").actor == staff


def test_accepting_an_invitation_is_recorded_as_the_new_person(staff):
    from .factories import InvitationFactory

    token = "a-token"
    invitation = InvitationFactory(
        kind="supervisor", token_hash=Invitation.hash_token(token), invited_by=staff
    )

    user = accounts_services.accept_invitation(
        token=token, first_name="Ana", last_name="Pop", password="a long and fine password"
    )

    assert one_event(invitation, "invitation_accepted").actor == user


def test_a_report_and_an_application_note_are_recorded_on_themselves(
    student, company_admin, application
):
    report = vetting_services.report_concern(
        by=student, organisation=application.placement.organisation, reason="Asks for money"
    )
    note = application_services.add_note(application=application, by=company_admin, body="Call")

    assert one_event(report, "report_made").actor == student
    assert one_event(note, "application_note_added").actor == company_admin
    assert not events_of(application.placement.organisation)
    assert "Call" not in " ".join(e.note for e in events_of(application))


def test_period_programme_and_competency_edits_record_what_changed(staff, period):
    office_services.save_period(by=staff, period=period, data={"required_hours": 180})
    programme = office_services.save_programme(
        by=staff, data={"name": "Informatică", "code": "INF2"}
    )
    office_services.save_programme(by=staff, programme=programme, data={"name": "Informatica"})
    competency = office_services.save_competency(
        by=staff, data={"name": "Negotiation under pressure", "position": 3, "is_active": True}
    )

    assert "required_hours:" in one_event(period, "period_edited").note
    assert one_event(programme, "programme_created").actor == staff
    assert one_event(programme, "programme_edited").note == "name: Informatică → Informatica"
    created = one_event(competency, "competency_created")
    assert "name: — → Negotiation under pressure" in created.note


def test_saving_a_period_unchanged_records_nothing(staff, period):
    office_services.save_period(by=staff, period=period, data={"name": period.name})

    assert not events_of(period)


def test_a_profile_edit_records_what_changed(student):
    profile = student.student_profile
    accounts_services.update_student_profile(
        profile=profile, by=student, data={"phone": "0722 000 111", "bio": "Likes tests"}
    )

    event = one_event(profile, "student_profile_edited")
    assert event.actor == student
    # Which fields, never their values: the record outlives an erasure.
    assert event.note == "phone, bio"


def test_starting_a_certificate_batch_is_recorded(staff, period):
    job = documents_services.start_issue_job(period=period, by=staff)

    event = one_event(job, "certificate_batch_started")
    assert (event.actor, event.to_status) == (staff, "queued")


def test_a_roster_import_records_each_student_and_the_import(staff, programme):
    existing = StudentFactory(programme=programme, year_of_study=2)
    csv = (
        "email,first_name,last_name,student_number,programme,year\n"
        f"nou@student.ubbcluj.ro,Ana,Nou,S-1,{programme.code},1\n"
        f"{existing.user.email},{existing.user.first_name},{existing.user.last_name},"
        f"{existing.student_number},{programme.code},3\n"
    )
    preview = roster.preview_roster(
        by=staff, upload=SimpleUploadedFile("roster.csv", csv.encode(), "text/csv")
    )

    roster.import_roster(roster=preview, by=staff)

    assert one_event(preview, "roster_imported").note_text.startswith("1 created, 1 updated")
    new = StudentProfile.objects.get(student_number="S-1").user
    assert one_event(new, "student_imported").actor == staff
    assert "year_of_study: 2 → 3" in one_event(existing.user, "student_updated_by_roster").note
