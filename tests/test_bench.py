"""The benchmarks are not part of the test run, but a tiny run of each is, so they cannot rot."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_certificate_benchmark_runs_and_prints_its_ratio():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "bench/certificates.py", "--seconds", "0.2"],
        cwd=ROOT,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert re.search(r"^renderer/naive: \d+\.\dx$", result.stdout.strip().splitlines()[-1])


def test_the_pages_benchmark_runs_at_tiny_sizes_and_prints_the_worst_ratio(tmp_path):
    """Both scales on SQLite files, a few rows each: the real benchmark uses PostgreSQL."""
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "bench/pages.py",
            "--prepare",
            "--demo-db",
            f"sqlite:///{tmp_path}/demo.sqlite3",
            "--benchmark-db",
            f"sqlite:///{tmp_path}/benchmark.sqlite3",
            "--demo-sizes",
            "--students 30 --organisations 6 --mentors 6 --placements 20 --applications 90",
            "--scale",
            "0.002",
            "--repeat",
            "1",
            "--cache",
            "db",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "MEDIA_ROOT": str(tmp_path / "media")},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert re.search(r"^worst scale ratio: \d+\.\dx \(.+\)$", lines[-1])
    assert any(line.startswith("staff dashboard") for line in lines)


def test_the_reminders_benchmark_runs_at_tiny_sizes_and_prints_each_rule(tmp_path):
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "bench/reminders.py",
            "--prepare",
            "--database-url",
            f"sqlite:///{tmp_path}/benchmark.sqlite3",
            "--demo-sizes",
            "--students 30 --organisations 6 --mentors 6 --placements 20 --applications 90",
            "--scale",
            "0.002",
            "--repeat",
            "1",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "MEDIA_ROOT": str(tmp_path / "media")},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert re.search(r"^reminders of a day: [\d,]+ sent in \d+ ms, \d+ queries$", lines[-1])
    assert any(line.startswith("logbook_silent") for line in lines)
    assert any(line.startswith("e-mails of the reminders") for line in lines)
    assert any(line.startswith("digests") for line in lines)
