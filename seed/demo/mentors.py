"""Demo mentoring for `seed_demo`: a running autumn period with logbooks part-way, last
summer's completed internships with their evaluations and results, and one terminated.

Deterministic and written in bulk; it runs once (when logbook entries exist, it adds nothing).
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import MentorProfile, StudentProfile, User
from internships.models import (
    Agreement,
    Application,
    Internship,
    MentorAssignment,
    Period,
    Placement,
)
from internships.services.offers import terms_of
from mentors.models import AcademicResult, Competency, Evaluation, FeedbackNote, LogbookEntry, Score
from notifications.models import Event

from .calendar import calendar_of
from .internships import application_cv_path

ACTIVITIES = [
    "Am configurat mediul de dezvoltare și am citit documentația proiectului.",
    "Am scris teste unitare pentru modulul de facturare.",
    "Am participat la ședința zilnică și am lucrat la un tichet de interfață.",
    "Am analizat datele de producție și am pregătit un raport în Excel.",
    "Am asistat la măsurători în laborator și am completat fișele de lucru.",
    "Code review cu tutorele; am corectat observațiile primite.",
    "Am documentat procesul de livrare și am prezentat echipei.",
]


def seed(rng: random.Random, *, running: int = 40) -> dict:
    if LogbookEntry.objects.exists() or not Placement.objects.exists():
        return {"running": 0, "completed": 0}
    today = timezone.localdate()
    supervisors = list(User.objects.filter(mentor_profile__kind="supervisor").order_by("pk"))
    if not supervisors:
        return {"running": 0, "completed": 0}
    staff = User.objects.filter(role="staff").order_by("pk").first()
    competencies = list(Competency.objects.filter(is_active=True))
    autumn = _running_period(today)
    made = _running_internships(rng, autumn, supervisors, staff, running)
    completed = _complete_last_summer(rng, supervisors, staff, competencies)
    _agreements(today)
    _logbooks(rng, today, competencies)
    return {"running": made, "completed": completed}


def _agreements(today):
    """Every started internship had its agreement confirmed by the three parties."""
    started = timezone.now() - timedelta(days=40)
    Agreement.objects.bulk_create(
        [
            Agreement(
                internship_id=pk,
                student_confirmed_at=started,
                organisation_confirmed_at=started,
                university_confirmed_at=started,
            )
            for pk in Internship.objects.exclude(status="planned")
            .exclude(agreement__isnull=False)
            .values_list("pk", flat=True)
        ]
    )


def _running_period(today):
    period, _ = Period.objects.get_or_create(
        name=f"Autumn {today.year}",
        defaults={
            "name_ro": f"Toamna {today.year}",
            "starts_on": today - timedelta(days=35),
            "ends_on": today + timedelta(days=35),
            "applications_open_on": today - timedelta(days=90),
            "applications_close_on": today - timedelta(days=45),
            "required_hours": 120,
            "credits": 5,
            **calendar_of(
                starts_on=today - timedelta(days=35),
                ends_on=today + timedelta(days=35),
                applications_close_on=today - timedelta(days=45),
            ),
        },
    )
    return period


def _running_internships(rng, period, supervisors, staff, count) -> int:
    tutors = list(
        MentorProfile.objects.filter(kind="host_tutor")
        .select_related("organisation")
        .order_by("pk")
    )
    students = _autumn_interns(period, count)
    for n, student in enumerate(students):
        _running_internship(
            n,
            student,
            period=period,
            tutor=tutors[n % len(tutors)],
            supervisor=supervisors[n % len(supervisors)],
            staff=staff,
        )
    _terminate_the_last_one(period, staff)
    return len(students)


def _autumn_interns(period, count) -> list[User]:
    """The demo student first, then the first students not yet placed in the period."""
    placed = set(Internship.objects.filter(period=period).values_list("student_id", flat=True))
    demo_student = User.objects.filter(email="student@demo.practica.ro").first()
    students = [demo_student] if demo_student else []
    students += list(
        User.objects.filter(role="student")
        .exclude(pk__in=placed)
        .exclude(pk=getattr(demo_student, "pk", None))
        .order_by("pk")[: count - len(students)]
    )
    return students


def _running_internship(n, student, *, period, tutor, supervisor, staff) -> Internship:
    """A one-seat autumn placement at the tutor's organisation, the student's accepted
    application to it and the active internship, with its mentors assigned."""
    organisation = tutor.organisation
    profile = StudentProfile.objects.get(user=student)
    placement = Placement.objects.create(
        organisation=organisation,
        period=period,
        title=f"Autumn intern — {n + 1}",
        description=f"An autumn internship at {organisation.legal_name}.",
        county_id=organisation.county_id,
        city=organisation.city,
        work_mode="hybrid",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        hours_per_week=20,
        positions=1,
        deadline=period.applications_close_on,
        host_tutor=tutor.user,
        status=Placement.Status.CLOSED,
        published_at=timezone.now() - timedelta(days=80),
        created_by=User.objects.filter(membership__organisation=organisation).first(),
    )
    if profile.programme_id:
        placement.programmes.set([profile.programme_id])
    application = Application.objects.create(
        placement=placement,
        student=student,
        status=Application.Status.ACCEPTED,
        cover_letter="Bună ziua, aș dori să fac practica de toamnă la dumneavoastră.",
        cv=application_cv_path(student.pk, placement.pk),
    )
    internship = Internship.objects.create(
        application=application,
        student=student,
        placement=placement,
        organisation=organisation,
        period=period,
        host_tutor=tutor.user,
        academic_supervisor=supervisor,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        required_hours=period.required_hours,
        status=Internship.Status.ACTIVE,
        **terms_of(placement),
    )
    _assignments(internship, staff)
    return internship


def _terminate_the_last_one(period, staff) -> None:
    """One internship ended early, as happens."""
    last = Internship.objects.filter(period=period).order_by("-pk").first()
    if last:
        last.status = Internship.Status.TERMINATED
        last.termination_reason = "The student moved to another city for family reasons."
        last.save(update_fields=["status", "termination_reason"])
        Event.objects.create(
            content_type=ContentType.objects.get_for_model(Internship),
            object_id=last.pk,
            actor=staff,
            action="terminated",
            from_status="active",
            to_status="terminated",
            note=last.termination_reason,
        )


def _assignments(internship, staff):
    admin = (
        User.objects.filter(
            membership__organisation_id=internship.organisation_id, membership__role="admin"
        ).first()
        or staff
    )
    rows = []
    if internship.host_tutor_id:
        rows.append(
            MentorAssignment(
                internship=internship,
                mentor_id=internship.host_tutor_id,
                kind="host_tutor",
                assigned_by=admin,
            )
        )
    if internship.academic_supervisor_id:
        rows.append(
            MentorAssignment(
                internship=internship,
                mentor_id=internship.academic_supervisor_id,
                kind="supervisor",
                assigned_by=staff,
            )
        )
    MentorAssignment.objects.bulk_create(rows)


def _complete_last_summer(rng, supervisors, staff, competencies) -> int:
    completed = list(Internship.objects.filter(status="completed").select_related("period"))
    for n, internship in enumerate(completed):
        if not internship.academic_supervisor_id:
            internship.academic_supervisor = supervisors[n % len(supervisors)]
        if not internship.host_tutor_id:
            tutor = MentorProfile.objects.filter(
                kind="host_tutor", organisation_id=internship.organisation_id
            ).first()
            internship.host_tutor_id = tutor.user_id if tutor else None
        internship.completed_at = timezone.now() - timedelta(days=60)
    Internship.objects.bulk_update(completed, ["academic_supervisor", "host_tutor", "completed_at"])
    for internship in completed:
        _assignments(internship, staff)
        if not internship.host_tutor_id:
            continue
        final = Evaluation.objects.create(
            internship=internship,
            kind="final",
            author_id=internship.host_tutor_id,
            status="submitted",
            submitted_at=timezone.now() - timedelta(days=62),
            comment="Un stagiar serios, care a învățat repede.",
        )
        Score.objects.bulk_create(
            [
                Score(evaluation=final, competency=c, score=rng.choice([3, 4, 4, 5, 5]))
                for c in competencies
            ]
        )
        AcademicResult.objects.create(
            internship=internship,
            grade=rng.choice([8, 9, 9, 10]),
            passed=True,
            credits=internship.period.credits,
            recorded_by_id=internship.academic_supervisor_id,
        )
    return len(completed)


def _logbooks(rng, today, competencies):
    """Running interns have logged part of their hours; finished ones all of them."""
    entries = []
    for internship in Internship.objects.exclude(status="planned").order_by("pk"):
        entries += _logbook_of(rng, internship, today)
    LogbookEntry.objects.bulk_create(entries, batch_size=1000)
    _feedback_and_midterms(rng, competencies)


def _logbook_of(rng, internship, today) -> list[LogbookEntry]:
    """Working days from the start until yesterday or the required hours; a running intern
    logs some of them, and one in nine has been silent for weeks."""
    entries = []
    last_day = min(internship.ends_on, today - timedelta(days=1))
    day, total = internship.starts_on, Decimal("0")
    share = 1.0 if internship.status == "completed" else rng.uniform(0.45, 0.85)
    quiet = internship.status == "active" and internship.pk % 9 == 0  # silent for weeks
    while day <= last_day and total < internship.required_hours:
        if quiet and day > today - timedelta(days=20):
            break
        if day.weekday() < 5 and (rng.random() < share or internship.status == "completed"):
            entry = _logbook_entry(rng, internship, day=day, today=today)
            entries.append(entry)
            total += entry.hours
        day += timedelta(days=1)
    return entries


def _logbook_entry(rng, internship, *, day, today) -> LogbookEntry:
    """A running intern's last days are drafts or await approval, a few were returned."""
    hours = Decimal(rng.choice(["4", "6", "6", "8", "8"]))
    age = (today - day).days
    status = "approved"
    if internship.status == "active":
        status = "draft" if age <= 2 else "submitted" if age <= 9 else "approved"
        if status == "approved" and rng.random() < 0.03:
            status = "returned"
    return LogbookEntry(
        internship=internship,
        date=day,
        hours=hours,
        activities=rng.choice(ACTIVITIES),
        status=status,
        review_comment="Te rog detaliază ce ai testat." if status == "returned" else "",
        reviewed_by_id=internship.host_tutor_id if status in ("approved", "returned") else None,
        reviewed_at=timezone.now() - timedelta(days=max(age - 3, 0))
        if status in ("approved", "returned")
        else None,
        submitted_at=timezone.now() - timedelta(days=age) if status != "draft" else None,
    )


def _feedback_and_midterms(rng, competencies):
    """A note and a submitted midterm evaluation for some of the running internships."""
    for internship in Internship.objects.filter(status="active")[:20]:
        if internship.host_tutor_id and internship.pk % 2:
            FeedbackNote.objects.create(
                internship=internship,
                author_id=internship.host_tutor_id,
                body="Bună treabă săptămâna aceasta! Data viitoare scrie și testele de integrare.",
                visibility="student",
            )
            midterm = Evaluation.objects.create(
                internship=internship,
                kind="midterm",
                author_id=internship.host_tutor_id,
                status="submitted",
                submitted_at=timezone.now() - timedelta(days=2),
            )
            Score.objects.bulk_create(
                [
                    Score(evaluation=midterm, competency=c, score=rng.choice([3, 4, 5]))
                    for c in competencies
                ]
            )
