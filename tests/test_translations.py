"""Romanian is kept complete: every string users see exists in locale/ro, translated."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/ro/LC_MESSAGES/django.po"
MO = ROOT / "locale/ro/LC_MESSAGES/django.mo"
APPS = sorted(path.name for path in ROOT.iterdir() if (path / "apps.py").is_file())
SOURCES = [*APPS, "config", "templates", "manage.py"]


def test_every_romanian_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))

    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    assert not po.metadata_is_fuzzy


def test_compiled_catalogue_matches_the_source():
    po = {
        (e.msgid, e.msgstr or tuple(sorted(e.msgstr_plural.items())))
        for e in polib.pofile(str(PO))
        if not e.obsolete
    }
    mo = {
        (e.msgid, e.msgstr or tuple(sorted(e.msgstr_plural.items()))) for e in polib.mofile(str(MO))
    }

    assert po <= mo, "run `make messages` to compile locale/ro"


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail("xgettext is missing: install Debian's gettext package")
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale").mkdir()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ro",
            "--no-location",
            "--settings",
            "config.settings",  # the test settings import tests/, which is not copied
        ],
        env={**os.environ, "SECRET_KEY": "makemessages-only-" + "x" * 40, "DJANGO_DEBUG": "1"},
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )

    fresh = {e.msgid for e in polib.pofile(str(tmp_path / "locale/ro/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(PO))}
    assert not fresh - known, f"new strings not in locale/ro (run `make messages`): {fresh - known}"
