"""Demo data for the reminders (`manage.py demo_reminders` walks the last week): on top of
the rest of the demo, something for every rule to remind of during that week.

- agreements of planned internships get their first version (waiting for the student);
- a short winter school whose internship ends in four days (the final evaluation and the
  self-evaluation come due) and one that ended twelve days ago with its final evaluation in
  and no result yet (the supervisor is reminded);
- the staff queues grow old: placements awaiting approval for five days, organisations
  awaiting vetting and the proposal awaiting review for four.

The logbooks (silent ones, entries awaiting approval), the mid-term evaluations of the
autumn period and the unanswered applications are already in the rest of the demo. It runs
once (when the winter school exists, it adds nothing).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, User
from internships.models import Agreement, Internship, Period, Placement, Proposal
from internships.services.agreements import current_version
from mentors.models import Evaluation

from .accounts import DEMO_DOMAIN


def seed() -> dict:
    today = timezone.localdate()
    name = f"Winter school {today.year}"
    running = (
        Internship.objects.filter(status="active", host_tutor__isnull=False)
        .exclude(academic_supervisor=None)
        .order_by("pk")
        .first()
    )
    if Period.objects.filter(name=name).exists() or running is None:
        return {}
    now = timezone.now()
    made = {"agreements": 0, "internships": 0}
    for internship in Internship.objects.filter(
        status="planned", agreement__student_confirmed_at=None, agreement__versions=None
    ).order_by("pk")[:2]:
        current_version(internship)
        made["agreements"] += 1

    winter = Period.objects.create(
        name=name,
        name_ro=f"Școala de iarnă {today.year}",
        applications_open_on=today - timedelta(days=150),
        applications_close_on=today - timedelta(days=90),
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=4),
        required_hours=40,
        credits=2,
    )
    free = (
        User.objects.filter(role="student", is_active=True, internships=None)
        .exclude(email=f"student@{DEMO_DOMAIN}")
        .order_by("pk")[:2]
    )
    people = {
        "organisation": running.organisation,
        "host_tutor": running.host_tutor,
        "academic_supervisor": running.academic_supervisor,
        "county": running.county,
        "city": running.city,
        "title": "Stagiar școala de iarnă",
        "period": winter,
        "source": Internship.Source.RECORDED,
        "hours_per_week": 10,
        "required_hours": 40,
    }
    ending_on = today + timedelta(days=4)
    ended_on = today + timedelta(days=2 - settings.RESULTS_DUE_DAYS)
    for student, ends_on, status in zip(
        free, (ending_on, ended_on), ("active", "completed"), strict=False
    ):
        internship = Internship.objects.create(
            student=student,
            starts_on=ends_on - timedelta(days=45),
            ends_on=ends_on,
            status=status,
            completed_at=now if status == "completed" else None,
            **people,
        )
        confirmed = now - timedelta(days=50)
        Agreement.objects.create(
            internship=internship,
            student_confirmed_at=confirmed,
            organisation_confirmed_at=confirmed,
            university_confirmed_at=confirmed,
        )
        if status == "completed":
            Evaluation.objects.create(
                internship=internship,
                kind=Evaluation.Kind.FINAL,
                author=running.host_tutor,
                status=Evaluation.Status.SUBMITTED,
                comment="Un stagiu bun: a învățat repede și a livrat la timp.",
                submitted_at=now - timedelta(days=10),
            )
        made["internships"] += 1

    waiting = Placement.objects.filter(status=Placement.Status.SUBMITTED).order_by("pk")
    half = list(waiting.values_list("pk", flat=True))[::2]
    Placement.objects.filter(pk__in=half).update(updated_at=now - timedelta(days=5))
    Organisation.objects.filter(status=Organisation.Status.PENDING).update(
        created_at=now - timedelta(days=4)
    )
    Proposal.objects.filter(Q(status=Proposal.Status.SUBMITTED)).update(
        created_at=now - timedelta(days=4)
    )
    return made
