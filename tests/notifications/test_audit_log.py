import csv
import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import AppendOnlyError, record_event
from documents import services as documents
from notifications.models import Access, Event
from tests import factories

LOG = reverse("staff_audit_log")


def rows_of(response) -> list[str]:
    """The lines of the log page: each <tr> of its table body, as text."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [part for part in body.split("<tr>")[1:]]


def csv_lines(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def completed(student, placement, host_tutor, supervisor):
    application = factories.ApplicationFactory(placement=placement, status="accepted")
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        status="completed",
        completed_at=timezone.now(),
    )


# Access records ------------------------------------------------------------------------


def test_a_student_opening_their_cv_is_recorded(client, student):
    cv = factories.give_cv(student, label="Main")
    client.force_login(student)

    response = client.get(reverse("student_cv_file", args=[cv.pk]))

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.user, access.kind, access.subject) == (student, "cv", cv)
    assert access.label == ""  # the kind and the subject, never a name (the file's is a person's)


def test_the_organisation_opening_an_applicants_cv_is_recorded(client, company_admin, application):
    client.force_login(company_admin)

    response = client.get(reverse("application_cv", args=[application.pk]))

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.user, access.kind, access.subject) == (company_admin, "cv", application)


def test_someone_elses_cv_is_not_found_and_nothing_is_recorded(client, other_student, student):
    cv = factories.give_cv(student)
    client.force_login(other_student)

    response = client.get(reverse("student_cv_file", args=[cv.pk]))

    assert response.status_code == 404
    assert not Access.objects.exists()


def test_downloading_the_agreement_is_recorded(client, staff, completed):
    client.force_login(staff)

    response = client.get(reverse("agreement_pdf", args=[completed.pk]))

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.user, access.kind, access.subject) == (staff, "agreement", completed)


def test_downloading_a_certificate_is_recorded(client, staff, completed):
    certificate = documents.issue_certificate(internship=completed, by=staff)
    student = completed.student
    client.force_login(student)

    response = client.get(reverse("certificate_download", args=[certificate.pk, "ro"]))

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.user, access.kind, access.subject) == (student, "certificate", certificate)
    assert access.label == ""


def test_downloading_the_practice_file_is_recorded(client, completed):
    client.force_login(completed.student)

    response = client.get(reverse("logbook_pdf", args=[completed.pk]))

    assert response.status_code == 200
    assert Access.objects.get().kind == "logbook"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_recorded_with_its_list_format_and_filters(client, staff, student, fmt):
    client.force_login(staff)

    response = client.get(reverse("staff_students"), {"q": "Ana", "status": "x", "export": fmt})

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.user, access.kind, access.subject) == (staff, "export", None)
    assert access.label.endswith(f".{fmt}")
    assert access.details["format"] == fmt
    # The filter's names stay; the text typed into the search (maybe a name) does not.
    assert access.details["filters"] == "status=x"
    if fmt == "xlsx":
        assert isinstance(access.details["rows"], int)


# The page -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["student", "company_admin", "supervisor"])
def test_only_staff_may_read_the_log(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(LOG).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LOG)

    assert response.status_code == 302


def test_the_log_merges_events_and_files_opened_newest_first(client, staff, student, application):
    record_event(application, by=student, action="withdrawn", old="submitted", new="withdrawn")
    cv = factories.give_cv(student, label="Main")
    client.force_login(student)
    client.get(reverse("student_cv_file", args=[cv.pk]))
    client.force_login(staff)

    lines = rows_of(client.get(LOG))

    assert "File opened: CV" in lines[0]
    assert "Withdrawn" in lines[1]
    assert "Submitted → Withdrawn" in lines[1]
    assert reverse("staff_application", args=[application.pk]) in lines[1]


def test_the_log_is_filtered_by_person(client, staff, student, other_student, application):
    record_event(application, by=student, action="withdrawn")
    record_event(application, by=other_student, action="moved")
    client.force_login(staff)

    lines = rows_of(client.get(LOG, {"person": other_student.email}))

    assert len(lines) == 1
    assert "Moved along the pipeline" in lines[0]


def test_the_log_is_filtered_by_object_kind_and_id(client, staff, application, completed):
    record_event(application, by=staff, action="moved")
    record_event(completed, by=staff, action="started")
    client.force_login(staff)

    by_kind = rows_of(client.get(LOG, {"object_kind": "internships.internship"}))
    by_id = rows_of(
        client.get(LOG, {"object_kind": "internships.application", "object": application.pk})
    )

    assert len(by_kind) == 1 and "Internship started" in by_kind[0]
    assert len(by_id) == 1 and "Moved along the pipeline" in by_id[0]


def test_the_log_is_filtered_by_action_and_by_kind_of_file(client, staff, student, application):
    record_event(application, by=staff, action="moved")
    record_event(application, by=staff, action="withdrawn")
    Access.objects.create(user=staff, kind="export", label="students-2026-12-05.csv")
    client.force_login(staff)

    moved = rows_of(client.get(LOG, {"action": "moved"}))
    exports = rows_of(client.get(LOG, {"action": "file:export"}))

    assert len(moved) == 1 and "Moved along the pipeline" in moved[0]
    assert len(exports) == 1 and "students-2026-12-05.csv" in exports[0]


def test_the_log_is_filtered_by_dates(client, staff, application):
    old = record_event(application, by=staff, action="moved")
    Event.objects.filter(pk=old.pk)  # the row stays as written; a new one dated earlier:
    Event.objects.create(
        content_type=ContentType.objects.get_for_model(application),
        object_id=application.pk,
        actor=staff,
        action="withdrawn",
        created_at=timezone.now() - timedelta(days=40),
    )
    client.force_login(staff)
    today = timezone.localdate()

    recent = rows_of(client.get(LOG, {"since": (today - timedelta(days=1)).isoformat()}))
    earlier = rows_of(client.get(LOG, {"until": (today - timedelta(days=30)).isoformat()}))

    assert len(recent) == 1 and "Moved along the pipeline" in recent[0]
    assert len(earlier) == 1 and "Withdrawn" in earlier[0]


def test_a_search_finds_notes_action_words_and_file_names(client, staff, application):
    record_event(application, by=staff, action="rejected", note="Not enough Python")
    record_event(application, by=staff, action="offered")
    Access.objects.create(user=staff, kind="export", label="placements-2026.xlsx")
    client.force_login(staff)

    assert len(rows_of(client.get(LOG, {"search": "python"}))) == 1
    assert len(rows_of(client.get(LOG, {"search": "offer made"}))) == 1
    assert len(rows_of(client.get(LOG, {"search": "placements-2026"}))) == 1


def test_an_end_before_the_start_is_refused_with_a_message_and_no_file(client, staff):
    client.force_login(staff)

    page = client.get(LOG, {"since": "2026-05-02", "until": "2026-05-01"})
    export = client.get(LOG, {"since": "2026-05-02", "until": "2026-05-01", "export": "csv"})

    assert "The end date is before the start date." in page.content.decode()
    assert export["Content-Type"].startswith("text/html")
    assert not Access.objects.exists()


def test_older_lines_are_reached_page_by_page_without_repeats(client, staff, application):
    for number in range(53):
        record_event(application, by=staff, action="moved", note=f"line {number}")
    client.force_login(staff)

    first = client.get(LOG)
    older = first.context["older"]
    second = client.get(LOG, {"before": older})

    notes = [e.note for e in first.context["entries"]] + [e.note for e in second.context["entries"]]
    assert len(first.context["entries"]) == 50
    assert sorted(notes) == sorted(f"line {n}" for n in range(53))
    assert second.context["older"] == ""


def test_a_nonsense_cursor_shows_the_newest_lines(client, staff, application):
    record_event(application, by=staff, action="moved")
    client.force_login(staff)

    response = client.get(LOG, {"before": "yesterday~x~²"})

    assert response.status_code == 200
    assert len(response.context["entries"]) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_rows_of_the_page(client, staff, student, application, fmt):
    record_event(application, by=student, action="withdrawn", old="submitted", new="withdrawn")
    record_event(application, by=staff, action="moved", note="=cmd")
    Access.objects.create(user=staff, kind="cv", label="CV.pdf")
    client.force_login(staff)
    page = client.get(LOG, {"person": staff.email}).context["entries"]

    response = client.get(LOG, {"person": staff.email, "export": fmt})

    if fmt == "csv":
        header, *lines = csv_lines(response)
    else:
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        header, *lines = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert header[:2] == ["When", "Person"]
    assert [line[4] for line in lines] == [entry.action_text for entry in page]
    assert response["Content-Disposition"].count("audit-log-")
    assert Access.objects.filter(kind="export", label__startswith="audit-log-").exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_needs_the_same_queries_for_3_or_30_lines(
    client, staff, student, application, completed, count, django_assert_max_num_queries
):
    for number in range(count):
        record_event(application, by=student, action="moved", note=str(number))
        record_event(completed, by=staff, action="started")
        Access.objects.create(user=staff, kind="cv", content_type=None, label="CV.pdf")
    client.force_login(staff)
    client.get(LOG)  # the content types are read once per process, then cached

    with django_assert_max_num_queries(7):
        response = client.get(LOG, {"person": "a", "search": ""})

    assert response.status_code == 200


def test_staff_navigation_links_the_log(client, staff):
    client.force_login(staff)

    assert f'href="{LOG}"' in client.get(reverse("staff_home")).content.decode()


# Append-only ----------------------------------------------------------------------------


def test_a_recorded_event_cannot_be_changed_or_deleted_in_python(staff, application):
    event = record_event(application, by=staff, action="moved")
    event.note = "edited"

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(note="edited")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        Event.objects.bulk_update([event], ["note"])
    assert Event.objects.get(pk=event.pk).note == ""


def test_a_file_opened_cannot_be_changed_or_deleted_in_python(staff):
    access = Access.objects.create(user=staff, kind="cv", label="CV.pdf")

    with pytest.raises(AppendOnlyError):
        access.save()
    with pytest.raises(AppendOnlyError):
        access.delete()
    with pytest.raises(AppendOnlyError):
        Access.objects.all().update(label="x")
    with pytest.raises(AppendOnlyError):
        Access.objects.all().delete()
    assert Access.objects.get().label == "CV.pdf"


@pytest.mark.parametrize("model", [Event, Access])
def test_not_even_a_superuser_adds_changes_or_deletes_a_line_in_the_admin(
    client, staff, application, model
):
    superuser = factories.StaffFactory(is_staff=True, is_superuser=True)
    if model is Event:
        line = record_event(application, by=staff, action="moved")
    else:
        line = Access.objects.create(user=staff, kind="cv", label="CV.pdf")
    client.force_login(superuser)
    name = f"admin:notifications_{model._meta.model_name}"

    add = client.get(reverse(f"{name}_add"))
    change = client.post(reverse(f"{name}_change", args=[line.pk]), {"note": "x", "label": "x"})
    delete = client.post(reverse(f"{name}_delete", args=[line.pk]), {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert model.objects.filter(pk=line.pk).exists()


def test_a_deleted_cv_keeps_its_lines_in_the_log(client, student, staff):
    from accounts import services as accounts

    cv = factories.give_cv(student, label="Old")
    cv_id = cv.pk
    client.force_login(student)
    client.get(reverse("student_cv_file", args=[cv.pk]))
    accounts.remove_student_cv(cv=cv, by=student)

    assert Access.objects.filter(kind="cv", object_id=cv_id).exists()
    client.force_login(staff)
    assert client.get(LOG).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("table", ["internships_event", "notifications_access"])
@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET created_at = now()", "DELETE FROM {table}"]
)
def test_the_database_refuses_a_raw_update_or_delete(staff, application, table, statement):
    from django.db import InternalError, ProgrammingError

    record_event(application, by=staff, action="moved")
    Access.objects.create(user=staff, kind="cv", label="CV.pdf")

    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement.format(table=table))
    assert Event.objects.count() == 1 and Access.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", [1, 2])
def test_a_transactional_tests_database_is_still_emptied_between_tests(run):
    staff = factories.StaffFactory()

    Access.objects.create(user=staff, kind="cv", label="CV.pdf")

    assert Access.objects.count() == 1  # the run before was flushed (TRUNCATE, no trigger)


def test_the_kinds_of_object_have_names_of_their_own_and_no_two_read_alike():
    from office.forms.audit import object_kinds

    labels = [str(label) for _kind, label in object_kinds()]
    assert len(labels) == len(set(labels))
    kinds = dict(object_kinds())
    assert "internships.applicationnote" in kinds
    assert "notifications.event" not in kinds
    assert kinds["accounts.skill"] != kinds["mentors.competency"]
