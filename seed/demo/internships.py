"""Demo placements, applications and internships for `seed_demo`.

Deterministic (a seeded random generator) and written with bulk inserts; the caller runs it
once: when placements exist already, nothing is added.
"""

import io
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from reportlab.pdfgen.canvas import Canvas

from accounts.models import (
    County,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Programme,
    Skill,
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
    User,
)
from internships.models import (
    Application,
    Internship,
    Period,
    Placement,
    RejectionTemplate,
    ScreeningQuestion,
)
from internships.services.offers import terms_of
from notifications.models import Event

from .calendar import calendar_of

A = Application.Status
TITLES = {
    "Creative industries and ICT": [
        "Backend developer intern",
        "Frontend developer intern",
        "QA automation intern",
        "Data analyst intern",
        "DevOps intern",
        "Mobile developer intern",
    ],
    "Food and beverage": [
        "Quality control intern",
        "Food technologist intern",
        "Supply chain intern",
    ],
    "Health and pharma": [
        "Laboratory assistant intern",
        "Pharmacovigilance intern",
        "Medical software intern",
    ],
    "Energy and environment": ["Energy efficiency intern", "Environmental analyst intern"],
    "Biotechnology": [
        "Molecular biology intern",
        "Bioinformatics intern",
        "Laboratory research intern",
    ],
    "Textiles and leather": ["Production planning intern", "Product design intern"],
    "Wood and furniture": ["CAD design intern", "Production engineering intern"],
    "Construction": ["Site engineering intern", "BIM modelling intern"],
    "Automotive": ["Embedded software intern", "Quality engineering intern"],
}
DESCRIPTION = (
    "Join {org} in {city} for a {weeks}-week internship. You work in a small team on real "
    "projects, with a host tutor who reviews your work every week. You learn by doing: data "
    "science, programming and teamwork (in Romanian: știința datelor, programare, lucru în "
    "echipă)."
)


def one_page_pdf(text: str) -> bytes:
    """A valid one-page PDF saying `text`, the same bytes every time (uploads must parse)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 760, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


MINIMAL_PDF = one_page_pdf("Curriculum vitae")


def _cv_path(student_id: int) -> str:
    """The file of a student's profile CV."""
    return _demo_pdf(f"private/demo-cv/{student_id}.pdf")


def application_cv_path(student_id: int, placement_id: int) -> str:
    """An application's own copy of the CV, as applying makes one: removing the profile's CV
    leaves the applications theirs."""
    return _demo_pdf(f"private/demo-cv/applications/{student_id}-{placement_id}.pdf")


def _demo_pdf(name: str) -> str:
    path = Path(settings.MEDIA_ROOT) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(MINIMAL_PDF)
    return name


def seed(rng: random.Random, *, placements: int = 250, target_applications: int = 2000) -> dict:
    if Placement.objects.exists():
        return {"placements": 0, "applications": 0, "internships": 0}
    last_year, current = _summers(timezone.localdate())
    created = _create_placements(placements, current=current, last_year=last_year)
    _link_programmes_and_skills(rng, created)
    _rejection_templates()
    return _applications(rng, created, current, last_year, target_applications)


REJECTION_TEMPLATES = [
    (
        "Polite, positions filled",
        "Thank you for applying. We have filled the positions of this placement with other "
        "candidates, and we hope to meet you in a future round.",
    ),
    (
        "Mulțumim (RO)",
        "Vă mulțumim pentru interes. De data aceasta am ales alți candidați; vă încurajăm "
        "să aplicați din nou la stagiile noastre viitoare.",
    ),
]


def _rejection_templates() -> None:
    """Two saved rejection messages for each verified organisation's pipeline."""
    memberships = OrganisationMembership.objects.filter(
        organisation__status="verified", role=OrganisationMembership.Role.ADMIN
    ).order_by("organisation_id", "pk")
    first_admin = {}
    for membership in memberships:
        first_admin.setdefault(membership.organisation_id, membership.user_id)
    RejectionTemplate.objects.bulk_create(
        RejectionTemplate(
            organisation_id=organisation_id, name=name, body=body, created_by_id=user_id
        )
        for organisation_id, user_id in first_admin.items()
        for name, body in REJECTION_TEMPLATES
    )


def _summers(today) -> tuple[Period, Period]:
    """The last summer is over; the next one takes applications now."""
    last_start = date(today.year if today.month >= 10 else today.year - 1, 7, 1)
    next_start = max(date(last_start.year + 1, 7, 1), today + timedelta(days=60))
    last_year = _period(
        last_start,
        240,
        opens=last_start - timedelta(days=120),
        closes=last_start - timedelta(days=20),
    )
    current = _period(
        next_start, 120, opens=today - timedelta(days=20), closes=next_start - timedelta(days=10)
    )
    return last_year, current


def _period(starts_on, hours, *, opens, closes):
    period, _ = Period.objects.get_or_create(
        name=f"Summer {starts_on.year}",
        defaults={
            "name_ro": f"Vara {starts_on.year}",
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=70),
            "applications_open_on": opens,
            "applications_close_on": closes,
            "required_hours": hours,
            "credits": 5 if hours <= 120 else 10,
            **calendar_of(
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=70),
                applications_close_on=closes,
            ),
        },
    )
    return period


# Placements ------------------------------------------------------------------------------


def _create_placements(count: int, *, current, last_year) -> list[Placement]:
    """Most of the next summer's placements published, some submitted or drafts; last
    summer's closed or archived, at organisations with a host tutor."""
    counties = {c.pk: c for c in County.objects.all()}
    verified = list(
        Organisation.objects.filter(status="verified").select_related("sector").order_by("pk")
    )
    others = list(
        Organisation.objects.exclude(status="verified").select_related("sector").order_by("pk")
    )
    admins = dict(
        User.objects.filter(membership__role="admin").values_list(
            "membership__organisation_id", "pk"
        )
    )
    tutors = _first_host_tutor_of_each_organisation()
    # Last summer's interns had host tutors: their evaluations exist.
    tutored = [o for o in verified if o.pk in tutors] or verified
    rows = []
    for i in range(count):
        share = i / count
        if share < 0.6:
            org, period, status = verified[i % len(verified)], current, "published"
        elif share < 0.68:
            org, period, status = verified[i % len(verified)], current, "submitted"
        elif share < 0.78:
            org = (others + verified)[i % len(others + verified)]
            period, status = current, "draft"
        elif share < 0.9:
            org, period, status = tutored[i % len(tutored)], last_year, "closed"
        else:
            org, period, status = tutored[i % len(tutored)], last_year, "archived"
        rows.append(
            _placement(
                i,
                org,
                period,
                status,
                county=counties[org.county_id],
                host_tutor_id=tutors.get(org.pk),
                created_by_id=admins[org.pk],
            )
        )
    created = Placement.objects.bulk_create(rows)
    return (
        list(Placement.objects.filter(pk__in=[p.pk for p in created]).order_by("pk"))
        if not created[0].pk
        else created
    )


def _first_host_tutor_of_each_organisation() -> dict[int, int]:
    tutors = {}
    for user_id, org_id in MentorProfile.objects.filter(kind="host_tutor").values_list(
        "user_id", "organisation_id"
    ):
        tutors.setdefault(org_id, user_id)
    return tutors


def _placement(i, org, period, status, *, county, host_tutor_id, created_by_id) -> Placement:
    title = TITLES[org.sector.name][i % len(TITLES[org.sector.name])]
    weeks = (period.ends_on - period.starts_on).days // 7
    paid = i % 3 != 0
    return Placement(
        organisation=org,
        period=period,
        title=title,
        description=DESCRIPTION.format(org=org.legal_name, city=org.city, weeks=weeks),
        responsibilities="Work on the team's backlog; write documentation; present a demo.",
        learning_outcomes="Professional practice, tools of the trade, teamwork.",
        county=county,
        city=org.city,
        work_mode=["on_site", "hybrid", "remote"][i % 3],
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        hours_per_week=[20, 30, 40][i % 3],
        positions=1 + i % 3,
        is_paid=paid,
        stipend=(1500 + 250 * (i % 5)) if paid else None,
        deadline=period.applications_close_on,
        host_tutor_id=host_tutor_id,
        status=status,
        published_at=(
            timezone.now() - timedelta(days=i % 30, hours=i)
            if status in ("published", "closed", "archived")
            else None
        ),
        created_by_id=created_by_id,
    )


def _link_programmes_and_skills(rng, placements) -> None:
    """One placement in four is open to every programme, the others to one; two to four
    skills each."""
    programmes = list(Programme.objects.all())
    skills = list(Skill.objects.all())
    Through = Placement.programmes.through
    SkillThrough = Placement.skills.through
    Through.objects.bulk_create(
        [
            Through(placement_id=p.pk, programme_id=prog.pk)
            for n, p in enumerate(placements)
            for prog in (programmes if n % 4 == 0 else [programmes[n % len(programmes)]])
        ]
    )
    SkillThrough.objects.bulk_create(
        [
            SkillThrough(placement_id=p.pk, skill_id=s.pk)
            for n, p in enumerate(placements)
            for s in rng.sample(skills, 2 + n % 3)
        ]
    )


# Applications and internships ------------------------------------------------------------

OPEN_CYCLE = [A.SUBMITTED, A.IN_REVIEW, A.SHORTLISTED, A.INTERVIEW, A.OFFERED]
CLOSED_CYCLE = [A.REJECTED, A.WITHDRAWN, A.DECLINED, A.EXPIRED]


def _applications(rng, placements, current, last_year, target) -> dict:
    students = list(StudentProfile.objects.order_by("pk").values_list("user_id", "programme_id"))
    _give_most_students_a_cv(students)
    _ask_screening_questions(placements)
    _fill_the_demo_students_profile()
    applications = _plan_applications(
        rng, placements, students, current=current, last_year=last_year, target=target
    )
    _save_backdated(applications)
    saved = list(Application.objects.order_by("pk").select_related("placement"))
    _record_application_events(saved)
    internships = _create_internships(saved, current=current, last_year=last_year)
    return {
        "placements": len(placements),
        "applications": len(saved),
        "internships": len(internships),
    }


def _give_most_students_a_cv(students) -> None:
    """Most students keep a CV in their profile; every application has its own file name."""
    profiles = dict(
        StudentProfile.objects.filter(
            user_id__in=[user_id for user_id, _programme in students]
        ).values_list("user_id", "pk")
    )
    StudentCV.objects.bulk_create(
        StudentCV(profile_id=profiles[user_id], label="CV", file=_cv_path(user_id), uploaded_at=now)
        for now in [timezone.now()]
        for user_id, _programme in students[: len(students) * 4 // 5]
        if user_id in profiles
    )


SCREENING_QUESTIONS = [
    ("Which project are you proudest of, and what was your part in it?", True, 600),
    ("When could you start, and how many hours a week could you give?", False, 200),
]


def _ask_screening_questions(placements) -> None:
    """Every third placement asks applicants two questions."""
    ScreeningQuestion.objects.bulk_create(
        ScreeningQuestion(
            placement_id=placement.pk,
            text=text,
            required=required,
            max_length=length,
            position=position,
        )
        for placement in placements[::3]
        for position, (text, required, length) in enumerate(SCREENING_QUESTIONS)
    )


def _fill_the_demo_students_profile() -> None:
    """The demo student shows the whole profile: two CVs, links, languages, experience."""
    profile = StudentProfile.objects.filter(user__email="student@demo.practica.ro").first()
    if profile is None:
        return
    name = f"private/demo-cv/{profile.user_id}-data.pdf"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(one_page_pdf("Curriculum vitae: data"))
    StudentCV.objects.create(
        profile=profile,
        label="Data",
        file=name,
        uploaded_at=timezone.now() - timedelta(days=3),
    )
    StudentLink.objects.bulk_create(
        [
            StudentLink(profile=profile, kind="linkedin", url="https://www.linkedin.com/in/demo"),
            StudentLink(profile=profile, kind="github", url="https://github.com/demo-student"),
        ]
    )
    StudentLanguage.objects.bulk_create(
        [
            StudentLanguage(profile=profile, language="Română", level="native"),
            StudentLanguage(profile=profile, language="English", level="C1"),
            StudentLanguage(profile=profile, language="Deutsch", level="A2"),
        ]
    )
    StudentExperience.objects.bulk_create(
        [
            StudentExperience(
                profile=profile,
                kind="project",
                title="Timetable planner",
                organisation="Faculty hackathon",
                starts_on=timezone.localdate().replace(day=1) - timedelta(days=400),
                ends_on=timezone.localdate().replace(day=1) - timedelta(days=340),
                description="A Django app that lays out a semester's courses without clashes.",
            ),
            StudentExperience(
                profile=profile,
                kind="volunteering",
                title="Mentor for first-year students",
                organisation="Students' association",
                starts_on=timezone.localdate().replace(day=1) - timedelta(days=200),
            ),
        ]
    )


def _plan_applications(rng, placements, students, *, current, last_year, target):
    """Each student applies to a shuffled few of the placements open to their programme."""
    by_programme = {}
    for placement_id, programme_id in Placement.programmes.through.objects.filter(
        placement_id__in=[p.pk for p in placements]
    ).values_list("placement_id", "programme_id"):
        by_programme.setdefault(programme_id, []).append(placement_id)
    placement_by_id = {p.pk: p for p in placements}
    demo_student = (
        User.objects.filter(email="student@demo.practica.ro").values_list("pk", flat=True).first()
    )
    accepted_per_placement, placed = {}, set()
    applications, per_student = [], max(1, target // max(1, len(students)))
    for n, (user_id, programme_id) in enumerate(students):
        choices = [
            pk
            for pk in by_programme.get(programme_id, [])
            if placement_by_id[pk].status in ("published", "closed", "archived")
        ]
        rng.shuffle(choices)
        if user_id == demo_student:  # the demo student's offer and interview are on open placements
            choices.sort(key=lambda pk: placement_by_id[pk].status != "published")
        opened_now = 0
        for k, placement_id in enumerate(choices[: per_student + (n % 2)]):
            placement = placement_by_id[placement_id]
            if user_id == demo_student:
                status = [A.OFFERED, A.INTERVIEW, A.SUBMITTED, A.REJECTED, A.IN_REVIEW][k % 5]
                if placement.status != "published" and status in Application.OPEN_STATUSES:
                    status = A.CLOSED  # a closed placement ends its open applications
            else:
                status = _status_of_application(
                    n,
                    k,
                    user_id,
                    placement,
                    current=current,
                    last_year=last_year,
                    placed=placed,
                    accepted=accepted_per_placement,
                )
            if status in Application.OPEN_STATUSES:
                if opened_now >= settings.MAX_OPEN_APPLICATIONS_PER_PERIOD - 1:
                    status = A.REJECTED
                else:
                    opened_now += 1
            if status == A.ACCEPTED:
                accepted_per_placement[placement_id] = (
                    accepted_per_placement.get(placement_id, 0) + 1
                )
                placed.add((user_id, placement.period_id))
            applications.append(_application(n, k, placement_id, user_id, status))
    return applications


def _status_of_application(n, k, user_id, placement, *, current, last_year, placed, accepted):
    """Last summer's seats and the closed placements' go to the first applicants, the rest
    are turned down; a student placed this summer withdraws; the others move through the
    pipeline, one student in eleven already accepted."""
    if placement.period_id == last_year.pk or placement.status != "published":
        seats = accepted.get(placement.pk, 0)
        if (user_id, placement.period_id) not in placed and seats < placement.positions:
            return A.ACCEPTED
        return CLOSED_CYCLE[(n + k) % len(CLOSED_CYCLE)]
    if (user_id, current.pk) in placed:
        return A.WITHDRAWN
    if k == 0 and n % 11 == 0 and accepted.get(placement.pk, 0) < placement.positions - 1:
        return A.ACCEPTED
    return (OPEN_CYCLE + CLOSED_CYCLE)[(n * 3 + k) % 9]


def _working_hour(*, days: int, hour: int):
    """A time people meet at: `hour` o'clock, `days` from today, local time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _application(n, k, placement_id, user_id, status) -> Application:
    application = Application(
        placement_id=placement_id,
        student_id=user_id,
        status=status,
        cover_letter="Bună ziua! Aș dori să fac practica la dumneavoastră: "
        "am lucrat la proiecte similare la facultate.",
        cv=application_cv_path(user_id, placement_id),
        interview_at=(
            _working_hour(days=3 + k, hour=10 + k % 6) if status == A.INTERVIEW else None
        ),
        interview_location=(
            "Online: https://meet.example.ro/practica" if status == A.INTERVIEW else ""
        ),
        offer_deadline=(timezone.now() + timedelta(days=5) if status == A.OFFERED else None),
    )
    application.applied_at = timezone.now() - timedelta(days=5 + (n + k) % 25, hours=k)
    return application


def _save_backdated(applications) -> None:
    Application.objects.bulk_create(applications, batch_size=500)
    for application in applications:  # auto_now_add stamped them all "now"
        application.created_at = application.applied_at
    Application.objects.bulk_update(applications, ["created_at"], batch_size=500)


def _record_application_events(applications) -> None:
    """Each application's timeline: applied, then offered and answered, withdrawn or moved."""
    content_type = ContentType.objects.get_for_model(Application)
    events = []
    for application in applications:
        company = application.placement.created_by_id
        steps = [(application.student_id, "applied", "", A.SUBMITTED)]
        if application.status in (A.ACCEPTED, A.DECLINED, A.EXPIRED):
            steps.append((company, "offered", A.SUBMITTED, A.OFFERED))
            actor = None if application.status == A.EXPIRED else application.student_id
            steps.append((actor, application.status, A.OFFERED, application.status))
        elif application.status == A.WITHDRAWN:
            steps.append((application.student_id, "withdrawn", A.SUBMITTED, A.WITHDRAWN))
        elif application.status != A.SUBMITTED:
            steps.append((company, "moved", A.SUBMITTED, application.status))
        for day, (actor, action, old, new) in enumerate(steps):
            events.append(
                Event(
                    content_type=content_type,
                    object_id=application.pk,
                    actor_id=actor,
                    action=action,
                    from_status=old,
                    to_status=new,
                    created_at=application.created_at + timedelta(days=2 * day),
                )
            )
    Event.objects.bulk_create(events, batch_size=1000)


def _create_internships(applications, *, current, last_year) -> list[Internship]:
    """Accepted last summer: completed; accepted for the next one: planned."""
    internships = [
        Internship(
            application=a,
            student_id=a.student_id,
            placement=a.placement,
            organisation_id=a.placement.organisation_id,
            period_id=a.placement.period_id,
            host_tutor_id=a.placement.host_tutor_id,
            starts_on=a.placement.starts_on,
            ends_on=a.placement.ends_on,
            **terms_of(a.placement),
            required_hours=(
                last_year.required_hours
                if a.placement.period_id == last_year.pk
                else current.required_hours
            ),
            status=("completed" if a.placement.period_id == last_year.pk else "planned"),
        )
        for a in applications
        if a.status == A.ACCEPTED
    ]
    Internship.objects.bulk_create(internships)
    return internships


# Certificates ----------------------------------------------------------------------------


def seed_certificates(*, revoke_one: bool = True) -> int:
    """Certificates for the completed demo internships; one revoked and reissued."""
    from accounts.models import User
    from documents.models import Certificate
    from documents.services import issue_certificate, reissue_certificate

    if Certificate.objects.exists():
        return 0
    staff = (
        User.objects.filter(role="staff", is_superuser=True).first()
        or User.objects.filter(role="staff").first()
    )
    if staff is None:
        return 0
    issued = [
        issue_certificate(internship=internship, by=staff)
        for internship in Internship.objects.filter(status="completed").order_by("pk")
    ]
    if revoke_one and issued:
        reissue_certificate(
            certificate=issued[0],
            by=staff,
            reason="The student's name was misspelt on the first issue.",
        )
    return len(issued)
