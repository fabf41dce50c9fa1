"""A cohort's paperwork, the read side: the agreements of a period's (and a programme's)
running and completed internships, which party has not confirmed the current version, who
would be reminded, and the ZIP of the agreements the three parties confirmed.

What each party confirmed is read from the Agreement's mirror fields (the confirmations of
the current version; a new version clears them); an internship without an Agreement row
has nothing confirmed. The joins are LEFT OUTER, so `agreement__x__isnull=True` holds for
both.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from accounts.faculties import in_faculties
from accounts.models import OrganisationMembership
from documents.agreements import served_pdf
from internships.models import AgreementVersion, Internship
from internships.services import current_version

from .models import AgreementReminder

PARTIES = ("student", "organisation", "university")
IN_COHORT = (Internship.Status.PLANNED, Internship.Status.ACTIVE, Internship.Status.COMPLETED)
RUNNING = (Internship.Status.PLANNED, Internship.Status.ACTIVE)

UNCONFIRMED = {party: Q(**{f"agreement__{party}_confirmed_at__isnull": True}) for party in PARTIES}
CONFIRMED_BY_ALL = (
    ~UNCONFIRMED["student"] & ~UNCONFIRMED["organisation"] & ~UNCONFIRMED["university"]
)
CONFIRMED_BY_NONE = UNCONFIRMED["student"] & UNCONFIRMED["organisation"] & UNCONFIRMED["university"]
ON_PAPER = Q(agreement__paper_recorded_at__isnull=False)
OVERRIDDEN = Q(agreement__overridden_at__isnull=False)

# The states the list filters by, each a condition on the mirror fields.
STATES = {
    "confirmed": CONFIRMED_BY_ALL,
    "student": UNCONFIRMED["student"],
    "organisation": UNCONFIRMED["organisation"],
    "university": UNCONFIRMED["university"],
    "none": CONFIRMED_BY_NONE,
    "paper": ON_PAPER,
    "overridden": OVERRIDDEN,
}


def when(moment: datetime) -> str:
    """A moment as messages show it: the local date and time, in the reader's format."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def reminder_interval() -> timedelta:
    return timedelta(hours=settings.PAPERWORK_REMINDER_INTERVAL_HOURS)


def cohort(viewer) -> QuerySet[Internship]:
    """Every running or completed internship of the viewer's faculties' students with its
    student, programme, host, supervisor and agreement, the number of the agreement's
    current version (`version_number`, None before the first) and when anyone was last
    reminded about it (`last_reminded_at`)."""
    versions = AgreementVersion.objects.filter(agreement__internship=OuterRef("pk")).order_by(
        "-number"
    )
    reminders = (
        AgreementReminder.objects.filter(internship=OuterRef("pk"))
        .order_by()
        .values("internship")
        .annotate(last=Max("sent_at"))
        .values("last")
    )
    return (
        in_faculties(Internship.objects.filter(status__in=IN_COHORT), viewer)
        .select_related(
            "student__student_profile__programme",
            "organisation",
            "period",
            "academic_supervisor",
            "agreement",
        )
        .annotate(
            version_number=Subquery(versions.values("number")[:1]),
            last_reminded_at=Subquery(reminders),
        )
        .order_by("student__last_name", "student__first_name", "pk")
    )


def in_state(qs: QuerySet[Internship], state: str) -> QuerySet[Internship]:
    return qs.filter(STATES[state])


def counts(qs: QuerySet[Internship]) -> dict:
    """How many internships of the cohort have their agreement confirmed by all three, miss
    each party's confirmation, or have none at all: one query."""
    return qs.order_by().aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=CONFIRMED_BY_ALL),
        student=Count("pk", filter=UNCONFIRMED["student"]),
        organisation=Count("pk", filter=UNCONFIRMED["organisation"]),
        university=Count("pk", filter=UNCONFIRMED["university"]),
        none=Count("pk", filter=CONFIRMED_BY_NONE),
        paper=Count("pk", filter=ON_PAPER),
        overridden=Count("pk", filter=OVERRIDDEN),
    )


def agreement_of(internship: Internship):
    """The internship's Agreement, or None when it has no row yet (no query when the
    internship came with `select_related("agreement")`)."""
    try:
        return internship.agreement
    except Internship.agreement.RelatedObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class Paperwork:
    """What a row of the list shows about an internship's agreement."""

    missing: tuple[str, ...]
    confirmed_at: dict
    overridden_at: datetime | None = None
    paper_recorded_at: datetime | None = None

    @property
    def confirmed_by_all(self) -> bool:
        return not self.missing


def paperwork_of(internship: Internship) -> Paperwork:
    agreement = agreement_of(internship)
    confirmed_at = {
        party: getattr(agreement, f"{party}_confirmed_at", None) if agreement else None
        for party in PARTIES
    }
    return Paperwork(
        missing=tuple(party for party in PARTIES if confirmed_at[party] is None),
        confirmed_at=confirmed_at,
        overridden_at=agreement.overridden_at if agreement else None,
        paper_recorded_at=agreement.paper_recorded_at if agreement else None,
    )


# Reminders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    internship: Internship
    party: str
    recipient: object  # a User


@dataclass
class ReminderPlan:
    """Who a reminder of the cohort would reach: `due` are sent; `held_back` were reminded
    about that agreement within the interval (with when they last were); `unreachable` are
    the internships whose university confirmation is awaited without an academic supervisor
    to remind (staff confirm for the university themselves)."""

    due: list[Reminder] = field(default_factory=list)
    held_back: list[tuple[Reminder, datetime]] = field(default_factory=list)
    unreachable: list[Internship] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len({reminder.recipient.pk for reminder in self.due})

    @property
    def students(self) -> int:
        return len({r.recipient.pk for r in self.due if r.party == "student"})

    @property
    def host_admins(self) -> int:
        return len({r.recipient.pk for r in self.due if r.party == "organisation"})

    @property
    def supervisors(self) -> int:
        return len({r.recipient.pk for r in self.due if r.party == "university"})

    @property
    def agreements(self) -> int:
        return len({r.internship.pk for r in self.due})

    @property
    def held_back_people(self) -> int:
        return len({reminder.recipient.pk for reminder, _sent in self.held_back})

    @property
    def last_sent_at(self) -> datetime | None:
        return max((sent for _reminder, sent in self.held_back), default=None)

    @property
    def next_due_at(self) -> datetime | None:
        """When the earliest of the held-back reminders may be sent again."""
        first = min((sent for _reminder, sent in self.held_back), default=None)
        return first + reminder_interval() if first else None


def to_remind(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """The internships of `qs` whose parties can still confirm (planned or active) and whose
    agreement misses a confirmation and was not recorded as signed on paper."""
    return qs.filter(status__in=RUNNING).exclude(ON_PAPER).exclude(CONFIRMED_BY_ALL)


def reminder_plan(qs: QuerySet[Internship], *, now: datetime) -> ReminderPlan:
    """Each missing party of each agreement of `to_remind(qs)`, once: the student, the host
    organisation's active administrators, the academic supervisor. Three queries whatever
    the size of the cohort."""
    internships = list(to_remind(qs))
    admins: dict[int, list] = {}
    for membership in (
        OrganisationMembership.objects.filter(
            organisation__in=to_remind(qs).values("organisation_id"),
            role=OrganisationMembership.Role.ADMIN,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    ):
        admins.setdefault(membership.organisation_id, []).append(membership.user)
    recent = {
        (row["internship"], row["recipient"]): row["last"]
        for row in AgreementReminder.objects.filter(
            internship__in=to_remind(qs).values("pk"), sent_at__gt=now - reminder_interval()
        )
        .order_by()
        .values("internship", "recipient")
        .annotate(last=Max("sent_at"))
    }
    plan = ReminderPlan()
    for internship in internships:
        missing = paperwork_of(internship).missing
        recipients = []
        if "student" in missing and internship.student.is_active:
            recipients.append(("student", internship.student))
        if "organisation" in missing:
            recipients += [
                ("organisation", user) for user in admins.get(internship.organisation_id, [])
            ]
        if "university" in missing:
            supervisor = internship.academic_supervisor
            if supervisor is not None and supervisor.is_active:
                recipients.append(("university", supervisor))
            else:
                plan.unreachable.append(internship)
        seen = set()
        for party, user in recipients:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            reminder = Reminder(internship=internship, party=party, recipient=user)
            sent = recent.get((internship.pk, user.pk))
            if sent is None:
                plan.due.append(reminder)
            else:
                plan.held_back.append((reminder, sent))
    return plan


# The ZIP of the confirmed agreements ---------------------------------------------------


def confirmed_by_all(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    return qs.filter(CONFIRMED_BY_ALL)


def ascii_name(text: str) -> str:
    """Letters and digits only (diacritics folded: ș to s, ă to a), words joined by '-'."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-")


def pdf_name(internship: Internship) -> str:
    """`<programme code>-<last name>-<first name>-<internship id>.pdf`, in ASCII."""
    profile = getattr(internship.student, "student_profile", None)
    programme = getattr(profile, "programme", None)
    parts = [
        ascii_name(programme.code) if programme else "",
        ascii_name(internship.student.last_name),
        ascii_name(internship.student.first_name),
    ]
    return "-".join([part or "x" for part in parts] + [str(internship.pk)]) + ".pdf"


def zip_name(filters: dict) -> str:
    """`agreements-<period>[-<programme code>].zip`, in ASCII. The period by its English
    name, whoever downloads: the same ZIP has the same name in either language."""
    period = filters["period"]
    parts = ["agreements", ascii_name(period.name) or str(period.pk)]
    if filters.get("programme"):
        parts.append(ascii_name(filters["programme"].code))
    return "-".join(part for part in parts if part) + ".zip"


def _current_versions(internships: list[Internship]) -> dict[int, AgreementVersion]:
    versions = {}
    for version in AgreementVersion.objects.filter(
        agreement__internship__in=[internship.pk for internship in internships]
    ).order_by("agreement_id", "-number"):
        versions.setdefault(version.agreement_id, version)
    return versions


def agreement_pdf(internship: Internship, version: AgreementVersion | None) -> bytes:
    """The PDF the three parties confirmed: the signed copy of the current version when the
    university signed it, else the version's stored PDF. An agreement confirmed before
    versions existed gets its version 1 now (its confirmations stand)."""
    if version is None:
        version = current_version(internship)
    return served_pdf(version)


BATCH = 100


def write_zip(qs: QuerySet[Internship], archive) -> int:
    """Write the PDF of every agreement of `qs` the three parties confirmed into `archive`
    (a zipfile.ZipFile), a hundred internships at a time; return how many."""
    ids = list(confirmed_by_all(qs).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        internships = Internship.objects.filter(pk__in=chunk).select_related(
            "student__student_profile__programme",
            "organisation__county",
            "period",
            "placement",
            "host_tutor",
            "academic_supervisor",
            "agreement__organisation_confirmed_by",
            "agreement__university_confirmed_by",
            "agreement__overridden_by",
            "agreement__paper_recorded_by",
        )
        by_id = {internship.pk: internship for internship in internships}
        versions = _current_versions(list(by_id.values()))
        for pk in chunk:
            internship = by_id[pk]
            version = versions.get(getattr(agreement_of(internship), "pk", None))
            archive.writestr(pdf_name(internship), agreement_pdf(internship, version))
    return len(ids)
