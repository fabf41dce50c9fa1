"""Each person's coming deadlines, from their own objects only: the home pages' section, the
calendar page and the calendar feed all read `deadlines_for`, so they never disagree. The
dates themselves come from internships.deadlines (the period's calendar, else the
internship's own dates).

A deadline someone still has to meet (an evaluation, a confirmation, a result) stays listed
for OVERDUE_DAYS after it passed, flagged as overdue; a date that only informs (an internship
starts, applications close) leaves the list once it has passed.

Each role costs a fixed number of queries, however many internships or placements it has.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.faculties import in_faculties
from accounts.models import Organisation, Role, StudentProfile
from internships import deadlines as internship_deadlines
from internships.models import Internship, Period, Placement
from internships.queries import internships_visible_to
from mentors.models import AcademicResult, Evaluation

from .models import CalendarFeed, hash_token

OVERDUE_DAYS = 14
HOME_PAGE_ITEMS = 8
CALENDAR_PAGE_DAYS = 365

RUNNING = (Internship.Status.PLANNED, Internship.Status.ACTIVE)
NOT_ENDED_EARLY = (*RUNNING, Internship.Status.COMPLETED)


@dataclass(frozen=True)
class Deadline:
    on: date
    title: str
    url: str
    kind: str
    overdue: bool = False
    object_id: int = 0
    description: str = ""

    @property
    def uid(self) -> str:
        """Stable across reads, so that a calendar app updates the event instead of adding
        another: the kind of deadline and the object it is about."""
        return f"{self.kind}-{self.object_id}"


class _Collector:
    """Keeps the deadlines that fall in the window: a task to do from OVERDUE_DAYS ago (the
    past ones flagged), a date that only informs from today."""

    def __init__(self, today: date, days: int):
        self.today, self.items = today, []
        self.first_overdue, self.last = (
            today - timedelta(days=OVERDUE_DAYS),
            today + timedelta(days=days),
        )

    def add(self, on, *, title, url, kind, object_id, task=False, description=""):
        if on is None or on > self.last or on < (self.first_overdue if task else self.today):
            return
        overdue = task and on < self.today
        self.items.append(
            Deadline(
                on=on,
                title=title,
                url=url,
                kind=kind,
                overdue=overdue,
                object_id=object_id,
                description=description,
            )
        )


def deadlines_for(user, *, today: date | None = None, days: int = 60) -> list[Deadline]:
    """The person's deadlines from OVERDUE_DAYS ago (only those not done) to `days` ahead,
    nearest first, titled in the active language."""
    if not user.is_authenticated or not user.is_active:
        return []
    collector = _Collector(today or timezone.localdate(), days)
    collect = {
        Role.STUDENT: _of_student,
        Role.MENTOR: _of_mentor,
        Role.COMPANY: _of_organisation,
        Role.STAFF: _of_staff,
    }.get(user.role)
    if collect:
        collect(user, collector)
    return sorted(collector.items, key=lambda d: (d.on, d.title, d.kind, d.object_id))


def coming_deadlines(user, *, today: date | None = None) -> list[Deadline]:
    """The home page's few: the nearest HOME_PAGE_ITEMS."""
    return deadlines_for(user, today=today)[:HOME_PAGE_ITEMS]


def calendar_deadlines(user, *, today: date | None = None) -> list[Deadline]:
    """The calendar page's and the feed's: a year ahead."""
    return deadlines_for(user, today=today, days=CALENDAR_PAGE_DAYS)


def feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The working feed of an active person for this token, else None."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at=None, user__is_active=True)
        .first()
    )


# Internships -----------------------------------------------------------------------------


def _submitted(kind: str) -> Exists:
    return Exists(
        Evaluation.objects.filter(
            internship=OuterRef("pk"), kind=kind, status=Evaluation.Status.SUBMITTED
        )
    )


def _internships(user, today: date) -> QuerySet[Internship]:
    """The user's internships that can still have a deadline in the window, with what is
    done already: one query. The latest deadline (certificates) falls at most 120 days after
    the period's end (internships.services.periods)."""
    return (
        internships_visible_to(user)
        .filter(
            status__in=NOT_ENDED_EARLY,
            ends_on__gte=today - timedelta(days=OVERDUE_DAYS + 150),
        )
        .select_related("period", "organisation", "student")
        .annotate(
            midterm_done=_submitted(Evaluation.Kind.MIDTERM),
            final_done=_submitted(Evaluation.Kind.FINAL),
            self_done=_submitted(Evaluation.Kind.SELF),
            result_done=Exists(AcademicResult.objects.filter(internship=OuterRef("pk"))),
            student_confirmed_at=F("agreement__student_confirmed_at"),
            organisation_confirmed_at=F("agreement__organisation_confirmed_at"),
            agreement_overridden_at=F("agreement__overridden_at"),
            agreement_on_paper_at=F("agreement__paper_recorded_at"),
        )
        .order_by("starts_on", "pk")
    )


def _agreement_settled(internship) -> bool:
    """Opened without the parties' confirmations: staff overrode it or recorded paper."""
    return bool(internship.agreement_overridden_at or internship.agreement_on_paper_at)


def _period_name(period) -> str:
    return period.name_in(get_language() or settings.LANGUAGE_CODE)


# Students --------------------------------------------------------------------------------


def _of_student(user, collector: _Collector) -> None:
    today = collector.today
    programme = StudentProfile.objects.filter(user=user).values("programme_id")[:1]
    open_to_them = Placement.objects.published().filter(
        period=OuterRef("pk"),
        deadline__gte=today,
        organisation__status=Organisation.Status.VERIFIED,
        programmes=Subquery(programme),
    )
    held = Internship.objects.filter(period=OuterRef("pk"), student=user).exclude(
        status=Internship.Status.TERMINATED
    )
    periods = (
        Period.objects.filter(applications_open_on__lte=today, applications_close_on__gte=today)
        .filter(Exists(open_to_them))
        .exclude(Exists(held))
    )
    search = reverse("placement_search")
    for period in periods:
        collector.add(
            period.applications_close_on,
            title=_("Applications close for %(period)s") % {"period": _period_name(period)},
            url=f"{search}?{urlencode({'period': period.pk})}",
            kind="applications-close",
            object_id=period.pk,
        )
    for internship in _internships(user, today):
        due = internship_deadlines.for_internship(internship)
        url = internship.get_absolute_url()
        place = {"organisation": internship.organisation.legal_name}
        if internship.status in RUNNING and not (
            internship.student_confirmed_at or _agreement_settled(internship)
        ):
            collector.add(
                due.agreement,
                title=_("Confirm your internship agreement (%(organisation)s)") % place,
                url=url,
                kind="agreement-due",
                object_id=internship.pk,
                task=True,
            )
        collector.add(
            internship.starts_on,
            title=_("Your internship at %(organisation)s starts") % place,
            url=url,
            kind="internship-start",
            object_id=internship.pk,
        )
        collector.add(
            internship.ends_on,
            title=_("Your internship at %(organisation)s ends") % place,
            url=url,
            kind="internship-end",
            object_id=internship.pk,
        )
        if not internship.self_done:
            collector.add(
                due.self_evaluation,
                title=_("Self-evaluation due (%(organisation)s)") % place,
                url=reverse("evaluation_form", args=[internship.pk, Evaluation.Kind.SELF]),
                kind="self-evaluation-due",
                object_id=internship.pk,
                task=True,
            )
        collector.add(
            internship.period.certificates_on,
            title=_("Certificates of %(period)s are issued")
            % {"period": _period_name(internship.period)},
            url=url,
            kind="certificates",
            object_id=internship.pk,
        )


# Mentors ---------------------------------------------------------------------------------


def _of_mentor(user, collector: _Collector) -> None:
    """The host tutor's evaluations and the academic supervisor's results, per intern."""
    for internship in _internships(user, collector.today):
        due = internship_deadlines.for_internship(internship)
        student = {"student": internship.student.display_name}
        # Completing an internship needs its final evaluation: a completed one owes none.
        if internship.host_tutor_id == user.pk and internship.status in RUNNING:
            if not internship.midterm_done:
                collector.add(
                    due.midterm_evaluation,
                    title=_("Mid-term evaluation of %(student)s due") % student,
                    url=reverse("evaluation_form", args=[internship.pk, Evaluation.Kind.MIDTERM]),
                    kind="midterm-evaluation-due",
                    object_id=internship.pk,
                    task=True,
                )
            if not internship.final_done:
                collector.add(
                    due.final_evaluation,
                    title=_("Final evaluation of %(student)s due") % student,
                    url=reverse("evaluation_form", args=[internship.pk, Evaluation.Kind.FINAL]),
                    kind="final-evaluation-due",
                    object_id=internship.pk,
                    task=True,
                )
        if internship.academic_supervisor_id == user.pk and not internship.result_done:
            collector.add(
                due.result,
                title=_("Result of %(student)s due") % student,
                url=reverse("result_form", args=[internship.pk]),
                kind="result-due",
                object_id=internship.pk,
                task=True,
            )


# Organisations ---------------------------------------------------------------------------


def _of_organisation(user, collector: _Collector) -> None:
    """The organisation's placements closing for applications, and the agreements its host
    has not confirmed yet."""
    today = collector.today
    placements = (
        Placement.objects.published()
        .filter(
            organisation__memberships__user=user,
            deadline__gte=today,
            deadline__lte=collector.last,
        )
        .only("pk", "title", "deadline")
        .order_by("deadline", "pk")
    )
    for placement in placements:
        collector.add(
            placement.deadline,
            title=_("Applications close: %(placement)s") % {"placement": placement.title},
            url=reverse("pipeline", args=[placement.pk]),
            kind="placement-deadline",
            object_id=placement.pk,
        )
    running = _internships(user, today).filter(status__in=RUNNING)
    for internship in running:
        if internship.organisation_confirmed_at or _agreement_settled(internship):
            continue
        collector.add(
            internship_deadlines.for_internship(internship).agreement,
            title=_("Confirm the agreement of %(student)s")
            % {"student": internship.student.display_name},
            url=internship.get_absolute_url(),
            kind="agreement-due",
            object_id=internship.pk,
            task=True,
        )


# Staff -----------------------------------------------------------------------------------


def _count(internships: QuerySet[Internship]):
    """How many of a period's internships match, as a column of the period's row."""
    return Coalesce(
        Subquery(
            internships.filter(period=OuterRef("pk"))
            .order_by()
            .values("period")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _missing(kind: str) -> Exists:
    return ~_submitted(kind)


AGREEMENT_IN_FORCE = (
    Q(
        agreement__student_confirmed_at__isnull=False,
        agreement__organisation_confirmed_at__isnull=False,
        agreement__university_confirmed_at__isnull=False,
    )
    | Q(agreement__overridden_at__isnull=False)
    | Q(agreement__paper_recorded_at__isnull=False)
)

PERIOD_DATES = (
    "applications_open_on",
    "applications_close_on",
    "starts_on",
    "ends_on",
    "agreements_due_on",
    "midterm_evaluation_due_on",
    "final_evaluation_due_on",
    "results_due_on",
    "certificates_on",
)


def _of_staff(user, collector: _Collector) -> None:
    """Every date of the current periods' calendars, with how many of the internships of
    their faculties' students (accounts.faculties) are still to do: the page and the
    calendar feed alike."""
    window = Q()
    for field in PERIOD_DATES:
        window |= Q(**{f"{field}__gte": collector.first_overdue, f"{field}__lte": collector.last})
    theirs = in_faculties(Internship.objects.all(), user)
    running = theirs.filter(status__in=RUNNING)
    not_ended_early = theirs.filter(status__in=NOT_ENDED_EARLY)
    periods = (
        Period.objects.filter(window)
        .annotate(
            agreements_pending=_count(running.exclude(AGREEMENT_IN_FORCE)),
            midterms_pending=_count(running.filter(_missing(Evaluation.Kind.MIDTERM))),
            finals_pending=_count(not_ended_early.filter(_missing(Evaluation.Kind.FINAL))),
            results_pending=_count(
                not_ended_early.exclude(
                    Exists(AcademicResult.objects.filter(internship=OuterRef("pk")))
                )
            ),
        )
        .order_by("starts_on", "pk")
    )
    for period in periods:
        _period_calendar(period, collector)


def _period_calendar(period, collector: _Collector) -> None:
    name = _period_name(period)
    edit = reverse("staff_period_edit", args=[period.pk])
    query = urlencode({"period": period.pk})
    internships = f"{reverse('staff_internships')}?{query}"
    dates = [
        ("applications_open_on", _("%(period)s: applications open"), edit, 0),
        ("applications_close_on", _("%(period)s: applications close"), edit, 0),
        ("starts_on", _("%(period)s: internships start"), internships, 0),
        ("ends_on", _("%(period)s: internships end"), internships, 0),
        (
            "agreements_due_on",
            ngettext(
                "%(period)s: agreements due, %(count)d not yet in force",
                "%(period)s: agreements due, %(count)d not yet in force",
                period.agreements_pending,
            ),
            f"{reverse('staff_paperwork')}?{query}",
            period.agreements_pending,
        ),
        (
            "midterm_evaluation_due_on",
            ngettext(
                "%(period)s: mid-term evaluations due, %(count)d not submitted",
                "%(period)s: mid-term evaluations due, %(count)d not submitted",
                period.midterms_pending,
            ),
            internships,
            period.midterms_pending,
        ),
        (
            "final_evaluation_due_on",
            ngettext(
                "%(period)s: final evaluations and self-evaluations due, %(count)d final "
                "evaluation not submitted",
                "%(period)s: final evaluations and self-evaluations due, %(count)d final "
                "evaluations not submitted",
                period.finals_pending,
            ),
            internships,
            period.finals_pending,
        ),
        (
            "results_due_on",
            ngettext(
                "%(period)s: results due, %(count)d not recorded",
                "%(period)s: results due, %(count)d not recorded",
                period.results_pending,
            ),
            internships,
            period.results_pending,
        ),
        ("certificates_on", _("%(period)s: certificates issued"), internships, 0),
    ]
    for field, title, url, pending in dates:
        collector.add(
            getattr(period, field),
            title=title % {"period": name, "count": pending},
            url=url,
            kind=f"period-{field.removesuffix('_on').replace('_', '-')}",
            object_id=period.pk,
            task=bool(pending),
        )
