import io
import json
import zipfile
from datetime import timedelta

import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from privacy import bundle
from privacy.models import DataExport
from privacy.retention import apply_retention
from tests import factories


def ask_for_a_copy(client, django_capture_on_commit_callbacks, *, execute=True):
    with django_capture_on_commit_callbacks(execute=execute):
        return client.post(reverse("privacy_export_request"), follow=True)


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_copy_of_a_student_with_an_internship_holds_their_records_and_files(
    client, student, internship, django_capture_on_commit_callbacks
):
    factories.give_cv(student, label="Main CV")
    factories.LogbookEntryFactory(internship=internship, activities="Am reparat facturile.")
    client.force_login(student)

    response = ask_for_a_copy(client, django_capture_on_commit_callbacks)

    export = DataExport.objects.get(user=student)
    assert export.status == DataExport.Status.READY
    assert "Your copy is being prepared" in response.content.decode()
    archive = read_zip(client.get(export.get_absolute_url()))
    names = set(archive.namelist())
    assert {"README.txt", "account.json", "applications.json", "internships.json"} <= names
    assert "logbook_entries.json" in names
    account = json.loads(archive.read("account.json"))
    assert account[0]["email"] == student.email
    assert "password" not in account[0]
    logbook = json.loads(archive.read("logbook_entries.json"))
    assert logbook[0]["activities"] == "Am reparat facturile."
    assert json.loads(archive.read("internships.json"))[0]["id"] == internship.pk
    assert any(name.startswith("files/cvs/") for name in names)
    assert any(name.startswith("files/applications/") for name in names)
    assert archive.read(next(n for n in names if n.startswith("files/cvs/"))).startswith(b"%PDF")


def test_the_readme_is_in_the_persons_language(client, student, django_capture_on_commit_callbacks):
    student.language = "ro"
    student.save(update_fields=["language"])
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks)

    export = DataExport.objects.get(user=student)
    readme = read_zip(client.get(export.get_absolute_url())).read("README.txt").decode()
    assert readme.startswith(bundle.readme(student, [], []).splitlines()[0])


def test_the_person_is_told_when_the_copy_is_ready(
    client, student, django_capture_on_commit_callbacks
):
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=student, kind="data_export_ready").exists()


def test_another_persons_copy_is_not_found(
    client, student, other_student, django_capture_on_commit_callbacks
):
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=student)

    client.force_login(other_student)
    assert client.get(export.get_absolute_url()).status_code == 404


def test_staff_cannot_download_a_students_copy(
    client, student, staff, django_capture_on_commit_callbacks
):
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=student)

    client.force_login(staff)
    assert client.get(export.get_absolute_url()).status_code == 404


def test_asking_twice_while_a_copy_is_prepared_is_refused(
    client, student, django_capture_on_commit_callbacks
):
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks, execute=False)

    response = ask_for_a_copy(client, django_capture_on_commit_callbacks, execute=False)

    assert "already being prepared" in response.content.decode()
    assert DataExport.objects.filter(user=student).count() == 1


def test_a_copy_stuck_for_too_long_may_be_asked_again(
    client, student, settings, django_capture_on_commit_callbacks
):
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks, execute=False)
    later = timezone.now() + timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)

    with time_machine.travel(later):
        ask_for_a_copy(client, django_capture_on_commit_callbacks)

    statuses = sorted(DataExport.objects.filter(user=student).values_list("status", flat=True))
    assert statuses == ["failed", "ready"]


def test_a_failed_build_is_shown_and_can_be_asked_again(
    client, student, monkeypatch, django_capture_on_commit_callbacks
):
    def full_disk(user, target):
        raise OSError("No space left on device")

    monkeypatch.setattr(bundle, "write_bundle", full_disk)
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks)

    export = DataExport.objects.get(user=student)
    assert export.status == DataExport.Status.FAILED
    assert "No space left" in export.error
    assert Notification.objects.filter(recipient=student, kind="data_export_failed").exists()
    page = client.get(reverse("privacy_data")).content.decode()
    assert "ask again" in page

    monkeypatch.undo()
    ask_for_a_copy(client, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(user=student, status="ready").count() == 1


def test_an_expired_copy_is_deleted_and_no_longer_downloaded(
    client, student, settings, django_capture_on_commit_callbacks
):
    client.force_login(student)
    ask_for_a_copy(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=student)
    name = export.file.name
    later = timezone.now() + timedelta(days=settings.EXPORT_EXPIRY_DAYS, hours=1)

    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        apply_retention()

    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED
    assert not default_storage.exists(name)
    assert client.get(export.get_absolute_url()).status_code == 404


def test_asking_for_a_copy_needs_a_post(client, student):
    client.force_login(student)
    assert client.get(reverse("privacy_export_request")).status_code == 405


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("privacy_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
