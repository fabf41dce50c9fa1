"""The placements part of `seed_scale`: last summer's, the running period's and the next
summer's placements, and applications in every state with their timelines."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from accounts.models import Sector
from internships.models import Application, Placement
from notifications.models import Event
from seed.demo.internships import DESCRIPTION, TITLES

from .people import CV_NAME

A = Application.Status
OPEN = [A.SUBMITTED, A.IN_REVIEW, A.SHORTLISTED, A.INTERVIEW, A.OFFERED]
CLOSED = [A.REJECTED, A.WITHDRAWN, A.DECLINED, A.EXPIRED, A.RESCINDED]
# Last summer's placements are closed: some applications ended with them.
ENDED_LAST_SUMMER = [A.CLOSED, *CLOSED]
LETTER = (
    "Bună ziua! Aș dori să fac practica la dumneavoastră: am lucrat la proiecte "
    "similare la facultate și îmi doresc să învăț de la o echipă cu experiență."
)


class PlacementsSeeder:
    """Mixed into seed.scale.ScaleSeeder: uses its writer, organisations, students and sizes."""

    # Placements --------------------------------------------------------------------------

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
        plan, hot = self.placement_plan(counts)
        seats = {
            "last": -(-self.n_completed // counts["last"]),
            "running": -(-self.n_running // counts["running"]),
        }
        self.write_placements(ids, plan, seats)
        self.hot = ids[hot]
        self.published = [
            pk for pk in self.by_period["current"] if self.placement[pk][2] == "published"
        ]
        self.placement_programmes(ids)
        self.placement_skills(ids)
        self.log(f"  {len(ids)} placements ({len(self.published)} published)")

    def placement_plan(self, counts: dict) -> tuple[list[tuple], int]:
        """(period key, period, status, organisation) of every placement, and the index of
        the one that gets the long pipeline: the first organisation's first published one.
        Past periods' placements are closed or archived; the next summer's mostly
        published, some submitted or drafts."""
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
        first_published = next(n for n, p in enumerate(plan) if p[2] == "published")
        plan[first_published] = (*plan[first_published][:3], self.org_ids[0])
        return plan, first_published

    def write_placements(self, ids: range, plan: list[tuple], seats: dict):
        sector_names = dict(Sector.objects.values_list("pk", "name"))
        self.placement_terms = {}

        def rows():
            for n, (pk, (key, period, status, org)) in enumerate(zip(ids, plan, strict=True)):
                titles = TITLES.get(sector_names[self.org_sector[org]], ["Intern"])
                paid = n % 3 != 0
                self.by_period[key].append(pk)
                self.placement[pk] = (key, period, status, org)
                title = f"{titles[n % len(titles)]} ({self.org_city[org]})"
                self.placement_terms[pk] = (
                    title,
                    [20, 30, 40][n % 3],
                    ["on_site", "hybrid", "remote"][n % 3],
                )
                weeks = (period.ends_on - period.starts_on).days // 7
                yield Placement(
                    pk=pk,
                    organisation_id=org,
                    period_id=period.pk,
                    title=title,
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

    def placement_programmes(self, ids: range):
        """One placement in four is open to every programme, the others to one."""
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

    def placement_skills(self, ids: range):
        if not self.skills:
            return
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

    # Applications ------------------------------------------------------------------------

    def applications(self):
        """Accepted ones behind every internship, the long pipeline, then the rest."""
        planned = self.accepted_applications()  # (student, placement, status)
        seen = {(s, p) for s, p, _ in planned}
        hot_applicants = self.hot_pipeline(planned, seen)
        self.other_applications(planned, seen)
        ids = self.writer.ids(Application, len(planned))
        self.application_of = {}
        self.app_ids = ids
        self.write_applications(ids, planned)
        self.planned_applications = planned
        self.events_of_applications(ids, planned)
        self.log(f"  {len(planned)} applications ({hot_applicants} to one placement)")

    def accepted_applications(self) -> list[tuple]:
        """The application behind every internship: last summer's, the running period's,
        then the next summer's."""
        students = self.student_ids
        planned = []
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
        return planned

    def hot_pipeline(self, planned: list[tuple], seen: set) -> int:
        """`pipeline` students, from the last, apply to the one placement, in every state."""
        students = self.student_ids
        statuses = OPEN + CLOSED
        hot_applicants = min(self.sizes["pipeline"], len(students))
        for k in range(hot_applicants):
            student = students[-1 - k]
            if (student, self.hot) not in seen:
                seen.add((student, self.hot))
                planned.append((student, self.hot, statuses[k % len(statuses)]))
        return hot_applicants

    def other_applications(self, planned: list[tuple], seen: set):
        """The rest, spread evenly over the students: four in ten to last summer's placements,
        one in ten to the running period's (rejected), half to the next summer's, at most
        four of them open at once."""
        students = self.student_ids
        last, running, published = self.by_period["last"], self.by_period["running"], self.published
        statuses = OPEN + CLOSED
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
                    status = (
                        ENDED_LAST_SUMMER[(n + k) % len(ENDED_LAST_SUMMER)] if k % 5 else A.REJECTED
                    )
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

    def write_applications(self, ids: range, planned: list[tuple]):
        def rows():
            for n, (pk, (student, placement, status)) in enumerate(zip(ids, planned, strict=True)):
                if status == A.ACCEPTED:
                    self.application_of[(student, placement)] = pk
                applied = self.now - timedelta(days=5 + n % 120, minutes=n % 1440)
                yield Application(
                    pk=pk,
                    placement_id=placement,
                    student_id=student,
                    cover_letter=LETTER,
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

    def events_of_applications(self, ids, planned):
        content_type = ContentType.objects.get_for_model(Application)
        org_admin = self.org_admin
        placement = self.placement

        def rows():
            for pk, (student, placement_id, status) in zip(ids, planned, strict=True):
                company = org_admin[placement[placement_id][3]]
                base = self.now - timedelta(days=5 + pk % 120)
                steps = [(student, "applied", "", A.SUBMITTED)]
                if status in (A.ACCEPTED, A.DECLINED, A.EXPIRED, A.RESCINDED):
                    steps.append((company, "offered", A.SUBMITTED, A.OFFERED))
                    actor = {A.EXPIRED: None, A.RESCINDED: company}.get(status, student)
                    steps.append((actor, status, A.OFFERED, status))
                elif status == A.WITHDRAWN:
                    steps.append((student, "withdrawn", A.SUBMITTED, A.WITHDRAWN))
                elif status == A.CLOSED:
                    steps.append((company, "placement_closed", A.SUBMITTED, A.CLOSED))
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
