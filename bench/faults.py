# ruff: noqa: S103, S105, S310, S607 (a drill of local servers: its own ports, folders and demo password)
"""The fault drill: Practica under steady load while one part at a time fails.

    .venv/bin/python bench/faults.py            # about 6 minutes; run as root (see below)
    .venv/bin/python bench/faults.py --only smtp,redis

It starts everything it needs and never touches the machine's own services: a PostgreSQL
cluster made with initdb in a temporary folder on a port of its own (run as the `postgres`
user: PostgreSQL refuses root), its own Redis, a local SMTP sink, and the app under
production settings, as the unprivileged user `nobody`: gunicorn with 2 workers, the job
worker, the scheduler and the mail sender. Eight clients keep requesting pages while the
drill, one step at a time:

- kills the job worker in the middle of a certificate batch, and starts another;
- stops PostgreSQL for 30 s, then restarts it (0.4 s);
- stops Redis for 30 s;
- makes the SMTP server refuse connections, sends mail, then lets it accept again;
- makes the media folder read-only during a CV upload;
- kills an app worker;
- backs up, drops the database and the media, restores, and checks a login, a CV and a
  certificate.

For each step it prints what users saw (answers by status), the recovery time (from the part's
return to the first good answer), and what was lost, duplicated or stuck. The goal is no 500
(503 while the database is away), recovery within 5 s, every job finished once and every
e-mail delivered. Exit code 1 when a goal is missed, 2 when the drill itself could not run.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable  # replaced by the drill's own virtualenv, which `nobody` can run
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))
APP_USER = "nobody"
CLIENTS = 8
PAGES = ["/", "/placements/", "/placements/?q=software", "/verify/", "/accounts/login/"]
RECOVERY_GOAL = 5.0
PASSWORD = "practica-demo"  # the demo accounts' password (seed_demo)


def app_virtualenv(folder: Path, base_python: str) -> str:
    """A virtualenv the unprivileged user can run: ours may live under /root (pyenv),
    which `nobody` cannot enter. Made from Debian's Python with the project installed."""
    venv = folder / "venv"
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True)  # noqa: S603
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)  # noqa: S603
    subprocess.run([*pip, "-e", str(ROOT)], check=True)  # noqa: S603
    return str(venv / "bin" / "python")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_user(user: str, command: list[str]) -> list[str]:
    """Run a command as another user when we are root; as ourselves otherwise."""
    if os.geteuid() == 0:
        return ["runuser", "-u", user, "--", *command]
    return command


def wait_for(check, seconds: float, step: float = 0.1) -> float | None:
    """Seconds until `check()` is true, or None if it never was within `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if check():
                return time.monotonic() - start
        except Exception:  # noqa: BLE001, S110 (a part still down: keep waiting)
            pass
        time.sleep(step)
    return None


# The parts ------------------------------------------------------------------------------


class Postgres:
    """A throwaway cluster: initdb in a temporary folder, its own port, trust auth."""

    def __init__(self, folder: Path):
        self.data = folder / "pgdata"
        self.socket_dir = folder / "pgsocket"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/practica"

    def _run(self, *args: str, check=True):
        return subprocess.run(  # noqa: S603
            as_user("postgres", [str(PG_BIN / args[0]), *args[1:]]),
            check=check,
            capture_output=True,
            text=True,
        )

    def init(self) -> None:
        for folder in (self.data, self.socket_dir):
            folder.mkdir(parents=True)
            shutil.chown(folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "practica")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l",
                  str(self.data / "log"), "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def query(self, sql: str) -> str:
        """One value, straight from the database (faster than a Django shell)."""
        return subprocess.run(  # noqa: S603
            [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", "practica", "-tAc", sql],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

    def restart(self) -> None:
        """pg_ctl's own restart would leave the new server on our pipes: stop, then start."""
        self.stop("fast")
        self.start()


class Redis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 1).close() or True, 10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class SmtpSink:
    """A minimal SMTP server that keeps what it is sent; `refuse()` closes its port, so
    connections are refused, and `accept()` opens it again."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[str] = []
        self.server = None

    def accept(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ready\r\n")
                data, in_data = [], False
                for raw in self.rfile:
                    line = raw.decode("utf-8", "replace")
                    if in_data:
                        if line.rstrip("\r\n") == ".":
                            sink.messages.append("".join(data))
                            data, in_data = [], False
                            self.wfile.write(b"250 queued\r\n")
                        else:
                            data.append(line)
                        continue
                    verb = line[:4].upper()
                    if verb == "DATA":
                        in_data = True
                        self.wfile.write(b"354 go on\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    elif verb == "EHLO":
                        self.wfile.write(b"250 sink\r\n")
                    else:
                        self.wfile.write(b"250 ok\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def refuse(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class App:
    """Practica under production settings, as an unprivileged user."""

    def __init__(self, folder: Path, postgres: Postgres, redis: Redis, smtp: SmtpSink):
        self.folder = folder
        self.media = folder / "media"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=postgres.url,
            REDIS_URL=redis.url,
            MEDIA_ROOT=str(self.media),
            STATIC_ROOT=str(folder / "static"),
            SITE_URL=self.url,
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            RATE_LIMITS_ENABLED="0",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            LOG_LEVEL="WARNING",
            HOME=str(folder),
        )
        for name in ("media", "static", "logs"):
            (folder / name).mkdir(exist_ok=True)
        shutil.chown(folder, APP_USER)
        for path in folder.iterdir():
            if path.name in ("media", "static", "logs"):
                shutil.chown(path, APP_USER)

    def manage(self, *args: str, check=True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            as_user(APP_USER, [PYTHON, "manage.py", *args]),
            cwd=ROOT, env=self.env, capture_output=True, text=True, check=check,
        )  # fmt: skip

    def shell(self, code: str):
        """Run Python in the app's context; it prints one JSON value, returned here."""
        result = self.manage("shell", "-c", code, check=False)
        if result.returncode:
            raise RuntimeError("manage.py shell failed:\n" + result.stderr[-3000:])
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self, name: str, command: list[str]) -> None:
        log = (self.folder / "logs" / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            as_user(APP_USER, command),
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        process = self.processes.get(name)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(15)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)

    def web(self) -> None:
        self.start("web", [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi",
                           "--bind", f"127.0.0.1:{self.port}", "--workers", "2"])  # fmt: skip

    def get(self, path: str, timeout: float = 10) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def healthy(self) -> bool:
        return self.get("/healthz", timeout=2) == 200


class Load:
    """Eight clients requesting pages without pause; every answer is kept with its time."""

    def __init__(self, app: App):
        self.app = app
        self.answers: list[tuple[float, int]] = []
        self.stopping = threading.Event()

    def _client(self, index: int) -> None:
        n = index
        while not self.stopping.is_set():
            path = PAGES[n % len(PAGES)]
            n += 1
            try:
                status = self.app.get(path, timeout=15)
            except (urllib.error.URLError, OSError):
                status = 0  # no answer at all (connection refused or reset)
                time.sleep(0.1)  # as a person would wait before trying again
            self.answers.append((time.monotonic(), status))

    def start(self) -> None:
        for index in range(CLIENTS):
            threading.Thread(target=self._client, args=(index,), daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()

    def seen(self, since: float, until: float) -> Counter:
        return Counter(status for moment, status in self.answers if since <= moment <= until)


def logged_in_opener(app: App, email: str):
    """A browser-like client signed in as `email` (cookies and CSRF token kept)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(app.url + "/accounts/login/", timeout=15).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urlencode({"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(
        app.url + "/accounts/login/", data=body.encode(), headers={"Referer": app.url + "/"}
    )
    opener.open(request, timeout=30).read()
    return opener, jar


# The report -----------------------------------------------------------------------------


class Row:
    def __init__(self, step: str, seen: Counter, recovery: float | None, data: str, ok: bool):
        self.step, self.seen, self.recovery, self.data, self.ok = step, seen, recovery, data, ok

    def cells(self) -> list[str]:
        answers = ", ".join(f"{count} × {status or 'no answer'}"
                            for status, count in sorted(self.seen.items()))  # fmt: skip
        recovery = "—" if self.recovery is None else f"{self.recovery:.1f} s"
        return [self.step, answers or "—", recovery, self.data, "yes" if self.ok else "NO"]


def print_table(rows: list[Row]) -> None:
    header = ["step", "what users saw", "recovery", "data lost / duplicated / stuck", "goal met"]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for n, line in enumerate(table):
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if n == 0:
            print("-+-".join("-" * width for width in widths))


def no_server_errors(seen: Counter, allowed=()) -> bool:
    return not any(status >= 500 and status not in allowed for status in seen)


# The steps ------------------------------------------------------------------------------

WORKER = [PYTHON, "manage.py", "run_worker"]
SCHEDULER = [PYTHON, "manage.py", "run_scheduler"]
MAIL_SENDER = [PYTHON, "manage.py", "deliver_mail", "--loop"]

CERTIFICATE_STATE = """
import json
from documents.models import Certificate, IssueJob
job = IssueJob.objects.order_by("-pk").first()
serials = sorted(Certificate.objects.values_list("serial", flat=True))
print(json.dumps({"job": job and job.status, "issued": len(serials),
                  "distinct": len(set(serials)), "serials": serials}))
"""


def step_worker_killed(app: App, load: Load, postgres: Postgres) -> Row:
    """A certificate batch of a whole period; its worker is killed at about 15 %, another
    starts; the batch must finish with every certificate issued once and no serial skipped."""
    setup = app.shell("""
import json
from accounts.models import Role, User
from documents.models import Certificate, SerialCounter
from documents.services import start_issue_job
from internships.models import Internship, Period
Certificate.objects.update(replaced_by=None)
Certificate.objects.all().delete(); SerialCounter.objects.all().delete()
period = max(Period.objects.all(), key=lambda p: Internship.objects.filter(
    period=p, status="completed").count())
expected = Internship.objects.filter(period=period, status="completed").count()
start_issue_job(period=period, by=User.objects.filter(role=Role.STAFF).first())
print(json.dumps({"expected": expected}))
""")
    expected = setup["expected"]

    def issued() -> int:
        return int(postgres.query("SELECT count(*) FROM internships_certificate"))

    since = time.monotonic()
    started = wait_for(lambda: issued() >= max(2, expected // 7), 180, 0.05)
    app.kill("worker")
    at_kill = issued()
    app.start("worker", WORKER)
    back = time.monotonic()
    resumed = wait_for(lambda: issued() > at_kill, 180, 0.2)
    done = wait_for(
        lambda: (
            postgres.query("SELECT status FROM internships_issuejob ORDER BY id DESC LIMIT 1")
            in ("done", "failed")
        ),
        300,
        0.5,
    )
    state = app.shell(CERTIFICATE_STATE)
    numbers = [int(serial.rsplit("-", 1)[-1]) for serial in state["serials"]]
    gaps = (max(numbers) - min(numbers) + 1 - len(numbers)) if numbers else 0
    data = (
        f"{state['issued']} of {expected} issued ({at_kill} when killed), "
        f"{state['issued'] - state['distinct']} duplicated, {gaps} serial gaps, "
        f"job {state['job']} {time.monotonic() - back:.0f} s after the new worker started"
    )
    ok = (
        started is not None
        and done is not None
        and state["issued"] == expected == state["distinct"]
        and not gaps
        and resumed is not None
        and resumed <= 60
    )
    seen = load.seen(since, time.monotonic())
    return Row("worker killed mid-batch", seen, resumed, data, ok and no_server_errors(seen))


def _outage(
    app: App, load: Load, name: str, stop, start, *, allowed=()
) -> tuple[Counter, float | None]:
    """Stop a part, keep the load on for the outage, start it again; what users saw during
    the outage and until recovery, and the seconds from its return to a good answer."""
    since = time.monotonic()
    stop()
    time.sleep(OUTAGE_SECONDS)
    start()
    recovery = wait_for(lambda: app.get("/placements/", timeout=5) == 200 and app.healthy(), 60)
    time.sleep(2)
    return load.seen(since, time.monotonic()), recovery


def step_database_stopped(app: App, load: Load, postgres: Postgres) -> Row:
    seen, recovery = _outage(app, load, "PostgreSQL", postgres.stop, postgres.start)
    alive = all(app.processes[name].poll() is None for name in ("worker", "scheduler", "mail"))
    ok = (
        no_server_errors(seen, allowed=(503,))
        and recovery is not None
        and recovery <= RECOVERY_GOAL
        and alive
    )
    data = (
        "worker, scheduler and mail sender still running" if alive else "a background process died"
    )
    return Row(f"PostgreSQL stopped {OUTAGE_SECONDS:.0f} s", seen, recovery, data, ok)


def step_database_restarted(app: App, load: Load, postgres: Postgres) -> Row:
    since = time.monotonic()
    postgres.restart()
    recovery = wait_for(lambda: app.healthy() and app.get("/placements/", timeout=5) == 200, 60)
    time.sleep(2)
    seen = load.seen(since, time.monotonic())
    alive = all(app.processes[name].poll() is None for name in ("worker", "scheduler", "mail"))
    ok = (
        no_server_errors(seen, allowed=(503,))
        and recovery is not None
        and recovery <= RECOVERY_GOAL
        and alive
    )
    data = (
        "worker, scheduler and mail sender still running" if alive else "a background process died"
    )
    return Row("PostgreSQL restarted", seen, recovery, data, ok)


def step_redis_stopped(app: App, load: Load, redis: Redis) -> Row:
    since = time.monotonic()
    redis.stop()
    during = {"login page": app.get("/accounts/login/"), "verify": app.get("/verify/?code=ABC")}
    try:
        logged_in_opener(app, "student@demo.practica.ro")
        during["sign in"] = 200
    except urllib.error.HTTPError as error:
        during["sign in"] = error.code
    time.sleep(OUTAGE_SECONDS)
    redis.start()
    recovery = wait_for(lambda: app.get("/placements/", timeout=5) == 200, 60)
    seen = load.seen(since, time.monotonic())
    ok = no_server_errors(seen) and all(code < 500 for code in during.values())
    data = ", ".join(f"{name} {code}" for name, code in during.items())
    return Row(f"Redis stopped {OUTAGE_SECONDS:.0f} s", seen, recovery, data, ok)


def step_smtp_refused(app: App, load: Load, smtp: SmtpSink) -> Row:
    """Password resets while the mail server refuses: each answered normally, each mail
    delivered once the server takes mail again."""
    since = time.monotonic()
    smtp.refuse()
    before = len(smtp.messages)
    answers = Counter()
    for _ in range(5):
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(app.url + "/accounts/password/reset/", timeout=15).read()
        token = next(c.value for c in jar if c.name == "csrftoken")
        body = urlencode({"email": "student@demo.practica.ro", "csrfmiddlewaretoken": token})
        request = urllib.request.Request(app.url + "/accounts/password/reset/", data=body.encode(),
                                         headers={"Referer": app.url + "/"})  # fmt: skip
        try:
            answers[opener.open(request, timeout=30).status] += 1
        except urllib.error.HTTPError as error:
            answers[error.code] += 1
    time.sleep(10)
    smtp.accept()
    delivered = wait_for(lambda: len(smtp.messages) - before >= 5, 120, 0.5)
    resets = [m for m in smtp.messages[before:] if "password" in m.lower()]
    seen = load.seen(since, time.monotonic()) + answers
    data = f"{len(resets)} of 5 reset e-mails delivered, {max(0, len(resets) - 5)} duplicated"
    ok = no_server_errors(seen) and len(resets) == 5 and delivered is not None
    return Row("SMTP refused, then back", seen, delivered, data, ok)


MEDIA_UPLOAD = """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from accounts.models import User
from seed.demo.internships import one_page_pdf
student = User.objects.get(email="student@demo.practica.ro")
profile = student.student_profile
before = sorted(profile.cvs.values_list("file", flat=True))
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(student)
data = {"year_of_study": profile.year_of_study or 2, "student_number": profile.student_number,
        "phone": profile.phone, "bio": profile.bio,
        "skills": list(profile.skills.values_list("pk", flat=True)),
        "cv_label": "Fault drill",
        "cv_upload": SimpleUploadedFile("cv.pdf", one_page_pdf("A new CV"), "application/pdf")}
response = client.post("/student/profile/", data, follow=True)
profile.refresh_from_db()
page = response.content.decode()
form = response.context and response.context.get("form")
after = sorted(profile.cvs.values_list("file", flat=True))
print(json.dumps({"status": response.status_code, "kept": after == before,
                  "told": "could not be stored" in page,
                  "errors": form.errors.get_json_data() if form else None}))
"""


def _chmod_tree(folder: Path, mode: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            os.chmod(path, mode)


def step_media_read_only(app: App, load: Load) -> Row:
    """A student uploads a new CV while the media folder cannot be written."""
    since = time.monotonic()
    _chmod_tree(app.media, 0o555)
    try:
        outcome = app.shell(MEDIA_UPLOAD)
    finally:
        _chmod_tree(app.media, 0o755)
    seen = load.seen(since, time.monotonic()) + Counter([outcome["status"]])
    data = (
        f"upload answered {outcome['status']}, "
        f"{'a clear message' if outcome['told'] else 'no message'}, "
        f"{'previous CV kept' if outcome['kept'] else 'previous CV lost'}"
    )
    ok = outcome["status"] < 500 and outcome["told"] and outcome["kept"]
    if outcome.get("errors"):
        data += f"; the form said {outcome['errors']}"
    return Row("media folder read-only", seen, None, data, ok)


def _children(pid: int) -> list[int]:
    found = subprocess.run(  # noqa: S603 (our own process ids)
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(child) for child in found.stdout.split()]


def gunicorn_workers(app: App) -> list[int]:
    """The web workers: children of gunicorn's master, itself under runuser when we are root."""
    master = app.processes["web"].pid
    if os.geteuid() == 0:
        master = _children(master)[0]
    return _children(master)


def step_app_worker_killed(app: App, load: Load) -> Row:
    """One of gunicorn's workers is killed: its master starts another."""
    since = time.monotonic()
    victim = gunicorn_workers(app)[0]
    os.kill(victim, signal.SIGKILL)
    recovery = wait_for(lambda: victim not in (now := gunicorn_workers(app)) and len(now) >= 2, 30)
    time.sleep(3)
    seen = load.seen(since, time.monotonic())
    data = "gunicorn started another worker" if recovery is not None else "not replaced"
    return Row(
        "app worker killed", seen, recovery, data, no_server_errors(seen) and recovery is not None
    )


def step_backup_restore(app: App, load: Load, postgres: Postgres) -> Row:
    since = time.monotonic()
    backups = app.folder / "backups"
    backups.mkdir()
    shutil.chown(backups, APP_USER)
    made = app.manage("backup", "--to", str(backups), check=False)
    if made.returncode:
        return Row(
            "backup and restore",
            load.seen(since, time.monotonic()),
            None,
            "backup failed: " + made.stderr.strip()[-200:],
            False,
        )
    app.kill("web", signal.SIGTERM)
    for name in ("worker", "scheduler", "mail"):
        app.kill(name, signal.SIGTERM)
    postgres._run(
        "dropdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "practica"
    )
    postgres._run(
        "createdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "practica"
    )
    shutil.rmtree(app.media)
    app.media.mkdir()
    shutil.chown(app.media, APP_USER)
    started = time.monotonic()
    snapshot = sorted(p for p in backups.iterdir() if p.is_dir())[-1]
    restored = app.manage("restore", "--from", str(snapshot), check=False)
    took = time.monotonic() - started
    app.web()
    wait_for(app.healthy, 60)
    checks = (
        app.shell("""
import json
from django.test import Client
from django.urls import reverse
from accounts.models import User
from documents.models import Certificate
from internships.models import Application
client = Client(HTTP_HOST="127.0.0.1")
student = User.objects.get(email="student@demo.practica.ro")
login = client.login(email=student.email, password="practica-demo")
application = Application.objects.filter(student=student).exclude(cv="").first()
cv = client.get(reverse("application_cv", args=[application.pk])) if application else None
certificate = Certificate.objects.first()
verify = client.get("/verify/", {"code": certificate.code}, follow=True) if certificate else None
print(json.dumps({"login": login, "cv": cv and cv.status_code,
                  "verify": verify and verify.status_code}))
""")
        if restored.returncode == 0
        else {}
    )
    seen = load.seen(since, time.monotonic())
    ok = (
        restored.returncode == 0
        and checks.get("login")
        and checks.get("cv") == 200
        and checks.get("verify") == 200
    )
    data = (
        f"site stopped for the restore; restored in {took:.1f} s; "
        f"login {checks.get('login')}, CV {checks.get('cv')}, "
        f"verify {checks.get('verify')}"
        if restored.returncode == 0
        else "restore failed: " + restored.stderr.strip()[-200:]
    )
    return Row("backup, drop, restore", seen, took, data, bool(ok))


# The drill ------------------------------------------------------------------------------

OUTAGE_SECONDS = 30.0
STEPS = ["worker", "database", "restart", "redis", "smtp", "media", "app-worker", "backup"]


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", default=",".join(STEPS), help="comma-separated steps: " + ", ".join(STEPS)
    )
    parser.add_argument(
        "--outage", type=float, default=30.0, help="seconds each part stays down (30)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    parser.add_argument(
        "--python",
        default="/usr/bin/python3",
        help="the Python the app's virtualenv is made from; `nobody` must be able to run it",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    global OUTAGE_SECONDS, PYTHON
    args = arguments(argv)
    OUTAGE_SECONDS = args.outage
    chosen = [step for step in args.only.split(",") if step]
    if os.geteuid() != 0:
        print(
            "faults: run as root, so PostgreSQL runs as `postgres` and the app as `nobody`",
            file=sys.stderr,
        )
        return 2
    folder = Path(tempfile.mkdtemp(prefix="practica-faults-"))
    os.chmod(folder, 0o755)
    postgres, redis, smtp = Postgres(folder), Redis(folder), SmtpSink()
    app = App(folder / "app", postgres, redis, smtp) if (folder / "app").mkdir() is None else None
    rows, load = [], None
    try:
        print(f"faults: setting up in {folder} (a virtualenv, PostgreSQL, Redis)", flush=True)
        PYTHON = app_virtualenv(folder, args.python)
        for command in (WORKER, SCHEDULER, MAIL_SENDER):
            command[0] = PYTHON
        postgres.init()
        redis.start()
        smtp.accept()
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["seed_demo"],
        ):
            done = app.manage(*command, check=False)
            if done.returncode:
                print(
                    f"faults: {' '.join(command)} failed:\n{done.stderr[-3000:]}", file=sys.stderr
                )
                return 2
        app.web()
        for name, command in (("worker", WORKER), ("scheduler", SCHEDULER), ("mail", MAIL_SENDER)):
            app.start(name, command)
        if wait_for(app.healthy, 60) is None:
            print(
                "faults: the app did not come up; see the logs in " + str(folder), file=sys.stderr
            )
            return 2
        load = Load(app)
        load.start()
        time.sleep(3)
        steps = {
            "worker": lambda: step_worker_killed(app, load, postgres),
            "database": lambda: step_database_stopped(app, load, postgres),
            "restart": lambda: step_database_restarted(app, load, postgres),
            "redis": lambda: step_redis_stopped(app, load, redis),
            "smtp": lambda: step_smtp_refused(app, load, smtp),
            "media": lambda: step_media_read_only(app, load),
            "app-worker": lambda: step_app_worker_killed(app, load),
            "backup": lambda: step_backup_restore(app, load, postgres),
        }
        for name in chosen:
            print(f"faults: {name} ...", flush=True)
            rows.append(steps[name]())
    finally:
        if load:
            load.stop()
        if app:
            app.stop_all()
        redis.stop()
        postgres.stop("immediate")
        smtp.refuse()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print_table(rows)
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
