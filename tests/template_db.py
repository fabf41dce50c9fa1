"""Test databases cloned from a migrated template instead of migrated each time.

Migrating an empty database to the current schema renders the models' states of every
migration (about 15 s of CPU for this project), and `make test` did it once per pytest-xdist
worker and per pass, on each database. Now the first worker to need a test database
migrates it as before and keeps a copy as a template: a SQLite file in the temporary
directory (for the in-memory test database) or a PostgreSQL database created from it
(`<name>_tpl_<key>`); every other worker, the second pass and later runs copy that template
(a SQLite backup, `CREATE DATABASE ... TEMPLATE`), which takes a second or two.

The template's key is a digest of every installed app's migration files and Django's
version, so that a new or changed migration makes a new template (the old ones of this
database are dropped then). A lock file makes the workers wait for the one that migrates.
PRACTICA_TEST_TEMPLATE_DB=0 migrates every test database as Django does.
"""

import contextlib
import fcntl
import hashlib
import os
import re
import sqlite3
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings

TEMP = Path(tempfile.gettempdir())


def enabled() -> bool:
    return os.environ.get("PRACTICA_TEST_TEMPLATE_DB", "1").lower() not in {"0", "false", "no"}


def migrations_key() -> str:
    """A digest of every installed app's migration files (and Django's version)."""
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        folder = Path(config.path) / "migrations"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            source = path.read_bytes()
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(source)
            # The project's modules a migration imports (the agreement's default articles
            # that a data migration writes, for one) count as the migration's text.
            for module in sorted(set(IMPORT.findall(source.decode("utf-8", "replace")))):
                digest.update(_project_source(module))
    return digest.hexdigest()[:16]


IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.MULTILINE)


def _project_source(module: str) -> bytes:
    base = Path(settings.BASE_DIR).joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path.read_bytes()
    return b""


@contextlib.contextmanager
def _locked(name: str):
    with open(TEMP / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def install(connection) -> None:
    """Make `connection.creation.create_test_db` clone the template (made on first use)."""
    creation = connection.creation
    original = creation.create_test_db
    key = migrations_key()

    if connection.vendor == "sqlite":
        if not creation.is_in_memory_db(creation._get_test_db_name()):
            return
        # One template per checkout and key: other checkouts on this machine keep theirs.
        place = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:8]
        prefix = f"practica-test-{place}-"
        template = TEMP / f"{prefix}{key}.sqlite3"

        def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
            with _locked(prefix.rstrip("-")):
                if not template.exists():
                    name = original(verbosity, autoclobber, serialize, keepdb)
                    for old in TEMP.glob(f"{prefix}*.sqlite3"):
                        old.unlink(missing_ok=True)
                    part = template.with_suffix(".part")
                    target = sqlite3.connect(part)
                    try:
                        connection.connection.backup(target)
                    finally:
                        target.close()
                    os.replace(part, template)
                    return name
                # What Django's create_test_db does for an in-memory database, the
                # migrations replaced by a copy of the template.
                name = creation._get_test_db_name()
                connection.close()
                settings.DATABASES[connection.alias]["NAME"] = name
                connection.settings_dict["NAME"] = name
                connection.ensure_connection()
                source = sqlite3.connect(template)
                try:
                    source.backup(connection.connection)
                finally:
                    source.close()
            if serialize:
                connection._test_serialized_contents = creation.serialize_db_to_string()
            return name

    elif connection.vendor == "postgresql":
        base = connection.settings_dict["NAME"]
        prefix = f"{base}_tpl_"
        template = f"{prefix}{key}"

        def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
            test_name = creation._get_test_db_name()
            quote = connection.ops.quote_name
            with _locked(f"practica-test-{base}"):
                with creation._nodb_cursor() as cursor:
                    cursor.execute(
                        "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"]
                    )
                    templates = {row[0] for row in cursor.fetchall()}
                if template not in templates:
                    name = original(verbosity, autoclobber, serialize, keepdb)
                    connection.close()
                    with creation._nodb_cursor() as cursor:
                        for old in templates:
                            cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")
                        cursor.execute(
                            f"CREATE DATABASE {quote(template)} TEMPLATE {quote(test_name)}"
                        )
                    return name
                with creation._nodb_cursor() as cursor:
                    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [test_name])
                    if not (keepdb and cursor.fetchone()):
                        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
                        cursor.execute(
                            f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}"
                        )
            # The copy is there: Django uses it as an existing database (its migrate finds
            # nothing to apply), and destroys it at the end as usual.
            return original(verbosity, autoclobber, serialize, keepdb=True)

    else:
        return

    creation.create_test_db = create_test_db
