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
