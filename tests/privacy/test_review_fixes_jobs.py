"""The daily job's new steps and failure paths: stale and half-written copies, erasures that
fail, overlapping retention runs, and the end of DATA_RETENTION_YEARS."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from documents.models import Certificate
from mentors.models import AcademicResult, LogbookEntry
from notifications.models import Access, Event
from privacy import bundle, erasure, exports, retention, tasks
from privacy.models import DataExport, ErasureRequest
from tests.privacy.test_erasure import finished_internship


def test_an_export_stuck_being_prepared_is_failed_by_the_daily_job(student, settings):
    export = DataExport.objects.create(user=student, status="running")
    later = timezone.now() + timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)

    assert exports.fail_stale(later) == 1

    export.refresh_from_db()
    assert export.status == "failed"
    assert exports.fail_stale(later) == 0


def test_a_half_written_copy_is_deleted_when_the_build_fails(student, monkeypatch):
    export = DataExport.objects.create(user=student)
    saved = []

    def full_disk(self):
        saved.append(self.name)
        raise OSError("No space left on device")

    monkeypatch.setattr(FieldFile, "size", property(full_disk))

    with pytest.raises(OSError):
        exports.build_export(export.pk)

    monkeypatch.undo()
    assert saved and not default_storage.exists(saved[0])


def test_the_daily_job_sweeps_copies_no_export_refers_to(student, settings):
    orphan = default_storage.save(f"private/exports/{student.pk}/orphan.zip", ContentFile(b"x"))
    export = DataExport.objects.create(user=student, status="ready")
    export.file.save("data.zip", ContentFile(b"y"))
    later = timezone.now() + timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)

    assert exports.sweep_orphans(later) == 1

    assert not default_storage.exists(orphan)
    assert default_storage.exists(export.file.name)


def test_the_status_moves_only_along_the_allowed_ones(student):
    export = DataExport.objects.create(user=student, status="expired")
    with pytest.raises(ValueError):
        export.move_to(DataExport.Status.READY)
    request = ErasureRequest.objects.create(user=student, status="done")
    with pytest.raises(ValueError):
        request.move_to(ErasureRequest.Status.REFUSED)


def test_a_failing_erasure_is_shown_failed_and_staff_can_retry_it(
    client, student, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 1
    request = ErasureRequest.objects.create(user=student)

    def broken(user, files):
        raise RuntimeError("storage away")

    monkeypatch.setattr(erasure, "erase", broken)
    assert tasks.carry_out_erasure.call(request.pk) is False

    request.refresh_from_db()
    assert (request.status, request.has_failed, request.attempts) == ("pending", True, 1)
    assert Event.objects.filter(action="erasure_failed").exists()
    client.force_login(staff)
    page = client.get(reverse("privacy_register"))
    assert reverse("privacy_erasure_retry", args=[request.pk]) in page.content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy_erasure_retry", args=[request.pk]))

    request.refresh_from_db()
    assert request.status == "done"


def test_staff_only_may_retry_an_erasure(client, student):
    request = ErasureRequest.objects.create(user=student, error="x")
    client.force_login(student)

    response = client.post(reverse("privacy_erasure_retry", args=[request.pk]))

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.error == "x"


def test_an_erasure_of_an_account_erased_already_ends_at_once(student):
    first = ErasureRequest.objects.create(user=student)
    erasure.carry_out(first.pk)
    second = ErasureRequest.objects.create(user=student)

    assert erasure.carry_out(second.pk).status == "done"
    assert retention._ask_erasure(student) is None


def test_the_copy_of_a_mentor_holds_what_they_wrote_not_the_students_data(
    student, placement, host_tutor, supervisor
):
    internship = finished_internship(student, placement, host_tutor, supervisor)
    LogbookEntry.objects.create(
        internship=internship, date=internship.starts_on, hours=4, activities="Secret work",
        status="approved", reviewed_by=host_tutor, review_comment="Good",
    )  # fmt: skip
    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=5, recorded_by=host_tutor
    )

    target = io.BytesIO()
    bundle.write_bundle(host_tutor, target)

    with zipfile.ZipFile(target) as archive:
        reviews = json.loads(archive.read("logbook_reviews.json"))
        results = json.loads(archive.read("academic_results_recorded.json"))
        assert "logbook_entries.json" not in archive.namelist()
        assert "academic_results.json" not in archive.namelist()
    assert reviews[0]["review_comment"] == "Good" and "activities" not in reviews[0]
    assert "grade" not in results[0]


def test_downloading_ones_copy_is_recorded(client, student):
    export = DataExport.objects.create(user=student, status="ready")
    export.file.save("data.zip", ContentFile(b"zip"))
    export.expires_at = timezone.now() + timedelta(days=1)
    export.save()
    client.force_login(student)

    response = client.get(reverse("privacy_export_download", args=[export.pk]))

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.kind, access.subject, access.user) == ("data_copy", export, student)


def test_kept_records_of_an_erased_person_are_emptied_after_the_retention_years(
    student, staff, placement, host_tutor, supervisor, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    internship = finished_internship(student, placement, host_tutor, supervisor)
    certificate = Certificate.objects.create(
        internship=internship, serial="PR-2027-99999", code="c" * 32, sha256_ro="0" * 64,
        sha256_en="0" * 64, issued_by=staff,
    )  # fmt: skip
    certificate.pdf_ro.save("ro.pdf", ContentFile(b"%PDF"))
    pdf = certificate.pdf_ro.name
    entry = LogbookEntry.objects.create(
        internship=internship, date=internship.starts_on, hours=4, activities="Secret work"
    )
    request = ErasureRequest.objects.create(user=student)
    erasure.carry_out(request.pk)
    soon = timezone.now() + timedelta(days=365 * settings.DATA_RETENTION_YEARS - 30)
    later = timezone.now() + timedelta(days=366 * (settings.DATA_RETENTION_YEARS + 1))

    with time_machine.travel(soon):
        assert retention.empty_kept_records() == 0
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert retention.empty_kept_records() == 1
        assert retention.empty_kept_records() == 0

    entry.refresh_from_db()
    assert entry.activities == erasure.EMPTIED and entry.hours == 4
    assert not Certificate.objects.get(pk=certificate.pk).pdf_ro
    assert pdf and not default_storage.exists(pdf)
