"""A load test of Practica: gunicorn with 2 workers on 127.0.0.1 over a database, and locust's
mixed traffic (bench/locustfile.py) for a bounded time and request count.

    cd /work/main && .venv/bin/python bench/load.py \
        --database-url postgres://postgres@127.0.0.1:5432/practica_bench_scale \
        --redis-url redis://127.0.0.1:6379/6 --seconds 60 --users 20

Steps: pick accounts from the database (students who can still apply to open placements,
company members whose placements have applicants in the early steps, staff), write them to a
JSON file, collect the static files, start gunicorn in production mode over plain HTTP with
allauth's rate limits off (RATE_LIMITS_ENABLED=0), wait for /healthz, run locust headless,
stop gunicorn (always, also on Ctrl-C) and print per request name and in total: requests,
requests per second, median and 95th percentile latency, failures. The last line reads

    load: N requests, R.R req/s, median M ms, p95 P ms, F errors (...)

Signing in hashes a password (hundreds of milliseconds of CPU, once per simulated person), and
while people sign in the two workers are mostly hashing. So the run has two phases: until
everyone has signed in (reported on its own line), then the measured traffic, whose figures
the last line gives; it says so in its parenthesis. The line above it covers the whole run,
sign-ins included, and the errors of both lines count every request of the whole run.

With --url the traffic goes to a server already running and nothing is started. The exit code
is 1 when there were errors, 2 when the run itself failed.
"""

import argparse
import csv
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import gunicorn

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
SIGN_IN = "sign in"  # the request that hashes the password; "sign-in form" is a plain GET
PLACEMENTS_PER_ACCOUNT = 12


# Accounts ------------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pick_accounts(*, people: int, password: str, seed: int | None = None) -> dict:
    """Up to `people` students who can still apply to open placements (each with the open
    placements of their programme they have not applied to), up to `people` company members
    of different organisations whose placements have applicants in the early steps (with those
    placements), and up to 5 staff. Every account has a verified e-mail and is active."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.db.models import Count, Exists, OuterRef, Q
    from django.utils import timezone

    from accounts.models import Organisation, OrganisationMembership, Role, StudentProfile, User
    from internships.models import Application, Internship, Placement

    chance = random.Random(seed)  # noqa: S311 (which accounts, not secrets)
    can_sign_in = Q(is_active=True) & Exists(
        EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email")).filter(
            verified=True
        )
    )
    users = User.objects.filter(can_sign_in)

    # Students: open placements by (period, programme), then students of those programmes
    # without an internship in the period and under the limit of open applications.
    open_placements = defaultdict(set)
    for pk, period, programme in (
        Placement.objects.open_for_applications()
        .filter(
            organisation__status=Organisation.Status.VERIFIED,
            period__applications_open_on__lte=timezone.localdate(),
        )
        .values_list("pk", "period_id", "programmes")
    ):
        if programme is not None:
            open_placements[period, programme].add(pk)
    students = []
    for period in sorted({period for period, _ in open_placements}):
        programmes = [programme for p, programme in open_placements if p == period]
        open_in_period = Count(
            "user__applications",
            filter=Q(
                user__applications__placement__period=period,
                user__applications__status__in=Application.OPEN_STATUSES,
            ),
        )
        holding = Internship.objects.filter(student=OuterRef("user"), period=period).exclude(
            status=Internship.Status.TERMINATED
        )
        profiles = (
            StudentProfile.objects.filter(
                programme__in=programmes, user__in=users.filter(role=Role.STUDENT)
            )
            .exclude(Exists(holding))
            .annotate(open_count=open_in_period)
            .filter(open_count__lt=settings.MAX_OPEN_APPLICATIONS_PER_PERIOD)
            .order_by("open_count", "?")  # those with the most applications left first
            .values_list("user_id", "user__email", "programme_id")[: people - len(students)]
        )
        profiles = list(profiles)
        applied = defaultdict(set)
        for student, placement in Application.objects.filter(
            student__in=[user_id for user_id, _, _ in profiles]
        ).values_list("student_id", "placement_id"):
            applied[student].add(placement)
        for user_id, email, programme in profiles:
            choices = sorted(open_placements[period, programme] - applied[user_id])
            if choices:
                chance.shuffle(choices)
                students.append({"email": email, "placements": choices[:PLACEMENTS_PER_ACCOUNT]})
        if len(students) >= people:
            break

    # Companies: one member of each of the organisations with the most early applicants.
    early = (
        Application.objects.filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.IN_REVIEW],
            placement__organisation__status=Organisation.Status.VERIFIED,
        )
        .values("placement_id", "placement__organisation_id")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", "placement_id")
    )
    by_organisation = defaultdict(list)
    for row in early[: people * 50]:
        by_organisation[row["placement__organisation_id"]].append(row["placement_id"])
    members = {}
    for organisation, email in (
        OrganisationMembership.objects.filter(
            organisation__in=list(by_organisation), user__in=users.filter(role=Role.COMPANY)
        )
        .order_by("organisation_id", "role", "pk")
        .values_list("organisation_id", "user__email")
    ):
        members.setdefault(organisation, email)
    companies = [
        {"email": members[org], "placements": placements[:PLACEMENTS_PER_ACCOUNT]}
        for org, placements in by_organisation.items()
        if org in members
    ][:people]

    staff = list(users.filter(role=Role.STAFF).order_by("pk").values_list("email", flat=True)[:5])
    return {"password": password, "students": students, "companies": companies, "staff": staff}


# The server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(args) -> dict:
    """Production settings over plain HTTP on 127.0.0.1, with the rate limits off."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DATABASE_URL=args.database_url,
        SECRET_KEY=secrets.token_urlsafe(50),  # throwaway: sessions live only for the run
        ALLOWED_HOSTS="127.0.0.1",
        RATE_LIMITS_ENABLED="0",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies without `Secure`.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        # Notification e-mails are rendered in the request (immediate tasks) and dropped.
        EMAIL_BACKEND=os.environ.get(
            "EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend"
        ),
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def fail(message: str) -> None:
    """The run itself could not go ahead: exit code 2 (1 means the run had errors)."""
    print(message, file=sys.stderr)
    sys.exit(2)


def check_cache_table(redis_url: str) -> None:
    """Without Redis the cache is a database table, which `createcachetable` makes."""
    if redis_url:
        return
    from django.db import connection

    if "django_cache" not in connection.introspection.table_names():
        fail(
            "load: the database has no cache table: pass --redis-url (or set REDIS_URL), "
            "or run `manage.py createcachetable` on it."
        )


def start_server(args, env: dict, workdir: Path) -> tuple[subprocess.Popen, str]:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers)]
    if gunicorn.version_info >= (27,):
        # Its control socket has one default path per user, which two servers on one
        # machine (two runs, or a run beside another gunicorn) would share.
        command.append("--no-control-socket")
    with (workdir / "gunicorn.log").open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
        )
    return server, f"http://127.0.0.1:{port}"


def wait_until_healthy(url: str, server: subprocess.Popen | None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url}/healthz did not answer 200 within {seconds:.0f} s")


def warm_up(url: str, workers: int) -> None:
    """Each worker compiles its templates on first use: a few requests, not measured."""
    for _ in range(2 * workers):
        for path in ("/", "/placements/", "/accounts/login/"):
            with urllib.request.urlopen(url + path, timeout=30):  # noqa: S310
                pass


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # gunicorn's master stops its workers gracefully
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# Locust and its figures ----------------------------------------------------------------


def run_locust(args, url: str, accounts: Path, out: Path) -> int:
    env = dict(os.environ, PRACTICA_LOAD_ACCOUNTS=str(accounts))
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        url,
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{args.seconds}s",
        "--max-requests",
        str(args.max_requests),
        "--think-time",
        args.think_time,
        "--json-file",
        str(out / "stats"),
        "--csv",
        str(out / "stats"),
        "--sign-in-phase-file",
        str(out / "sign_in_phase.json"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with (out / "locust.log").open("w") as log:
        return subprocess.run(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode


def percentile(times: Counter, fraction: float) -> int:
    """The response time (ms) below which `fraction` of the requests fall, as locust rounds."""
    total = sum(times.values())
    if not total:
        return 0
    rank, seen = math.ceil(total * fraction), 0
    for milliseconds in sorted(times):
        seen += times[milliseconds]
        if seen >= rank:
            return milliseconds
    return max(times)


class Figures:
    def __init__(self, entries: list[dict]):
        self.entries = entries
        self.requests = sum(e["num_requests"] for e in entries)
        self.failures = sum(e["num_failures"] for e in entries)
        self.times = Counter()
        for entry in entries:
            self.times.update({int(ms): n for ms, n in entry["response_times"].items()})
        self.max = max((e["max_response_time"] or 0 for e in entries), default=0)

    def line(self, seconds: float) -> str:
        rate = self.requests / seconds if seconds else 0.0
        return (
            f"{self.requests} requests, {rate:.1f} req/s, "
            f"median {percentile(self.times, 0.5)} ms, p95 {percentile(self.times, 0.95)} ms"
        )


def plain(error: str) -> str:
    """A failure's message without locust's wrapping."""
    return re.sub(r"^CatchResponseError\('(.*)'\)$", r"\1", error)


def read_failures(out: Path) -> tuple[list[tuple[int, str]], int]:
    """The failures, most frequent first, as (occurrences, "METHOD name: message"), and the
    number of exceptions raised in tasks (each one an error too)."""
    found, exceptions = [], 0
    failures = out / "stats_failures.csv"
    if failures.exists():
        with failures.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                message = f"{row['Method']} {row['Name']}: {plain(row['Error'])}"
                found.append((int(row["Occurrences"]), message))
    raised = out / "stats_exceptions.csv"
    if raised.exists():
        with raised.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                exceptions += int(row["Count"])
                found.append((int(row["Count"]), f"exception in a task: {row['Message']}"))
    return sorted(found, reverse=True), exceptions


def span(entries: list[dict]) -> float:
    start = min(e["start_time"] for e in entries)
    end = max(e["last_request_timestamp"] or e["start_time"] for e in entries)
    return max(end - start, 0.001)


def print_table(entries: list[dict]) -> None:
    width = max(len(e["method"] + e["name"]) for e in entries) + 4
    print(f"{'request':<{width}} {'count':>6} {'fails':>5} {'median':>7} {'p95':>6} {'max':>6}")
    for entry in sorted(entries, key=lambda e: (-e["num_requests"], e["name"])):
        figures = Figures([entry])
        print(
            f"{entry['method'] + ' ' + entry['name']:<{width}} {figures.requests:>6} "
            f"{figures.failures:>5} {percentile(figures.times, 0.5):>5}ms "
            f"{percentile(figures.times, 0.95):>4}ms {round(figures.max):>4}ms"
        )


def report(out: Path, max_requests: int = 0) -> int:
    """Print the figures; return the number of errors.

    The locustfile writes the figures of the sign-in phase (until every simulated person has
    signed in) apart, then starts afresh: the last line gives the figures after it, and the
    errors of the whole run. When the run ended before everyone signed in, there is no such
    file, and the last line leaves only the sign-in requests out.
    """
    entries = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    phase_file = out / "sign_in_phase.json"
    phase = json.loads(phase_file.read_text(encoding="utf-8")) if phase_file.exists() else None
    phase_entries = [e for e in phase["entries"] if e["num_requests"]] if phase else []
    if not entries and not phase_entries:
        print("load: no request was made")
        return 1
    failures, exceptions = read_failures(out)
    for error in phase["errors"] if phase else []:
        message = f"{error['method']} {error['name']}: {plain(error['error'])}"
        failures.append((error["occurrences"], message))
    failures.sort(reverse=True)
    everything = Figures(phase_entries + entries)
    errors = everything.failures + exceptions
    sign_ins = Figures([e for e in phase_entries + entries if e["name"] == SIGN_IN])
    seconds = (phase["seconds"] if phase else 0) + (span(entries) if entries else 0)

    if phase:
        print(
            f"sign-in phase: {sign_ins.requests} sign-ins within {phase['seconds']:.1f} s "
            f"(median {percentile(sign_ins.times, 0.5)} ms, "
            f"p95 {percentile(sign_ins.times, 0.95)} ms), "
            f"{Figures(phase_entries).requests} requests in that phase"
        )
        measured = Figures(entries)
        label = f"after all {sign_ins.requests} sign-ins; errors of the whole run"
    else:
        measured = Figures([e for e in entries if e["name"] != SIGN_IN])
        label = f"without the {sign_ins.requests} sign-ins; errors of every request"
    if entries:
        print_table(entries)
    stopped = " (stopped at --max-requests)" if everything.requests >= max_requests > 0 else ""
    print(f"whole run: {seconds:.1f} s{stopped}; load average now {os.getloadavg()[0]:.1f}")
    print(f"all requests, sign-ins included: {everything.line(seconds)}, {errors} errors")
    for count, message in failures[:5]:
        print(f"  {count} x {message}")
    if len(failures) > 5:
        print(f"  ... and {len(failures) - 5} other kinds of failure")
    measured_seconds = span(entries) if phase and entries else seconds
    print(f"load: {measured.line(measured_seconds)}, {errors} errors ({label})")
    return errors


# The run -------------------------------------------------------------------------------


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", ""),
        help="the cache of the server started here (default: REDIS_URL; none: the DB table)",
    )
    parser.add_argument("--seconds", type=int, default=60, help="run time (default 60)")
    parser.add_argument("--users", type=int, default=20, help="simulated people (default 20)")
    parser.add_argument("--spawn-rate", type=float, default=2, help="people started a second")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=50_000,
        help="stop when this many requests were made (default 50000)",
    )
    parser.add_argument("--think-time", default="0.5:2.5", help="seconds between actions")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--url", help="a server already running: start nothing")
    parser.add_argument(
        "--accounts",
        type=Path,
        help="the accounts file: read when it exists, else picked from the database and "
        "written there (default: picked afresh into the run's temporary folder)",
    )
    parser.add_argument(
        "--password", help="of every picked account (default: seed_demo's DEMO_PASSWORD)"
    )
    parser.add_argument("--output", type=Path, help="keep locust's CSV/JSON and logs here")
    return parser.parse_args(argv)


def prepare_accounts(args, workdir: Path) -> Path:
    if args.accounts and args.accounts.exists():
        return args.accounts
    path = args.accounts or workdir / "accounts.json"
    from seed.demo.accounts import DEMO_PASSWORD

    accounts = pick_accounts(people=max(args.users, 1), password=args.password or DEMO_PASSWORD)
    if not (accounts["students"] and accounts["companies"] and accounts["staff"]):
        counts = {key: len(accounts[key]) for key in ("students", "companies", "staff")}
        fail(f"load: the database lacks accounts to simulate: {counts}")
    path.write_text(json.dumps(accounts, indent=1, ensure_ascii=False), encoding="utf-8")
    print(
        f"accounts: {len(accounts['students'])} students, {len(accounts['companies'])} "
        f"company members, {len(accounts['staff'])} staff -> {path}"
    )
    return path


def main(argv=None) -> int:
    args = arguments(argv)
    # Stopped by SIGTERM as by Ctrl-C: the `finally` below still stops gunicorn.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started ignoring it
    out = args.output or Path(tempfile.mkdtemp(prefix="practica-load-"))
    out.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        needs_database = not args.url or not (args.accounts and args.accounts.exists())
        if needs_database:
            setup_django(args.database_url)
        accounts = prepare_accounts(args, out)
        url = args.url
        if not url:
            check_cache_table(args.redis_url)
            server, url = start_server(args, server_environment(args), out)
            wait_until_healthy(url, server)
            warm_up(url, args.workers)
            print(f"gunicorn: {args.workers} workers at {url}")
        else:
            wait_until_healthy(url.rstrip("/"), None, seconds=10)
        print(
            f"locust: {args.users} people, {args.seconds} s or {args.max_requests} requests; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run"
        )
        code = run_locust(args, url.rstrip("/"), accounts, out)
        # 0: no failure, 1: failures (counted below), 2 and more: locust itself broke.
        if code > 1 or not (out / "stats.json").exists():
            print((out / "locust.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            print(f"load: locust failed (exit code {code})", file=sys.stderr)
            return 2
        return 1 if report(out, args.max_requests) else 0
    except KeyboardInterrupt:
        print("load: interrupted", file=sys.stderr)
        return 130
    except RuntimeError as error:
        if server is not None:
            print((out / "gunicorn.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        print(f"load: {error}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            stop_server(server)
        if args.output is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
