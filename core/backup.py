"""Backups that restore: the database, the uploaded files and a manifest, in one folder.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore, the tools its
operators know; SQLite is copied with its online backup API. Uploaded files are read and
written through Django's storage API, so object storage works like a folder. The manifest
names the release, the applied migrations, the time, the database and each file's SHA-256,
which restore checks before it changes anything."""

import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, for the operator."""


def release() -> str:
    if settings.RELEASE:
        return settings.RELEASE
    try:
        described = subprocess.run(  # noqa: S603
            ["git", "describe", "--always", "--dirty"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return described.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return metadata.version("practica")
    except metadata.PackageNotFoundError:
        return "unknown"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump / pg_restore from Django's own settings."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _listdir(storage, folder: str) -> tuple[list[str], list[str]]:
    try:
        return storage.listdir(folder)
    except FileNotFoundError:  # a media folder not made yet holds nothing
        return [], []


def _storage_files(storage, folder: str = ""):
    directories, files = _listdir(storage, folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _storage_files(storage, f"{folder}/{directory}" if folder else directory)


def _dump_database(target: Path) -> None:
    if _vendor() == "postgresql":
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(target), *args], env)  # fmt: skip
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()


def _archive_media(target: Path) -> int:
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        for name in _storage_files(default_storage):
            with default_storage.open(name, "rb") as f:
                content = f.read()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
            count += 1
    return count


def create_backup(destination: Path) -> Path:
    """Write <destination>/<UTC time>/ with the database, the uploads and the manifest. The
    database goes first: every file a record names was written before the record, so it is in
    the archive; a file newer than the dump is harmless."""
    # A backup holds password hashes, sessions and the links of mail not yet sent: only the
    # account that makes it may read it (folder 0700, files 0600), whatever the umask.
    previous = os.umask(0o077)
    try:
        return _create_backup(destination)
    finally:
        os.umask(previous)


def _create_backup(destination: Path) -> Path:
    created = datetime.now(UTC)
    folder = Path(destination) / created.strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=False, mode=0o700)
    vendor = _vendor()
    _dump_database(folder / DUMPS[vendor])
    media_count = _archive_media(folder / MEDIA)
    migrations = sorted(MigrationRecorder(connection).applied_migrations())
    manifest = {
        "format": 1,
        "release": release(),
        "created_at": created.isoformat(),
        "database": {"vendor": vendor, "file": DUMPS[vendor]},
        "media": {"file": MEDIA, "files": media_count},
        "migrations": [list(m) for m in migrations],
        "sha256": {name: sha256(folder / name) for name in (DUMPS[vendor], MEDIA)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def upload_backup(folder: Path, alias: str) -> None:
    """Copy a backup folder into a storage of settings.STORAGES (object storage, say)."""
    storage = storages[alias]
    for path in sorted(folder.iterdir()):
        with path.open("rb") as f:
            storage.save(f"{folder.name}/{path.name}", f)


def download_backup(name: str, alias: str, into: Path) -> Path:
    storage = storages[alias]
    folder = Path(into) / name
    folder.mkdir(parents=True, exist_ok=True)
    for file in storage.listdir(name)[1]:
        with storage.open(f"{name}/{file}", "rb") as src, (folder / file).open("wb") as dst:
            shutil.copyfileobj(src, dst)
    return folder


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"No {MANIFEST} in {folder}: not a backup folder.")
    manifest = json.loads(path.read_text())
    vendor = manifest.get("database", {}).get("vendor")
    # Only our two files, by their own names, each with its checksum: a manifest cannot name
    # another path (absolute, ../) nor leave a restored file unchecked.
    wanted = {DUMPS.get(vendor), MEDIA}
    named = {manifest.get("database", {}).get("file"), manifest.get("media", {}).get("file")}
    if None in wanted or named != wanted or set(manifest.get("sha256", {})) != wanted:
        raise BackupError("The manifest names other files than a backup of ours holds.")
    for name, expected in manifest["sha256"].items():
        if not (Path(folder) / name).is_file() or sha256(Path(folder) / name) != expected:
            raise BackupError(f"{name} is missing or damaged (its SHA-256 differs).")
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def media_is_empty() -> bool:
    return not any(_listdir(default_storage, ""))


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the backup has applied that this release does not know: restoring it
    under this code would leave tables the code does not expect."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{a}.{n}" for a, n in manifest["migrations"] if (a, n) not in known]


def missing_migrations(manifest: dict) -> list[str]:
    """Migrations of this release the backup lacks: `migrate` applies them after restoring."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {tuple(m) for m in manifest["migrations"]}
    return sorted(f"{a}.{n}" for a, n in loader.disk_migrations if (a, n) not in applied)


def _restore_database(path: Path, vendor: str, *, replace: bool) -> None:
    if vendor == "postgresql":
        connections.close_all()
        args, env = _pg_env()
        clean = ["--clean", "--if-exists"] if replace else []
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean,
              *args, str(path)], env)  # fmt: skip
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _restore_media(path: Path, *, replace: bool) -> int:
    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            if replace and default_storage.exists(member.name):
                default_storage.delete(member.name)
            content = archive.extractfile(member).read()
            saved = default_storage.save(member.name, ContentFile(content))
            if saved != member.name:
                raise BackupError(f"{member.name} was stored as {saved}: the media was not empty.")
            count += 1
    return count


def restore_backup(folder: Path, *, force: bool = False) -> dict:
    """Put a backup back into an empty database and an empty media storage (or over them,
    with force). Nothing is changed until the checksums, the database vendor, the migrations
    and the emptiness have been checked."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The backup holds a {manifest['database']['vendor']} database; "
            f"this site uses {vendor}."
        )
    if unknown := unknown_migrations(manifest):
        raise BackupError(
            "The backup comes from a newer release (it has migrations this code does not "
            f"know: {', '.join(unknown[:5])}). Restore it with the release {manifest['release']}."
        )
    if not force and not database_is_empty():
        raise BackupError("The database is not empty. Restore into an empty one, or use --force.")
    if not force and not media_is_empty():
        raise BackupError(
            "The media storage is not empty. Restore into an empty one, or use --force."
        )
    _restore_database(folder / manifest["database"]["file"], vendor, replace=force)
    files = _restore_media(folder / manifest["media"]["file"], replace=force)
    try:
        cache.clear()  # figures counted before the restore would not match its data
    except Exception:  # a cache that is down holds nothing stale either
        logger.warning("The cache could not be cleared after the restore.")
    return {"manifest": manifest, "files": files, "to_migrate": missing_migrations(manifest)}


def temporary_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="practica-restore-"))
