"""The backup drill: seed, back up, drop everything, restore into the empty database and
media, then sign in, download the CV and verify the certificate. It runs on the test
database of the run: SQLite by default, PostgreSQL (pg_dump / pg_restore) under DATABASE_URL."""

import json
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import User
from documents import services as documents_services
from documents.models import Certificate
from mentors.models import AcademicResult
from tests import factories

CV = factories.pdf_bytes("Curriculum vitae of the drill")


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def seed(*, staff, student, placement, host_tutor, supervisor):
    accounts_services.update_student_profile(
        profile=student.student_profile,
        by=student,
        data={},
        cv=SimpleUploadedFile("cv.pdf", CV),
    )
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    internship = factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        status="completed",
        completed_at=timezone.now(),
    )
    for _ in range(10):
        factories.LogbookEntryFactory(internship=internship, status="approved", hours=12)
    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=5, recorded_by=supervisor
    )
    return documents_services.issue_certificate(internship=internship, by=staff)


def drop_everything(media_root: Path):
    """What a lost server leaves: no tables, no uploaded files."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        connection.ensure_connection()
        sqlite3.connect(":memory:").backup(connection.connection)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def pdf_of(certificate) -> bytes:
    with certificate.pdf_ro.open("rb") as f:
        return f.read()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_and_media(
    client, media, tmp_path, staff, student, placement, host_tutor, supervisor
):
    certificate = seed(
        staff=staff,
        student=student,
        placement=placement,
        host_tutor=host_tutor,
        supervisor=supervisor,
    )
    certificate_pdf = pdf_of(certificate)
    call_command("backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()

    drop_everything(media)
    assert connection.introspection.table_names() == []
    assert not any(media.rglob("*.pdf"))

    call_command("restore", "--from", str(folder))

    assert client.login(email=student.email, password=factories.PASSWORD)
    response = client.get(reverse("student_cv"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CV
    client.logout()
    restored = Certificate.objects.get(pk=certificate.pk)
    assert pdf_of(restored) == certificate_pdf
    page = client.get(restored.get_absolute_url())
    assert page.status_code == 200
    assert "Valid" in page.content.decode()
    assert documents_services.find_by_pdf(certificate_pdf)[0] == restored


@pytest.mark.django_db(transaction=True)
def test_the_manifest_names_release_migrations_time_and_checksums(media, tmp_path, student):
    call_command("backup", "--to", str(tmp_path))
    (folder,) = tmp_path.iterdir()

    manifest = json.loads((folder / "manifest.json").read_text())

    assert manifest["release"]
    assert manifest["created_at"].startswith(str(timezone.now().year))
    assert manifest["database"]["vendor"] == connection.vendor
    assert ["accounts", "0001_initial"] in manifest["migrations"]
    assert set(manifest["sha256"]) == {manifest["database"]["file"], "media.tar.gz"}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(media, tmp_path, student):
    call_command("backup", "--to", str(tmp_path))
    (folder,) = tmp_path.iterdir()

    with pytest.raises(CommandError, match="database is not empty"):
        call_command("restore", "--from", str(folder))

    assert User.objects.filter(pk=student.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_before_changing_anything(media, tmp_path, student):
    call_command("backup", "--to", str(tmp_path))
    (folder,) = tmp_path.iterdir()
    with (folder / "media.tar.gz").open("ab") as f:
        f.write(b"damage")

    with pytest.raises(CommandError, match="media.tar.gz is missing or damaged"):
        call_command("restore", "--from", str(folder), "--force")

    assert User.objects.filter(pk=student.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_a_newer_release(media, tmp_path, student):
    call_command("backup", "--to", str(tmp_path))
    (folder,) = tmp_path.iterdir()
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append(["accounts", "9999_from_the_future"])
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="newer release"):
        call_command("restore", "--from", str(folder), "--force")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_media_folder_that_is_not_empty(media, tmp_path, student):
    call_command("backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    drop_everything(media)
    default_storage.save("stray.txt", SimpleUploadedFile("stray.txt", b"x"))

    with pytest.raises(CommandError, match="media storage is not empty"):
        call_command("restore", "--from", str(folder))

    call_command("restore", "--from", str(folder), "--force")  # leave the database whole


def test_backups_go_to_backup_dir_by_default():
    assert Path(settings.BACKUP_DIR).name == "backups"


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_maker_only(media, tmp_path, student):
    import stat

    from core.backup import create_backup

    folder = create_backup(tmp_path / "backups")

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(f.stat().st_mode) for f in folder.iterdir()} == {0o600}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_manifest_naming_other_files(media, tmp_path, student):
    import json

    from core.backup import BackupError, create_backup, read_manifest

    folder = create_backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["media"]["file"] = "../../etc/passwd"
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(BackupError, match="other files"):
        read_manifest(folder)
