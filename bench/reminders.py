"""One day's reminders at benchmark scale: time and SQL queries of each rule.

    .venv/bin/python bench/reminders.py [--prepare] [--scale S] [--database-url URL]
                                        [--date YYYY-MM-DD] [--repeat N]

The database is the benchmark's (`seed_demo`, then `seed_scale`; bench/README.md says how it
is made); `--prepare` creates, migrates and seeds it when it is missing. Each rule's
`send_rule` runs as the daily run would (its candidates, what was sent before, the Reminder
rows and the notifications in batches of REMINDER_BATCH_SIZE), inside one transaction that
is rolled back at the end: the database is left as it was, so the run can be repeated, and
no e-mail is queued (e-mailing is the worker's, one notification at a time). `--repeat`
runs the whole day N times and prints the median of each rule. The last line reads
`reminders of a day: N sent in T ms, Q queries`.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"

sys.path.insert(0, str(ROOT))
from bench.pages import child_env, prepare, redact  # noqa: E402


class Rollback(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=PG + "practica_bench_scale")
    parser.add_argument("--prepare", action="store_true", help="create and seed it if missing")
    parser.add_argument("--scale", type=float, default=1.0, help="seed_scale --scale")
    parser.add_argument("--demo-sizes", default="", help="seed_demo options, with --prepare")
    parser.add_argument("--date", default="", help="the day to send for (default: today)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the day")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args)
    if args.prepare:
        prepare("benchmark", args.database_url, args)
    env = {**child_env(args.database_url, "db", 0), "LOG_LEVEL": "WARNING"}
    command = [sys.executable, __file__, "--measure", "--database-url", args.database_url]
    command += ["--repeat", str(args.repeat)] + (["--date", args.date] if args.date else [])
    print(f"== reminders of a day on {redact(args.database_url)}", flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


def measure(args) -> int:
    import django

    django.setup()
    from datetime import date

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from reminders.rules import RULES
    from reminders.services import send_rule

    today = date.fromisoformat(args.date) if args.date else timezone.localdate()
    print(f"{User.objects.count():,} accounts; the day: {today}")
    timings: dict[str, list[float]] = {name: [] for name in RULES}
    first: dict[str, tuple[int, int]] = {}
    for _ in range(max(1, args.repeat)):
        try:
            with transaction.atomic():
                for name, rule in RULES.items():
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        report, _ids = send_rule(rule, today)
                        timings[name].append((time.perf_counter() - started) * 1000)
                    first.setdefault(name, (report.sent, len(queries)))
                raise Rollback
        except Rollback:
            pass
    print(f"{'rule':26} {'sent':>8} {'ms':>9} {'queries':>8}")
    total_ms = total_sent = total_queries = 0
    for name in RULES:
        sent, queries = first[name]
        ms = statistics.median(timings[name])
        total_ms, total_sent, total_queries = (
            total_ms + ms,
            total_sent + sent,
            total_queries + queries,
        )
        print(f"{name:26} {sent:>8,} {ms:>9.1f} {queries:>8}")
    print(f"reminders of a day: {total_sent:,} sent in {total_ms:.0f} ms, {total_queries} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
