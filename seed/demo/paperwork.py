"""Demo paperwork for `seed_demo`: internships students found in every state, one staff
recorded from a paper agreement, agreements confirmed by the three parties (each by its PDF's
digest), and amendments: one in force, one awaiting confirmations.

Made through the services, as people would make them; it runs once (when a proposal exists,
it adds nothing).
"""

from datetime import timedelta

from accounts.models import County, MentorProfile, Organisation, Sector, User
from documents.agreements import version_pdf
from documents.amendments import amendment_pdf
from internships.models import Application, Internship, Period, Proposal
from internships.services.agreements import confirm_agreement, current_version
from internships.services.amendments import confirm_amendment, propose_amendment
from internships.services.proposals import (
    approve_proposal,
    record_internship,
    return_proposal,
    submit_proposal,
    withdraw_proposal,
)
from mentors.services.lifecycle import start_internship

from .accounts import DEMO_DOMAIN, cui_for

ACTIVITIES = (
    "Analiza cerințelor împreună cu echipa; dezvoltarea unor module mici sub îndrumarea "
    "tutorelui; testare și documentare; prezentarea rezultatelor la final."
)
COMPETENCES = (
    "Lucrul într-o echipă de dezvoltare; folosirea unui sistem de versionare; scrierea de "
    "teste; comunicarea cu clientul intern."
)


STUDENTS_NEEDED = 8


def seed() -> dict:
    if Proposal.objects.exists():
        return {}
    staff = User.objects.get(email=f"staff@{DEMO_DOMAIN}")
    summer = Period.objects.filter(name__startswith="Summer").order_by("-starts_on").first()
    autumn = Period.objects.filter(name__startswith="Autumn").order_by("-starts_on").first()
    if summer is None or autumn is None:
        return {}
    free = _free_students(summer, autumn)
    if len(free) < STUDENTS_NEEDED:
        return {}
    students = iter(free)
    host = Organisation.objects.filter(status="verified").order_by("pk").first()
    tutor = (
        MentorProfile.objects.filter(kind="host_tutor", organisation=host, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    supervisor = User.objects.get(email=f"supervisor@{DEMO_DOMAIN}")
    cluj = County.objects.get(code="CJ")
    sector = Sector.objects.order_by("pk").first()

    def terms(period, n, **extra):
        starts_on = max(period.starts_on, period.starts_on + timedelta(days=n % 5))
        return {
            "period": period,
            "title": extra.pop("title", "Stagiar dezvoltare software"),
            "starts_on": starts_on,
            "ends_on": min(period.ends_on, starts_on + timedelta(days=42)),
            "hours_per_week": 20,
            "schedule": "Luni–vineri, 9:00–13:00",
            "county": cluj,
            "city": "Cluj-Napoca",
            "place": "Str. Memorandumului nr. 28",
            "work_mode": "hybrid",
            "activities": ACTIVITIES,
            "competences": COMPETENCES,
            **extra,
        }

    def tutor_of(n, existing=None):
        if existing is not None:
            return {
                "tutor_first_name": existing.user.first_name,
                "tutor_last_name": existing.user.last_name,
                "tutor_position": existing.job_title or "Inginer software",
                "tutor_email": existing.user.email,
                "tutor_phone": existing.phone,
            }
        return {
            "tutor_first_name": "Dana",
            "tutor_last_name": f"Moldovan{'' if n == 0 else f' {n}'}",
            "tutor_position": "Inginer software senior",
            "tutor_email": f"tutor.nou{n}@gazda{n}.demo.practica.ro",
            "tutor_phone": "0744 123 456",
        }

    def new_host(n):
        return {
            "organisation": None,
            "org_legal_name": f"Atelierul Digital Someș {n} SRL",
            "org_registration_number": cui_for(31_000_000 + n * 7),
            "org_county": cluj,
            "org_city": "Cluj-Napoca",
            "org_address": f"Str. Horea nr. {10 + n}",
            "org_sector": sector,
            "org_phone": "0264 555 010",
            "legal_representative": f"Vlad Rus {n}" if n else "Vlad Rus",
            "legal_representative_function": "Administrator",
            "legal_representative_email": f"director{n}@gazda{n}.demo.practica.ro",
            "contact_name": "Irina Pop",
            "contact_email": f"contact{n}@gazda{n}.demo.practica.ro",
        }

    made = {"proposals": 0, "recorded": 0, "amendments": 0}
    # Awaiting approval: a new host the student found.
    submit_proposal(by=next(students), data={**terms(summer, 0), **new_host(1), **tutor_of(1)})
    # Returned for changes, at a host already on Practica.
    returned = submit_proposal(
        by=next(students),
        data={**terms(summer, 1), "organisation": host, **tutor_of(2, tutor)},
    )
    return_proposal(
        proposal=returned,
        by=staff,
        comment="Precizați programul zilnic și activitățile din fiecare săptămână.",
    )
    # Withdrawn by the student.
    withdrawn = submit_proposal(
        by=next(students), data={**terms(summer, 2), **new_host(3), **tutor_of(3)}
    )
    withdraw_proposal(proposal=withdrawn, by=withdrawn.student)
    # Approved at a new host: the host awaits verification, the tutor's invitation is out,
    # nobody has confirmed the agreement yet.
    approved_new = submit_proposal(
        by=next(students), data={**terms(summer, 3), **new_host(4), **tutor_of(4)}
    )
    approve_proposal(proposal=approved_new, by=staff, comment="Aprobat.")
    # Approved in the running period at a verified host, its tutor already on Practica: the
    # three parties confirmed, an amendment moved the end date, a second awaits.
    running = []
    for n in (5, 6):
        proposal = submit_proposal(
            by=next(students),
            data={
                **terms(autumn, n, title="Stagiar analiză de date"),
                "organisation": host,
                "academic_supervisor": supervisor,
                **tutor_of(n, tutor),
            },
        )
        approve_proposal(proposal=proposal, by=staff)
        proposal.refresh_from_db()
        running.append(proposal.internship)
    made["proposals"] = 6
    admin = User.objects.filter(membership__organisation=host, membership__role="admin").first()
    for internship in running:
        _confirm_by_all(internship, student=internship.student, admin=admin, staff=staff)
        start_internship(internship=Internship.objects.get(pk=internship.pk), by=staff)
    in_force = propose_amendment(
        internship=running[0],
        by=staff,
        terms={"ends_on": min(autumn.ends_on, running[0].ends_on + timedelta(days=14))},
        reason="Studentul recuperează două săptămâni de absență motivată.",
    )
    for party in (running[0].student, admin, staff):
        confirm_amendment(amendment=in_force, by=party, sha256=_digest_of_amendment(in_force))
    pending = propose_amendment(
        internship=running[1],
        by=staff,
        terms={"hours_per_week": 30},
        reason="Gazda propune mai multe ore pe săptămână, cu acordul studentului.",
    )
    confirm_amendment(amendment=pending, by=staff, sha256=_digest_of_amendment(pending))
    made["amendments"] = 2
    # Recorded by the office from an agreement signed on paper.
    recorded_student = next(students)
    record_internship(
        by=staff,
        student=recorded_student,
        organisation=host,
        period=summer,
        terms={k: v for k, v in terms(summer, 7).items() if k != "period"},
        tutor_email=tutor.user.email,
        supervisor=supervisor,
    )
    made["recorded"] = 1
    return made


def _free_students(*periods) -> list:
    """Students holding no internship in these periods, by pk: first those with no open
    application either (approval would withdraw them), then the others."""
    students = User.objects.filter(
        role="student", is_active=True, student_profile__programme__isnull=False
    ).exclude(email=f"student@{DEMO_DOMAIN}")
    placed = User.objects.filter(internships__period__in=periods).values("pk")
    applying = User.objects.filter(
        applications__placement__period__in=periods,
        applications__status__in=Application.OPEN_STATUSES,
    ).values("pk")
    free = students.exclude(pk__in=placed)
    first = list(free.exclude(pk__in=applying).order_by("pk")[:STUDENTS_NEEDED])
    rest = free.exclude(pk__in=[s.pk for s in first]).order_by("pk")
    return first + list(rest[: STUDENTS_NEEDED - len(first)])


def _confirm_by_all(internship, *, student, admin, staff) -> None:
    internship = Internship.objects.get(pk=internship.pk)
    version = current_version(internship)
    version_pdf(version)
    version.refresh_from_db()
    for party in (student, admin, staff):
        confirm_agreement(internship=internship, by=party, sha256=version.sha256)


def _digest_of_amendment(amendment) -> str:
    amendment_pdf(amendment)
    amendment.refresh_from_db()
    return amendment.sha256
