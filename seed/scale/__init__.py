"""Benchmark data at national scale for `seed_scale`: students, organisations, placements,
applications in every state, internships with logbooks, evaluations and certificates.

It writes on top of what is there (run `seed_demo` first, so the demo accounts exist at both
scales) and only once: its accounts are at @bench.practica.ro, and when they exist it adds
nothing. Rows get their primary keys here, so related rows are written without reading back;
on PostgreSQL they go in with COPY (the search-vector triggers still fire), elsewhere with
bulk_create (seed/bulk.py). The same every time (a seeded random generator, dates
from today), except the certificates' verification codes, which are random.

One module a subject, each a part of the seeder mixed in here: people (organisations, company
accounts, mentors, students), placements (and applications), internships (and certificates),
mentors (logbooks, evaluations, results), notifications.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Programme, Role, Skill, User
from internships.models import Period
from mentors.models import Competency
from seed.bulk import Writer
from seed.demo.accounts import DEMO_PASSWORD
from seed.demo.internships import MINIMAL_PDF, _period
from seed.demo.mentors import _running_period

from .internships import InternshipsSeeder
from .mentors import MentoringSeeder
from .notifications import NotificationsSeeder
from .people import CV_NAME, DOMAIN, PeopleSeeder
from .placements import PlacementsSeeder

FULL = {
    "students": 50_000,
    "organisations": 2_000,
    "placements": 5_000,
    "applications": 250_000,
    "internships": 20_000,
    "logbook": 1_000_000,
    "pipeline": 500,
}


def scaled(factor: float) -> dict:
    """The full benchmark sizes times `factor` (at least a handful of each)."""
    return {key: max(int(value * factor), 5) for key, value in FULL.items()}


def already_seeded() -> int:
    return User.objects.filter(email__endswith=f"@{DOMAIN}").count()


def seed(sizes: dict, *, log: Callable[[str], None] = print) -> dict:
    """Write the benchmark data; returns the number of rows per model."""
    seeder = ScaleSeeder(sizes, log)
    seeder.run()
    return seeder.writer.counts


class ScaleSeeder(
    PeopleSeeder, PlacementsSeeder, InternshipsSeeder, MentoringSeeder, NotificationsSeeder
):
    def __init__(self, sizes: dict, log):
        self.sizes = {**FULL, **sizes}
        self.log = log
        self.rng = random.Random(2026)  # noqa: S311 (benchmark data, not secrets)
        self.writer = Writer(log)
        self.today = timezone.localdate()
        self.now = self.writer.now
        self.password = make_password(DEMO_PASSWORD)

    def run(self):
        self.write_the_cv()
        self.last, self.running, self.current = self.periods()
        self.read_the_demo()
        self.organisations()
        self.people()
        self.placements()
        self.applications()
        self.internships()
        self.logbooks()
        self.evaluations()
        self.certificates()
        self.notifications()
        self.writer.reset_sequences()

    def write_the_cv(self):
        """The one file every student profile and application points at."""
        path = Path(settings.MEDIA_ROOT) / CV_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(MINIMAL_PDF)

    def periods(self) -> tuple[Period, Period, Period]:
        today = self.today
        last_start = date(today.year if today.month >= 10 else today.year - 1, 7, 1)
        next_start = max(date(last_start.year + 1, 7, 1), today + timedelta(days=60))
        last = _period(
            last_start,
            240,
            opens=last_start - timedelta(days=120),
            closes=last_start - timedelta(days=20),
        )
        current = _period(
            next_start,
            120,
            opens=today - timedelta(days=20),
            closes=next_start - timedelta(days=10),
        )
        return last, _running_period(today), current

    def read_the_demo(self):
        """What the benchmark data hangs on: the demo's programmes, skills, rubric and staff."""
        self.programmes = list(Programme.objects.order_by("pk").values_list("pk", flat=True))
        if not self.programmes:
            raise RuntimeError("No study programme: run seed_demo first.")
        self.skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
        self.competencies = list(
            Competency.objects.filter(is_active=True).order_by("position", "pk")
        )
        self.staff = User.objects.filter(role=Role.STAFF).order_by("pk").first()
        if self.staff is None:
            raise RuntimeError("No staff account: run seed_demo first.")
