"""One day's reminders at benchmark scale: time and SQL queries of each rule, of the e-mail
decision of the reminders made, and of the day's digests.

    .venv/bin/python bench/reminders.py [--prepare] [--scale S] [--database-url URL]
                                        [--date YYYY-MM-DD] [--repeat N]

The database is the benchmark's (`seed_demo`, then `seed_scale`; bench/README.md says how it
is made); `--prepare` creates, migrates and seeds it when it is missing. Each rule's
`send_rule` runs as the daily run would (its candidates, what was sent before, the Reminder
rows and the notifications in batches of REMINDER_BATCH_SIZE); then the worker's job that
decides how each of the day's reminder notifications reaches its reader
(`email_notifications` over their ids: the digest, the app only, or an e-mail at once); then
the day's digests (`send_digests` at DIGEST_HOUR of that day). All of it inside one
transaction that is rolled back at the end: the database is left as it was, so the run can
be repeated, and no e-mail leaves (the outbox's rows are rolled back with the rest).
`--repeat` runs the whole day N times and prints the median of each phase. The last line
reads `reminders of a day: N sent in T ms, Q queries`, the whole day's time and queries.
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
    from datetime import date, datetime
    from datetime import time as clock

    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import Max
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from post_office.models import Email

    from accounts.models import User
    from notifications import digests
    from notifications.models import Notification
    from notifications.tasks import email_notifications
    from reminders.rules import RULES
    from reminders.services import send_rule

    today = date.fromisoformat(args.date) if args.date else timezone.localdate()
    digest_time = timezone.make_aware(datetime.combine(today, clock(settings.DIGEST_HOUR)))
    print(f"{User.objects.count():,} accounts; the day: {today}")
    phases = [*RULES, "e-mails of the reminders", "digests"]
    timings: dict[str, list[float]] = {name: [] for name in phases}
    first: dict[str, tuple[int, int, float]] = {}
    queued = 0

    def timed(name, run):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            count = run()
            timings[name].append((time.perf_counter() - started) * 1000)
        sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        first.setdefault(name, (count, len(queries), sql_ms))

    for _ in range(max(1, args.repeat)):
        try:
            with transaction.atomic():
                before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
                emails_before = Email.objects.count()
                for name, rule in RULES.items():
                    timed(name, lambda rule=rule: send_rule(rule, today)[0].sent)
                # The ids notify_many hands the worker after the commit: this day's only.
                made = list(
                    Notification.objects.filter(pk__gt=before)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                timed(phases[-2], lambda made=made: email_notifications.call(made) or len(made))
                timed(phases[-1], lambda: digests.send_digests(now=digest_time))
                queued = queued or Email.objects.count() - emails_before
                raise Rollback
        except Rollback:
            pass
    print(f"{'phase':26} {'count':>8} {'ms':>9} {'queries':>8} {'sql ms':>8}")
    total_ms = total_queries = 0
    for name in phases:
        count, queries, sql_ms = first[name]
        ms = statistics.median(timings[name])
        total_ms, total_queries = total_ms + ms, total_queries + queries
        print(f"{name:26} {count:>8,} {ms:>9.1f} {queries:>8} {sql_ms:>8.1f}")
    sent = sum(first[name][0] for name in RULES)
    print(
        f"(count: reminders sent; notifications decided; digests sent. sql ms: the first "
        f"run's time in the database. {queued:,} e-mails queued in the outbox)"
    )
    print(f"reminders of a day: {sent:,} sent in {total_ms:.0f} ms, {total_queries} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
