"""Demo data for allocation rounds (issue #18): a round ready to run.

An autumn period takes its placements through an allocation round of Computer Science
whose ranking closed yesterday: students ranked placements (three to six each), hosts
ranked the students who ranked theirs (some in their own order, with a student or two they
do not accept, some in the order the students ranked them), and one placement has a quota.
staff@demo.practica.ro presses Run, looks at the preview, pins, and publishes. The demo
student (who holds an internship already) is not in it; the demo company hosts two of its
placements. It runs once (when the round exists, it adds nothing) and draws from its own
seeded generator, so the demo stays the same from run to run.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Organisation, Programme, User
from allocation.models import Choice, Entry, HostList, HostRank, Quota, Round
from internships.models import Period, Placement

from .accounts import DEMO_DOMAIN
from .calendar import calendar_of
from .internships import _cv_path, _placement

ROUND_NAME = "Spring placements: Computer Science"
PLACEMENTS = 8
STUDENTS = 24


def seed() -> dict:
    if Round.objects.filter(name=ROUND_NAME).exists():
        return {}
    programme = Programme.objects.filter(code="INFO").first()
    staff = User.objects.filter(email=f"staff@{DEMO_DOMAIN}").first()
    students = list(
        User.objects.filter(role="student", is_active=True, student_profile__programme=programme)
        .exclude(email=f"student@{DEMO_DOMAIN}")
        .order_by("pk")[:STUDENTS]
    )
    organisations = _hosts()
    if programme is None or staff is None or len(students) < 2 or not organisations:
        return {}
    rng = random.Random(18)
    now = timezone.now()
    period = _period(timezone.localdate())
    placements = _placements(period, organisations, programme)
    round = Round.objects.create(
        name=ROUND_NAME,
        period=period,
        max_choices=6,
        students_from=now - timedelta(days=10),
        students_until=now - timedelta(days=3),
        hosts_until=now - timedelta(days=1),
        offer_deadline=now + timedelta(days=7),
        status=Round.Status.OPEN,
        created_by=staff,
    )
    round.programmes.set([programme])
    Entry.objects.bulk_create(
        [
            Entry(round=round, student=student, cv=_cv_path(student.pk), cv_label="CV")
            for student in students
        ]
    )
    choices = []
    for student in students:
        ranked = rng.sample(placements, k=min(len(placements), rng.randint(3, 6)))
        choices += [
            Choice(round=round, student=student, placement=placement, rank=rank)
            for rank, placement in enumerate(ranked, start=1)
        ]
    Choice.objects.bulk_create(choices)
    _hosts_rank(rng, round, placements, choices)
    if len(placements) > 1:
        Quota.objects.create(round=round, placement=placements[1], programme=programme, seats=1)
    return {"students": len(students), "placements": len(placements), "choices": len(choices)}


def _hosts() -> list[Organisation]:
    """The demo company's organisation first (it hosts two placements), then other
    verified organisations with an admin."""
    demo = Organisation.objects.filter(memberships__user__email=f"company@{DEMO_DOMAIN}").first()
    others = list(
        Organisation.objects.filter(status="verified", memberships__role="admin")
        .exclude(pk=getattr(demo, "pk", None))
        .select_related("sector")
        .distinct()
        .order_by("pk")[: PLACEMENTS - 2]
    )
    if demo is not None and demo.status == "verified":
        return [demo, demo, *others]
    return others


def _period(today: date) -> Period:
    starts_on = today + timedelta(days=60)
    period, _ = Period.objects.get_or_create(
        name=f"Spring placements {starts_on.year}",
        defaults={
            "name_ro": f"Stagii de primăvară {starts_on.year}",
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=70),
            "applications_open_on": today - timedelta(days=12),
            "applications_close_on": today + timedelta(days=30),
            "required_hours": 120,
            "credits": 5,
            **calendar_of(
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=70),
                applications_close_on=today + timedelta(days=30),
            ),
        },
    )
    return period


def _placements(period, organisations, programme) -> list[Placement]:
    admins = dict(
        User.objects.filter(
            membership__role="admin", membership__organisation__in=organisations
        ).values_list("membership__organisation_id", "pk")
    )
    rows = [
        _placement(
            900 + i,
            organisation,
            period,
            "published",
            county=organisation.county,
            host_tutor_id=None,
            created_by_id=admins[organisation.pk],
        )
        for i, organisation in enumerate(organisations)
        if organisation.pk in admins
    ]
    for i, row in enumerate(rows):
        row.positions = 1 + i % 3
        row.published_at = timezone.now() - timedelta(days=12)
    created = Placement.objects.bulk_create(rows)
    placements = list(
        Placement.objects.filter(period=period, pk__in=[p.pk for p in created if p.pk]).order_by(
            "pk"
        )
    ) or list(Placement.objects.filter(period=period).order_by("pk"))
    Placement.programmes.through.objects.bulk_create(
        [
            Placement.programmes.through(placement_id=p.pk, programme_id=programme.pk)
            for p in placements
        ]
    )
    return placements


def _hosts_rank(rng, round, placements, choices) -> None:
    """Even placements: the host ranks most of its applicants in its own order and does not
    accept one; odd ones take the students in the order they ranked the placement."""
    ranks = []
    lists = []
    for n, placement in enumerate(placements):
        applicants = [c.student_id for c in choices if c.placement_id == placement.pk]
        if n % 2:
            lists.append(HostList(round=round, placement=placement, order="student_order"))
            continue
        lists.append(HostList(round=round, placement=placement, order="ranked"))
        rng.shuffle(applicants)
        unacceptable = applicants[-1:] if len(applicants) >= 3 else []
        # One applicant left unranked (after the ranked ones) when there are enough.
        ranked = applicants[: len(applicants) - len(unacceptable) - (len(applicants) >= 4)]
        ranks += [
            HostRank(round=round, placement=placement, student_id=student, rank=rank)
            for rank, student in enumerate(ranked, start=1)
        ]
        ranks += [
            HostRank(round=round, placement=placement, student_id=student, unacceptable=True)
            for student in unacceptable
        ]
    HostList.objects.bulk_create(lists)
    HostRank.objects.bulk_create(ranks)
