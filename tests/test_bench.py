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


TINY_DEMO = "--students 30 --organisations 6 --mentors 6 --placements 20 --applications 90"


def run_tiny(script: str, tmp_path, *databases: str) -> list[str]:
    """Run a benchmark on SQLite files with a few rows (`--prepare` seeds them): the lines
    it printed, after checking that it ended well. The real benchmarks use PostgreSQL."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, script, "--prepare", *databases, "--demo-sizes", TINY_DEMO]
        + ["--scale", "0.002", "--repeat", "1"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "MEDIA_ROOT": str(tmp_path / "media")},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()


def test_the_pages_benchmark_runs_at_tiny_sizes_and_prints_the_worst_ratio(tmp_path):
    lines = run_tiny(
        "bench/pages.py",
        tmp_path,
        *("--demo-db", f"sqlite:///{tmp_path}/demo.sqlite3"),
        *("--benchmark-db", f"sqlite:///{tmp_path}/benchmark.sqlite3"),
        *("--cache", "db"),
    )

    assert re.search(r"^worst scale ratio: \d+\.\dx \(.+\)$", lines[-1])
    assert any(line.startswith("staff dashboard") for line in lines)


def test_the_reminders_benchmark_runs_at_tiny_sizes_and_prints_each_rule(tmp_path):
    lines = run_tiny(
        "bench/reminders.py",
        tmp_path,
        *("--database-url", f"sqlite:///{tmp_path}/benchmark.sqlite3"),
    )

    assert re.search(r"^reminders of a day: [\d,]+ sent in \d+ ms, \d+ queries$", lines[-1])
    assert any(line.startswith("logbook_silent") for line in lines)
    assert any(line.startswith("e-mails of the reminders") for line in lines)
    assert any(line.startswith("digests") for line in lines)


def test_the_allocation_benchmark_runs_at_tiny_sizes_and_prints_its_time():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "bench/allocation.py", "--students", "300", "--placements", "40"]
        + ["--ranks", "5", "--repeat", "1"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert re.search(r"^allocation: 300 students in \d+\.\d\d s$", lines[-1])
    assert any(line.startswith("peak memory (ru_maxrss): ") for line in lines)
