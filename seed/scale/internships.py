"""Benchmark data at national scale for `seed_scale`: students, organisations, placements,
applications in every state, internships with logbooks, evaluations and certificates.

It writes on top of what is there (run `seed_demo` first, so the demo accounts exist at both
scales) and only once: its accounts are at @bench.practica.ro, and when they exist it adds
nothing. Rows get their primary keys here, so related rows are written without reading back;
on PostgreSQL they go in with COPY (the search-vector triggers still fire), elsewhere with
bulk_create (seed/bulk.py). The same every time (a seeded random generator, dates
from today), except the certificates' verification codes, which are random.
"""

import base64
import random
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    County,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Programme,
    Role,
    Sector,
    Skill,
    StudentProfile,
    User,
)
from documents.models import Certificate, SerialCounter
from internships.models import (
    Agreement,
    Application,
    Internship,
    MentorAssignment,
    Period,
    Placement,
)
from mentors.models import Competency
from notifications.models import Event, Notification
from seed.bulk import Writer
from seed.demo.accounts import DEMO_PASSWORD, cui_for
from seed.demo.internships import DESCRIPTION, MINIMAL_PDF, TITLES
from seed.scale.mentors import MentoringSeeder

DOMAIN = "bench.practica.ro"
CV_NAME = "private/bench-cv.pdf"
A = Application.Status
OPEN = [A.SUBMITTED, A.IN_REVIEW, A.SHORTLISTED, A.INTERVIEW, A.OFFERED]
CLOSED = [A.REJECTED, A.WITHDRAWN, A.DECLINED, A.EXPIRED]
FULL = {
    "students": 50_000,
    "organisations": 2_000,
    "placements": 5_000,
    "applications": 250_000,
    "internships": 20_000,
    "logbook": 1_000_000,
    "pipeline": 500,
}
WORDS = [
    "Soft", "Cod", "Digital", "Pixel", "Cloud", "Data", "Lactate", "Gusturi", "Livada", "Moara",
    "Farma", "Medica", "Vita", "Sana", "Energie", "Solar", "Eco", "Verde", "Hidro", "Bio",
    "Gena", "Enzima", "Lab", "Textil", "Fir", "Mobila", "Lemn", "Stejar", "Brad", "Atelier",
    "Construct", "Structuri", "Beton", "Proiect", "Auto", "Motor", "Piese", "Mecanica",
]  # fmt: skip
PLACES = [
    "Someș", "Napoca", "Transilvania", "Apuseni", "Carpați", "Ardeal", "Dunărea", "Bucegi",
    "Mureș", "Olt", "Siret", "Prut", "Crișana", "Banat", "Dobrogea", "Moldova", "Muntenia",
    "Oltenia", "Bucovina", "Maramureș", "Delta", "Făget", "Codru", "Cetate",
]  # fmt: skip
SUFFIXES = ["", " Grup", " Plus", " Nova", " Prim", " Tehnic", " Servicii", " Industrial"]
FIRST = [
    "Ștefan", "Ioana", "Andrei", "Maria", "Alexandru", "Elena", "Mihai", "Ana", "Bogdan",
    "Andreea", "Cristian", "Raluca", "Tudor", "Alina", "Vlad", "Oana", "Răzvan", "Irina",
    "Sorin", "Iulia", "Cătălin", "Diana", "Florin", "Bianca", "Roxana", "Teodora", "Horațiu",
]  # fmt: skip
LAST = [
    "Mureșan", "Bălan", "Țurcanu", "Pop", "Popescu", "Moldovan", "Rusu", "Crișan", "Sârbu",
    "Oprea", "Lungu", "Cozma", "Bârsan", "Nistor", "Pătrașcu", "Dumitrescu", "Ciobanu",
    "Toma", "Ungureanu", "Coman", "Drăgan", "Florea", "Georgescu", "Lazăr", "Matei", "Șerban",
]  # fmt: skip


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


class ScaleSeeder(MentoringSeeder):
    def __init__(self, sizes: dict, log):
        self.sizes = {**FULL, **sizes}
        self.log = log
        self.rng = random.Random(2026)  # noqa: S311 (benchmark data, not secrets)
        self.writer = Writer(log)
        self.today = timezone.localdate()
        self.now = self.writer.now
        self.password = make_password(DEMO_PASSWORD)

    # Helpers ---------------------------------------------------------------------------

    def name(self, n: int) -> tuple[str, str]:
        return FIRST[n % len(FIRST)], LAST[(n // len(FIRST) + n) % len(LAST)]

    def users(self, role: str, emails: list[str], offset: int) -> range:
        ids = self.writer.ids(User, len(emails))

        def rows():
            for n, (pk, email) in enumerate(zip(ids, emails, strict=True)):
                first, last = self.name(offset + n)
                yield User(
                    pk=pk,
                    email=email,
                    first_name=first,
                    last_name=last,
                    role=role,
                    password=self.password,
                    date_joined=self.now - timedelta(days=n % 400),
                )

        self.writer.write(User, rows())
        addresses = self.writer.ids(EmailAddress, len(emails))
        self.writer.write(
            EmailAddress,
            (
                EmailAddress(pk=a, user_id=u, email=e, verified=True, primary=True)
                for a, u, e in zip(addresses, ids, emails, strict=True)
            ),
        )
        return ids

    def periods(self) -> tuple[Period, Period, Period]:
        from seed.demo.internships import _period
        from seed.demo.mentors import _running_period

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

    # The run -----------------------------------------------------------------------------

    def run(self):
        path = Path(settings.MEDIA_ROOT) / CV_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(MINIMAL_PDF)
        self.last, self.running, self.current = self.periods()
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

    def organisations(self):
        count = self.sizes["organisations"]
        sectors = list(Sector.objects.order_by("pk").values_list("pk", flat=True))
        self.counties = list(County.objects.order_by("pk").values_list("pk", "name"))
        taken = {name.lower() for name in Organisation.objects.values_list("legal_name", flat=True)}
        names = []
        for word in WORDS:
            for place in PLACES:
                for suffix in SUFFIXES:
                    for form in ("{w} {p}{s} SRL", "{p} {w}{s} SA"):
                        name = form.format(w=word, p=place, s=suffix)
                        if name.lower() not in taken:
                            names.append(name)
        self.rng.shuffle(names)
        if len(names) < count:
            names += [f"Firma Benchmark {n} SRL" for n in range(count - len(names))]
        admin_ids = self.users(
            Role.COMPANY, [f"company{i:04d}@{DOMAIN}" for i in range(count)], offset=7
        )
        self.org_ids = self.writer.ids(Organisation, count)
        self.org_status, self.org_county, self.org_city, self.org_name = {}, {}, {}, {}

        def rows():
            for i, pk in enumerate(self.org_ids):
                status = "pending" if i % 20 == 7 else "suspended" if i % 50 == 19 else "verified"
                county_id, county_name = self.counties[(i * 7) % len(self.counties)]
                self.org_status[pk], self.org_county[pk] = status, county_id
                self.org_city[pk], self.org_name[pk] = county_name, names[i]
                yield Organisation(
                    pk=pk,
                    legal_name=names[i],
                    registration_number=cui_for(40_000_000 + i * 13),
                    sector_id=sectors[i % len(sectors)],
                    county_id=county_id,
                    city=county_name,
                    website=f"https://www.firma{i:04d}.example.ro",
                    description=f"{names[i]}: o organizație gazdă din {county_name}.",
                    status=status,
                    created_by_id=admin_ids[i],
                    created_at=self.now - timedelta(days=i % 700),
                )

        self.writer.write(Organisation, rows())
        self.org_admin = dict(zip(self.org_ids, admin_ids, strict=True))
        self.org_sector = {pk: sectors[i % len(sectors)] for i, pk in enumerate(self.org_ids)}
        recruiters = [i for i in range(count) if i % 4 == 0]
        recruiter_ids = self.users(
            Role.COMPANY, [f"recruiter{i:04d}@{DOMAIN}" for i in recruiters], offset=11
        )
        memberships = [(u, self.org_ids[i], "admin") for i, u in enumerate(admin_ids)]
        memberships += [
            (u, self.org_ids[i], "recruiter")
            for i, u in zip(recruiters, recruiter_ids, strict=True)
        ]
        ids = self.writer.ids(OrganisationMembership, len(memberships))
        self.writer.write(
            OrganisationMembership,
            (
                OrganisationMembership(pk=pk, user_id=u, organisation_id=o, role=r)
                for pk, (u, o, r) in zip(ids, memberships, strict=True)
            ),
        )
        self.verified = [pk for pk in self.org_ids if self.org_status[pk] == "verified"]
        self.log(f"  {count} organisations, {len(memberships)} company accounts")

    def people(self):
        # One host tutor in every verified organisation; one supervisor per 100 students.
        tutor_ids = self.users(
            Role.MENTOR, [f"tutor{i:04d}@{DOMAIN}" for i in range(len(self.verified))], offset=3
        )
        self.tutor_of = dict(zip(self.verified, tutor_ids, strict=True))
        supervisors = max(1, self.sizes["students"] // 100)
        self.supervisor_ids = self.users(
            Role.MENTOR, [f"supervisor{i:04d}@{DOMAIN}" for i in range(supervisors)], offset=5
        )
        profiles = [(u, "host_tutor", o) for o, u in self.tutor_of.items()]
        profiles += [(u, "supervisor", None) for u in self.supervisor_ids]
        ids = self.writer.ids(MentorProfile, len(profiles))
        self.writer.write(
            MentorProfile,
            (
                MentorProfile(
                    pk=pk,
                    user_id=u,
                    kind=kind,
                    organisation_id=o,
                    job_title="Lecturer" if o is None else "Senior engineer",
                    max_interns=None if o is None else 25,
                )
                for pk, (u, kind, o) in zip(ids, profiles, strict=True)
            ),
        )
        count = self.sizes["students"]
        self.student_ids = self.users(
            Role.STUDENT, [f"student{n:05d}@{DOMAIN}" for n in range(count)], offset=0
        )
        self.programme_of = {}
        profile_ids = self.writer.ids(StudentProfile, count)

        def rows():
            for n, (pk, user_id) in enumerate(zip(profile_ids, self.student_ids, strict=True)):
                programme = self.programmes[n % len(self.programmes)]
                self.programme_of[user_id] = programme
                yield StudentProfile(
                    pk=pk,
                    user_id=user_id,
                    programme_id=programme,
                    year_of_study=1 + n % 3,
                    student_number=f"B{n:07d}",
                    phone=f"07{10_000_000 + n:08d}",
                    cv=CV_NAME,
                    cv_uploaded_at=self.now - timedelta(days=n % 90),
                )

        self.writer.write(StudentProfile, rows())
        if self.skills:
            Through = StudentProfile.skills.through
            links = [
                (p, s)
                for n, p in enumerate(profile_ids)
                for s in self.rng.sample(self.skills, min(len(self.skills), 2 + n % 3))
            ]
            ids = self.writer.ids(Through, len(links))
            self.writer.write(
                Through,
                (
                    Through(pk=pk, studentprofile_id=p, skill_id=s)
                    for pk, (p, s) in zip(ids, links, strict=True)
                ),
            )
        self.log(f"  {count} students, {len(tutor_ids)} host tutors, {supervisors} supervisors")

    def placements(self):
        total = self.sizes["placements"]
        internships = self.sizes["internships"]
        # Internships: half completed last summer, 40% running now, 10% planned (next summer).
        self.n_completed = internships // 2
        self.n_running = internships * 40 // 100
        self.n_planned = internships - self.n_completed - self.n_running
        counts = {
            "last": max(1, total * 30 // 100),
            "running": max(1, total * 20 // 100),
        }
        counts["current"] = max(2, total - counts["last"] - counts["running"])
        self.by_period = {"last": [], "running": [], "current": []}
        self.placement = {}
        ids = self.writer.ids(Placement, sum(counts.values()))
        plan = []
        for key, period in (("last", self.last), ("running", self.running)):
            for k in range(counts[key]):
                status = "archived" if key == "last" and k % 3 == 2 else "closed"
                plan.append((key, period, status, self.verified[(k * 7) % len(self.verified)]))
        for k in range(counts["current"]):
            share = k / counts["current"]
            if share < 0.8:
                status, org = "published", self.verified[(k * 11) % len(self.verified)]
            elif share < 0.88:
                status, org = "submitted", self.verified[(k * 5) % len(self.verified)]
            else:
                status, org = "draft", self.org_ids[(k * 3) % len(self.org_ids)]
            plan.append(("current", self.current, status, org))
        # The first organisation's first published placement gets the long pipeline.
        first_published = next(n for n, p in enumerate(plan) if p[2] == "published")
        plan[first_published] = (*plan[first_published][:3], self.org_ids[0])
        seats = {
            "last": -(-self.n_completed // counts["last"]),
            "running": -(-self.n_running // counts["running"]),
        }
        sector_names = dict(Sector.objects.values_list("pk", "name"))

        def rows():
            for n, (pk, (key, period, status, org)) in enumerate(zip(ids, plan, strict=True)):
                titles = TITLES.get(sector_names[self.org_sector[org]], ["Intern"])
                paid = n % 3 != 0
                self.by_period[key].append(pk)
                self.placement[pk] = (key, period, status, org)
                weeks = (period.ends_on - period.starts_on).days // 7
                yield Placement(
                    pk=pk,
                    organisation_id=org,
                    period_id=period.pk,
                    title=f"{titles[n % len(titles)]} ({self.org_city[org]})",
                    description=DESCRIPTION.format(
                        org=self.org_name[org], city=self.org_city[org], weeks=weeks
                    ),
                    responsibilities="Work on the team's backlog; write documentation.",
                    learning_outcomes="Professional practice, tools of the trade, teamwork.",
                    county_id=self.org_county[org],
                    city=self.org_city[org],
                    work_mode=["on_site", "hybrid", "remote"][n % 3],
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    hours_per_week=[20, 30, 40][n % 3],
                    positions=seats.get(key, 1 + n % 4),
                    is_paid=paid,
                    stipend=Decimal(1500 + 250 * (n % 5)) if paid else None,
                    deadline=period.applications_close_on,
                    host_tutor_id=self.tutor_of.get(org),
                    status=status,
                    published_at=(
                        self.now - timedelta(days=n % 60, minutes=n)
                        if status != "draft" and status != "submitted"
                        else None
                    ),
                    created_by_id=self.org_admin[org],
                    created_at=self.now - timedelta(days=n % 90, minutes=n),
                )

        self.writer.write(Placement, rows())
        self.hot = ids[first_published]
        self.published = [
            pk for pk in self.by_period["current"] if self.placement[pk][2] == "published"
        ]
        Through = Placement.programmes.through
        links = [
            (pk, prog)
            for n, pk in enumerate(ids)
            for prog in (
                self.programmes if n % 4 == 0 else [self.programmes[n % len(self.programmes)]]
            )
        ]
        link_ids = self.writer.ids(Through, len(links))
        self.writer.write(
            Through,
            (
                Through(pk=i, placement_id=p, programme_id=g)
                for i, (p, g) in zip(link_ids, links, strict=True)
            ),
        )
        if self.skills:
            SkillThrough = Placement.skills.through
            links = [
                (pk, s)
                for n, pk in enumerate(ids)
                for s in self.rng.sample(self.skills, min(len(self.skills), 2 + n % 3))
            ]
            link_ids = self.writer.ids(SkillThrough, len(links))
            self.writer.write(
                SkillThrough,
                (
                    SkillThrough(pk=i, placement_id=p, skill_id=s)
                    for i, (p, s) in zip(link_ids, links, strict=True)
                ),
            )
        self.log(f"  {len(ids)} placements ({len(self.published)} published)")

    def applications(self):
        """Accepted ones behind every internship, the long pipeline, then the rest."""
        students = self.student_ids
        planned = []  # (student, placement, status)
        n_c, n_r, n_p = self.n_completed, self.n_running, self.n_planned
        last, running, published = self.by_period["last"], self.by_period["running"], self.published
        self.accepted = []  # (student, placement, period key)
        for k in range(n_c + n_r + n_p):
            student = students[k % len(students)]
            if k < n_c:
                placement, key = last[k % len(last)], "last"
            elif k < n_c + n_r:
                placement, key = running[(k - n_c) % len(running)], "running"
            else:
                placement, key = published[(k * 7) % len(published)], "current"
            planned.append((student, placement, A.ACCEPTED))
            self.accepted.append((student, placement, key))
        seen = {(s, p) for s, p, _ in planned}
        statuses = OPEN + CLOSED
        hot_applicants = min(self.sizes["pipeline"], len(students))
        for k in range(hot_applicants):
            student = students[-1 - k]
            if (student, self.hot) not in seen:
                seen.add((student, self.hot))
                planned.append((student, self.hot, statuses[k % len(statuses)]))
        target = self.sizes["applications"]
        remaining = max(0, target - len(planned))
        per_student = remaining / len(students)
        open_now = {}
        rng = self.rng
        for n, student in enumerate(students):
            wanted = int(per_student * (n + 1)) - int(per_student * n)
            for k in range(wanted):
                roll = (n + k) % 10
                if roll < 4:
                    placement = last[rng.randrange(len(last))]
                    status = CLOSED[(n + k) % len(CLOSED)] if k % 5 else A.REJECTED
                elif roll < 5:
                    placement = running[rng.randrange(len(running))]
                    status = A.REJECTED
                else:
                    placement = published[rng.randrange(len(published))]
                    status = statuses[(n * 3 + k) % len(statuses)]
                    if status in OPEN:
                        if open_now.get(student, 0) >= 4:
                            status = A.REJECTED
                        else:
                            open_now[student] = open_now.get(student, 0) + 1
                if (student, placement) in seen:
                    continue
                seen.add((student, placement))
                planned.append((student, placement, status))
        ids = self.writer.ids(Application, len(planned))
        self.application_of = {}
        self.app_ids = ids
        letter = (
            "Bună ziua! Aș dori să fac practica la dumneavoastră: am lucrat la proiecte "
            "similare la facultate și îmi doresc să învăț de la o echipă cu experiență."
        )

        def rows():
            for n, (pk, (student, placement, status)) in enumerate(zip(ids, planned, strict=True)):
                if status == A.ACCEPTED:
                    self.application_of[(student, placement)] = pk
                applied = self.now - timedelta(days=5 + n % 120, minutes=n % 1440)
                yield Application(
                    pk=pk,
                    placement_id=placement,
                    student_id=student,
                    cover_letter=letter,
                    cv=CV_NAME,
                    status=status,
                    interview_at=(
                        self.now + timedelta(days=3 + n % 10, hours=n % 8)
                        if status == A.INTERVIEW
                        else None
                    ),
                    interview_location="Online: https://meet.example.ro/practica"
                    if status == A.INTERVIEW
                    else "",
                    offer_deadline=self.now + timedelta(days=1 + n % 6)
                    if status == A.OFFERED
                    else None,
                    created_at=applied,
                    updated_at=applied + timedelta(days=2),
                )

        self.writer.write(Application, rows())
        self.planned_applications = planned
        self.events_of_applications(ids, planned)
        self.log(f"  {len(planned)} applications ({hot_applicants} to one placement)")

    def events_of_applications(self, ids, planned):
        content_type = ContentType.objects.get_for_model(Application)
        org_admin = self.org_admin
        placement = self.placement

        def rows():
            for pk, (student, placement_id, status) in zip(ids, planned, strict=True):
                company = org_admin[placement[placement_id][3]]
                base = self.now - timedelta(days=5 + pk % 120)
                steps = [(student, "applied", "", A.SUBMITTED)]
                if status in (A.ACCEPTED, A.DECLINED, A.EXPIRED):
                    steps.append((company, "offered", A.SUBMITTED, A.OFFERED))
                    actor = None if status == A.EXPIRED else student
                    steps.append((actor, status, A.OFFERED, status))
                elif status == A.WITHDRAWN:
                    steps.append((student, "withdrawn", A.SUBMITTED, A.WITHDRAWN))
                elif status != A.SUBMITTED:
                    steps.append((company, "moved", A.SUBMITTED, status))
                for day, (actor, action, old, new) in enumerate(steps):
                    yield (pk, actor, action, old, new, base + timedelta(days=2 * day))

        events = list(rows())
        event_ids = self.writer.ids(Event, len(events))
        self.writer.write(
            Event,
            (
                Event(
                    pk=e,
                    content_type_id=content_type.pk,
                    object_id=obj,
                    actor_id=actor,
                    action=action,
                    from_status=old,
                    to_status=new,
                    created_at=at,
                )
                for e, (obj, actor, action, old, new, at) in zip(event_ids, events, strict=True)
            ),
        )

    def internships(self):
        ids = self.writer.ids(Internship, len(self.accepted))
        self.internship_rows = []
        supervisors = self.supervisor_ids
        periods = {"last": self.last, "running": self.running, "current": self.current}
        status_of = {"last": "completed", "running": "active", "current": "planned"}

        def rows():
            for n, (pk, (student, placement, key)) in enumerate(
                zip(ids, self.accepted, strict=True)
            ):
                org = self.placement[placement][3]
                period = periods[key]
                status = status_of[key]
                if key == "running" and n % 97 == 0:
                    status = "terminated"
                row = Internship(
                    pk=pk,
                    application_id=self.application_of[(student, placement)],
                    student_id=student,
                    placement_id=placement,
                    organisation_id=org,
                    period_id=period.pk,
                    host_tutor_id=self.tutor_of.get(org),
                    academic_supervisor_id=supervisors[n % len(supervisors)],
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    required_hours=period.required_hours,
                    status=status,
                    termination_reason="The student moved to another city."
                    if status == "terminated"
                    else "",
                    completed_at=self.now - timedelta(days=60) if status == "completed" else None,
                )
                self.internship_rows.append(row)
                yield row

        self.writer.write(Internship, rows())
        started = [i for i in self.internship_rows if i.status != "planned"]
        agreement_ids = self.writer.ids(Agreement, len(started))
        confirmed = self.now - timedelta(days=40)
        self.writer.write(
            Agreement,
            (
                Agreement(
                    pk=a,
                    internship_id=i.pk,
                    student_confirmed_at=confirmed,
                    organisation_confirmed_at=confirmed,
                    organisation_confirmed_by_id=self.org_admin[i.organisation_id],
                    university_confirmed_at=confirmed,
                    university_confirmed_by_id=self.staff.pk,
                )
                for a, i in zip(agreement_ids, started, strict=True)
            ),
        )
        assignments = []
        for i in self.internship_rows:
            if i.host_tutor_id:
                assignments.append(
                    (i.pk, i.host_tutor_id, "host_tutor", self.org_admin[i.organisation_id])
                )
            assignments.append((i.pk, i.academic_supervisor_id, "supervisor", self.staff.pk))
        assignment_ids = self.writer.ids(MentorAssignment, len(assignments))
        self.writer.write(
            MentorAssignment,
            (
                MentorAssignment(pk=a, internship_id=i, mentor_id=m, kind=k, assigned_by_id=b)
                for a, (i, m, k, b) in zip(assignment_ids, assignments, strict=True)
            ),
        )
        self.log(f"  {len(ids)} internships with agreements and mentors")

    def certificates(self):
        """Certificates of the completed internships: the records with the facts they print.

        The PDFs are not rendered here (bench/certificates.py measures rendering); the
        records point at no file, so downloading one of them answers 404."""
        completed = [i for i in self.internship_rows if i.status == "completed"]
        year = self.today.year
        counter, _ = SerialCounter.objects.get_or_create(year=year)
        first = counter.last + 1
        counter.last += len(completed)
        counter.save(update_fields=["last"])
        ids = self.writer.ids(Certificate, len(completed))
        users = dict(
            User.objects.filter(
                pk__in={i.student_id for i in completed}
                | {u for i in completed for u in (i.host_tutor_id, i.academic_supervisor_id) if u}
            ).values_list("pk", "first_name")
        )
        last_names = dict(User.objects.filter(pk__in=list(users)).values_list("pk", "last_name"))
        programme_names = dict(Programme.objects.values_list("pk", "name"))
        issued = self.now - timedelta(days=30)

        def full(pk):
            return f"{users[pk]} {last_names[pk]}" if pk else "—"

        def rows():
            for n, (pk, i) in enumerate(zip(ids, completed, strict=True)):
                serial = f"PRA-{year}-{first + n:06d}"
                code = base64.b32encode(secrets.token_bytes(15)).decode()
                facts = {
                    "serial": serial,
                    "code": code,
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse("verify_certificate", args=[code]),
                    "university": settings.UNIVERSITY_NAME,
                    "student": full(i.student_id),
                    "programme": programme_names.get(self.programme_of.get(i.student_id), ""),
                    "organisation": self.org_name[i.organisation_id],
                    "period": self.last.name,
                    "starts_on": i.starts_on.isoformat(),
                    "ends_on": i.ends_on.isoformat(),
                    "hours": str(self.approved_hours.get(i.pk, 0)),
                    "host_tutor": full(i.host_tutor_id),
                    "supervisor": full(i.academic_supervisor_id),
                    "grade": self.grade[i.pk],
                    "passed": True,
                    "credits": self.last.credits,
                    "competencies": [
                        (c.name, c.name_ro or c.name, s) for c, s in self.final_scores.get(i.pk, [])
                    ],
                    "issued_on": issued.date().isoformat(),
                }
                yield Certificate(
                    pk=pk,
                    internship_id=i.pk,
                    serial=serial,
                    code=code,
                    language="ro",
                    pdf_ro="",
                    pdf_en="",
                    sha256_ro="",
                    sha256_en="",
                    issued_at=issued,
                    issued_by_id=self.staff.pk,
                    facts=facts,
                )

        self.writer.write(Certificate, rows())
        self.log(f"  {len(completed)} certificates (records)")

    def notifications(self):
        """Two notices for every student who applied: one read, one not."""
        applicants = sorted({s for s, _, _ in self.planned_applications})
        ids = self.writer.ids(Notification, 2 * len(applicants))
        created = self.now - timedelta(days=3)

        def rows():
            for n, student in enumerate(applicants):
                for k in range(2):
                    yield Notification(
                        pk=ids[2 * n + k],
                        recipient_id=student,
                        kind="application_moved",
                        params={"placement": "Intern", "status": "in_review"},
                        url="/applications/",
                        created_at=created + timedelta(hours=k),
                        read_at=created if k == 0 else None,
                    )

        self.writer.write(Notification, rows())
