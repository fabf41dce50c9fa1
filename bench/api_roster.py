"""The API's roster sync at full size: one POST /api/v1/students/sync/ of 5,000 students,
then the same batch again, timed each.

    .venv/bin/python bench/api_roster.py [--prepare] [--database-url URL] [--students N]

The call goes through the whole API as a university's system makes it (bearer token,
scope, throttle, audit line, the JSON parser, the roster's checks and bulk writes). The
first run creates every student (accounts, verified addresses, profiles, the audit events
and the roster import that invites them); the second finds all of them unchanged and
writes nothing. A programme, a service account and its token are made for the run, and
everything happens inside one transaction rolled back at the end: the database is left as
it was and no invitation leaves (they are sent after the commit). `--prepare` creates and
migrates the database when it is missing (no seed data is needed). The last line reads
`api roster: 5000 students in S s (second run S2 s, 0 changed)`.
"""

import argparse
import json
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"

sys.path.insert(0, str(ROOT))
from bench.pages import child_env, redact  # noqa: E402


class Rollback(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=PG + "practica_bench_api")
    parser.add_argument("--prepare", action="store_true", help="create and migrate it")
    parser.add_argument("--students", type=int, default=5000, help="students in the batch")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args)
    env = {**child_env(args.database_url, "db", 0), "LOG_LEVEL": "WARNING"}
    if args.prepare:
        prepare(args.database_url, env)
    command = [sys.executable, __file__, "--measure", "--database-url", args.database_url]
    command += ["--students", str(args.students)]
    print(f"== api roster sync on {redact(args.database_url)}", flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


def prepare(url: str, env: dict) -> None:
    if url.startswith("postgres"):
        parts = urlsplit(url)
        subprocess.run(  # noqa: S603
            ["createdb", "-h", parts.hostname, "-U", parts.username or "postgres",  # noqa: S607
             parts.path.lstrip("/")],
            capture_output=True, check=False,
        )  # fmt: skip
    run = {"cwd": ROOT, "env": {**env, "DJANGO_DEBUG": "1"}, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)  # noqa: S603
    subprocess.run([sys.executable, "manage.py", "createcachetable"], **run)  # noqa: S603


def measure(args) -> int:
    import django

    django.setup()
    from django.db import transaction
    from django.test import override_settings
    from rest_framework.test import APIClient

    from accounts.models import Faculty, Programme, Role, StudentProfile, User
    from api.models import TOKEN_PREFIX, Scope, ServiceAccount, Token, token_digest

    marker = secrets.token_hex(4)
    rows = [
        {
            "student_number": f"B{marker}-{n:06d}",
            "first_name": f"Ana {n}",
            "last_name": "Bench",
            "email": f"bench-{marker}-{n}@student.example.edu",
            "programme": f"BENCH-{marker}",
            "year_of_study": 1 + n % 4,
        }
        for n in range(args.students)
    ]
    body = json.dumps({"students": rows})
    timings, outcomes = [], []
    try:
        with transaction.atomic(), override_settings(API_ROSTER_MAX_ROWS=max(5000, len(rows))):
            faculty = Faculty.objects.create(code=f"BF{marker}", name=f"Bench faculty {marker}")
            Programme.objects.create(
                code=f"BENCH-{marker}", name=f"Bench programme {marker}", faculty_unit=faculty
            )
            user = User.objects.create(
                email=f"bench-service-{marker}@example.invalid",
                role=Role.SERVICE,
                all_faculties=True,
            )
            account = ServiceAccount.objects.create(
                user=user, name=f"bench {marker}", scopes=[Scope.WRITE_ROSTER], created_by=user
            )
            raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
            Token.objects.create(
                account=account, name="bench", prefix=raw[:10], digest=token_digest(raw),
                created_by=user, rate_limit=1000,
            )  # fmt: skip
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
            # The routes and views are imported at the first request: not part of the sync.
            client.get("/api/v1/students/sync/")
            for _ in range(2):
                started = time.perf_counter()
                response = client.post(
                    "/api/v1/students/sync/", body, content_type="application/json"
                )
                timings.append(time.perf_counter() - started)
                if response.status_code != 200:
                    print(response.status_code, response.content[:2000].decode(), file=sys.stderr)
                    return 1
                outcomes.append(response.json())
            made = StudentProfile.objects.filter(student_number__startswith=f"B{marker}-").count()
            if made != len(rows):
                print(f"{made} students made, not {len(rows)}", file=sys.stderr)
                return 1
            raise Rollback
    except Rollback:
        pass
    first, second = outcomes
    changed = len(second["created"]) + len(second["updated"])
    if len(first["created"]) != len(rows) or len(second["unchanged"]) != len(rows):
        print("the first run must create every student, the second change none", file=sys.stderr)
        return 1
    print(f"first run: {len(first['created'])} created in {timings[0]:.2f} s")
    print(f"second run: {len(second['unchanged'])} unchanged in {timings[1]:.2f} s")
    print(
        f"api roster: {len(rows)} students in {timings[0]:.1f} s "
        f"(second run {timings[1]:.1f} s, {changed} changed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
