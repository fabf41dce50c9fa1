"""Timeline notes the platform writes are a kind and parameters, read in the reader's language."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

# Aliased so that makemessages leaves these test-only texts out of the catalogue.
from django.utils.translation import gettext_lazy as lazy_text
from django.utils.translation import ngettext_lazy as lazy_plural

from accounts.models import User
from internships.models import Application, Period
from internships.services.amendments import propose_amendment
from internships.services.assignments import assign_mentor
from internships.services.placements import duplicate_placement
from mentors import services as mentor_services
from mentors.models import Evaluation
from notifications import notes
from notifications.models import Event
from notifications.services import record_event, record_events, transition
from tests import factories


@pytest.fixture(autouse=True)
def _language_restored():
    """A request of a Romanian reader leaves Romanian active in this thread: the tests that
    follow read in the language they began with."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def registered():
    """Kinds registered for one test, forgotten after it."""
    before = dict(notes.NOTES)
    yield notes.register
    notes.NOTES.clear()
    notes.NOTES.update(before)


def events_of(subject, action):
    return [event for event in Event.objects.filter(action=action) if event.subject == subject]


# The registry -----------------------------------------------------------------------------


def test_a_kind_renders_its_text_with_its_parameters():
    with translation.override("en"):
        assert notes.render("version", {"number": 3}) == "Version 3"


def test_a_kind_renders_in_the_active_language():
    with translation.override("ro"):
        assert notes.render("version", {"number": 3}) == "Versiunea 3"
        assert notes.render("positions_filled", {}) == "Toate locurile sunt ocupate."


def test_a_code_parameter_shows_its_label_in_the_readers_language():
    params = {"party": "organisation", "number": 2}
    with translation.override("en"):
        assert notes.render("party_version", params) == "The host organisation, version 2"
    with translation.override("ro"):
        assert notes.render("party_version", params) == "Organizația gazdă, versiunea 2"


def test_a_role_is_shown_in_lower_case_as_in_a_sentence():
    params = {"mentor": "Ana Pop", "role": "host_tutor"}
    with translation.override("en"):
        assert notes.render("mentor_assigned", params) == "Ana Pop is now the host tutor."
    with translation.override("ro"):
        assert notes.render("mentor_assigned", params) == (
            "Ana Pop are acum rolul de tutore din partea gazdei."
        )


def test_the_outcome_of_a_result_is_a_code_shown_in_words():
    params = {"grade": 9, "outcome": "failed", "credits": 5}
    with translation.override("en"):
        assert notes.render("result", params) == "Grade 9, failed, 5 credits."
    with translation.override("ro"):
        assert notes.render("result", params) == "Nota 9, nepromovat, credite: 5."


def test_a_counting_kind_chooses_the_singular_or_the_plural(registered):
    registered("counted", lazy_plural("%(count)d thing", "%(count)d things", "count"))

    with translation.override("en"):
        assert notes.render("counted", {"count": 1}) == "1 thing"
        assert notes.render("counted", {"count": 4}) == "4 things"
    assert notes.render("logbook_submitted", {"count": 1}) == "1 logbook entry submitted."


def test_a_label_may_be_a_choice_list_or_a_function(registered):
    registered("moved", lazy_text("Now: %(status)s"), status=Application.Status)
    registered("shouted", "%(word)s!", word=str.upper)

    with translation.override("ro"):
        label = str(Application.Status.REJECTED.label)
        assert label != "Not selected"
        assert notes.render("moved", {"status": "rejected"}) == f"Now: {label}"
    assert notes.render("shouted", {"word": "hello"}) == "HELLO!"


def test_an_unknown_code_shows_as_it_is():
    assert notes.render("party_version", {"party": "nobody", "number": 1}) == "nobody, version 1"


def test_an_unknown_kind_shows_its_name():
    assert notes.render("no_such_kind", {"number": 1}) == "no_such_kind"


def test_parameters_that_do_not_fit_show_the_kinds_name():
    assert notes.render("version", {}) == "version"
    assert notes.render("version", {"number": "three"}) == "version"


# The event --------------------------------------------------------------------------------


def test_an_event_without_a_kind_shows_what_a_person_wrote(student):
    event = record_event(student, by=student, action="edited", note="My reason")

    assert event.note_text == "My reason"


def test_an_event_with_a_kind_shows_it_and_keeps_a_persons_words_after_it(student):
    event = record_event(
        student, by=student, action="edited", note="My reason", note_kind="positions_filled"
    )

    with translation.override("ro"):
        assert event.note_text == "Toate locurile sunt ocupate.\nMy reason"


def test_parameters_are_stored_as_json_values(student):
    event = record_event(
        student,
        by=student,
        action="edited",
        note_kind="copied_from",
        note_params={"title": lazy_text("passed"), "period": date(2027, 1, 2), "number": 3},
    )
    event.refresh_from_db()

    assert event.note_params == {"title": "passed", "period": "2027-01-02", "number": 3}


def test_record_events_takes_the_old_lines_and_lines_with_a_kind(student, other_student):
    record_events(
        [
            (student, None, "bulk", "", "", "a person's words"),
            (other_student, None, "bulk", "", "", "", "version", {"number": 2}),
        ]
    )

    first, second = Event.objects.filter(action="bulk").order_by("pk")
    assert (first.note, first.note_kind) == ("a person's words", "")
    assert (second.note, second.note_kind, second.note_params) == ("", "version", {"number": 2})


def test_a_transition_records_its_note_kind(application, company_admin):
    transition(
        application,
        moves={"submitted": ["withdrawn"]},
        to="withdrawn",
        by=company_admin,
        action="withdrawn",
        note_kind="withdrawn_accepted_elsewhere",
    )

    (event,) = events_of(application, "withdrawn")
    assert (event.note, event.note_kind) == ("", "withdrawn_accepted_elsewhere")


# The services record kinds, not sentences --------------------------------------------------


def test_assigning_a_mentor_records_the_role_as_a_code(company_admin, internship, organisation):
    tutor = factories.MentorFactory(organisation=organisation).user

    assign_mentor(internship, mentor=tutor, kind="host_tutor", by=company_admin)

    (event,) = events_of(internship, "assigned_host_tutor")
    assert event.note == ""
    assert event.note_kind == "mentor_assigned"
    assert event.note_params == {"mentor": tutor.display_name, "role": "host_tutor"}


def test_a_result_records_its_outcome_as_a_code(supervisor, host_tutor, internship):
    Evaluation.objects.create(
        internship=internship,
        kind=Evaluation.Kind.FINAL,
        author=host_tutor,
        status=Evaluation.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    mentor_services.record_result(
        internship=internship, by=supervisor, grade=9, passed=True, credits=5
    )

    (event,) = events_of(internship, "result_recorded")
    assert (event.note_kind, event.note_params) == (
        "result",
        {"grade": 9, "outcome": "passed", "credits": 5},
    )
    with translation.override("ro"):
        assert event.note_text == "Nota 9, promovat, credite: 5."


def test_submitting_the_logbook_records_the_count(internship, student):
    factories.LogbookEntryFactory(internship=internship, hours=Decimal(4))

    mentor_services.submit_entries(internship=internship, by=student)

    (event,) = events_of(internship, "logbook_submitted")
    assert (event.note_kind, event.note_params) == ("logbook_submitted", {"count": 1})
    assert event.note_text == "1 logbook entry submitted."


def test_copying_a_placement_records_where_it_came_from(company_admin, placement):
    copy = duplicate_placement(placement=placement, by=company_admin)

    (event,) = events_of(copy, "duplicated")
    assert event.note_kind == "copied_from"
    assert event.note_params == {"title": placement.title, "period": placement.period.name}
    with translation.override("ro"):
        assert event.note_text == f"Copiat din „{placement.title}” ({placement.period.name})."


def test_a_proposed_amendment_keeps_its_reason_as_a_parameter(staff, internship, period):
    Period.objects.filter(pk=period.pk).update(
        starts_on=internship.starts_on - timedelta(days=30),
        ends_on=internship.ends_on + timedelta(days=60),
    )
    ends_on = internship.ends_on + timedelta(days=14)

    propose_amendment(
        internship=internship, by=staff, terms={"ends_on": ends_on}, reason="More work"
    )

    (event,) = events_of(internship, "amendment_proposed")
    assert event.note == ""
    assert (event.note_kind, event.note_params) == (
        "amendment_reason",
        {"number": 1, "reason": "More work"},
    )
    with translation.override("ro"):
        assert event.note_text == "Actul adițional nr. 1: More work"


# The page shows the note in the reader's language ----------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Grade 9, passed, 5 credits."), ("ro", "Nota 9, promovat, credite: 5.")],
)
def test_the_timeline_shows_the_note_in_the_readers_language(
    client, internship, staff, student, language, words
):
    record_event(
        internship,
        by=staff,
        action="result_recorded",
        note_kind="result",
        note_params={"grade": 9, "outcome": "passed", "credits": 5},
    )
    student.language = language
    student.save(update_fields=["language"])
    client.force_login(student)

    response = client.get(reverse("internship_detail", args=[internship.pk]))

    assert words in response.content.decode()


def test_the_office_record_shows_the_note_in_the_readers_language(client, staff, application):
    transition(
        application,
        moves={"submitted": ["withdrawn"]},
        to="withdrawn",
        by=application.student,
        action="withdrawn",
        note_kind="withdrawn_internship_held",
    )
    staff.language = "ro"
    staff.save(update_fields=["language"])
    client.force_login(staff)

    response = client.get(reverse("staff_application", args=[application.pk]))

    assert response.status_code == 200
    assert "Retrasă automat: studentul are un stagiu în această perioadă." in (
        response.content.decode()
    )


def test_the_parties_reminded_are_codes_shown_in_words():
    with translation.override("en"):
        assert notes.render("parties", {"parties": ["student", "university"]}) == (
            "The student, The university"
        )
    with translation.override("ro"):
        assert notes.render("parties", {"parties": ["organisation"]}) == "Organizația gazdă"


def test_an_invitation_shows_its_kind_in_words():
    with translation.override("ro"):
        assert notes.render("invitation", {"email": "a@b.ro", "kind": "staff"}) == (
            "a@b.ro (Personalul universității)"
        )


def test_an_amendments_changes_are_stored_as_codes_and_read_in_words():
    params = {"number": 1, "changes": {"ends_on": ["2027-01-31", "2027-02-28"]}}

    with translation.override("en"):
        english = notes.render("amendment_changes", params)
    with translation.override("ro"):
        romanian = notes.render("amendment_changes", params)

    assert english.startswith("Amendment no. 1: ") and "→" in english and "2027" in english
    assert romanian.startswith("Actul adițional nr. 1: ") and "februarie" in romanian


def test_the_admin_shows_an_events_note_in_words(client, student):
    superuser = User.objects.create_superuser("root@example.org", "a long enough password 1")
    event = record_event(
        student, by=None, action="agreement_version", note_kind="version", note_params={"number": 7}
    )
    client.force_login(superuser)

    response = client.get(reverse("admin:notifications_event_change", args=[event.pk]))

    assert response.status_code == 200
    assert "Version 7" in response.content.decode()
