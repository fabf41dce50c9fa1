"""What the office sets up (periods, study programmes, the evaluation rubric) and the
reminders it sends about a cohort's agreements, and the reports staff save of their lists."""

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Faculty, Programme, ReferenceData, Role, University, User
from core import reports
from core.audit import changes, snapshot
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Internship, Period
from internships.services.periods import DATE_FIELDS as PERIOD_DATES
from internships.services.periods import period_problems
from mentors.models import Competency
from notifications.services import notify, record_event, record_events

from . import paperwork
from .models import AgreementReminder, SavedReport


def _record_edit(obj, *, by, before: dict, created: bool, noun: str) -> None:
    """One line per save: created, or which fields changed from what to what."""
    note = changes(before, snapshot(obj, before))
    if created or note:
        record_event(obj, by=by, action=f"{noun}_{'created' if created else 'edited'}", note=note)


@transaction.atomic
def save_reference(*, by, record: ReferenceData, data: dict) -> ReferenceData:
    """Staff add or rename a skill or a sector, in English and in Romanian. Names are unique
    whatever the case; a record is never deleted (placements and profiles point to it)."""
    ensure(by, "internships.moderate")
    created, before = record.pk is None, snapshot(record, ("name", "name_ro"))
    record.name = (data.get("name") or "").strip()
    record.name_ro = (data.get("name_ro") or "").strip()
    if not record.name:
        raise ServiceError({"name": _("Give it a name in English.")})
    model = type(record)
    taken = ServiceError({"name": _("“%(name)s” is in the list already.") % {"name": record.name}})
    # Compared whatever the case, diacritics' capitals too (SQLite's iexact is ASCII only);
    # the lists hold hundreds of names at most.
    others = model.objects.exclude(pk=record.pk).values_list("name", flat=True)
    if any(name.casefold() == record.name.casefold() for name in others):
        raise taken
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise taken from None  # the same name saved a moment ago by someone else
    noun = model._meta.model_name
    _record_edit(record, by=by, before=before, created=created, noun=noun)
    return record


@transaction.atomic
def save_period(*, by, period: Period | None = None, data: dict) -> Period:
    """Staff define the internship periods: dates, application window, hours, credits and
    the calendar of deadlines, inside the period and in order (period_problems)."""
    ensure(by, "internships.moderate")
    period = period or Period()
    created, before = period.pk is None, snapshot(period, data)
    for field, value in data.items():
        setattr(period, field, value)
    problems = period_problems({field: getattr(period, field) for field in PERIOD_DATES})
    if problems:
        raise ServiceError(problems)
    period.save()
    _record_edit(period, by=by, before=before, created=created, noun="period")
    return period


@transaction.atomic
def save_programme(*, by, programme: Programme | None = None, data: dict) -> Programme:
    """Staff of all faculties add and change the programmes, each in one faculty: the one
    chosen, else the one it has, else the only faculty there is (the first programme of a
    university without faculties makes one named after the university)."""
    ensure(by, "internships.moderate")
    ensure(by, "accounts.manage_faculties")
    programme = programme or Programme()
    created, before = programme.pk is None, snapshot(programme, data)
    for field, value in data.items():
        setattr(programme, field, value)
    if programme.faculty_unit_id is None:
        programme.faculty_unit = _the_only_faculty()
    programme.save()
    _record_edit(programme, by=by, before=before, created=created, noun="programme")
    return programme


def _the_only_faculty() -> Faculty:
    faculties = list(Faculty.objects.order_by("pk")[:2])
    if len(faculties) > 1:
        raise ServiceError({"faculty_unit": _("Choose the faculty of the programme.")})
    if faculties:
        return faculties[0]
    university = University.current()
    return Faculty.objects.create(
        name=university.name_in("en"), name_ro=university.legal_name, code="U"
    )


FACULTY_FIELDS = ("name", "name_ro", "code")


@transaction.atomic
def save_faculty(*, by, faculty: Faculty | None = None, data: dict) -> Faculty:
    """Staff of all faculties add and rename the faculties; a faculty is never deleted (its
    programmes point to it). Names and codes are unique."""
    ensure(by, "accounts.manage_faculties")
    faculty = faculty or Faculty()
    created, before = faculty.pk is None, snapshot(faculty, FACULTY_FIELDS)
    for field in FACULTY_FIELDS:
        setattr(faculty, field, (data.get(field) or "").strip())
    others = Faculty.objects.exclude(pk=faculty.pk)
    if others.filter(code__iexact=faculty.code).exists():
        raise ServiceError({"code": _("Another faculty has this code.")})
    if any(
        name.casefold() == faculty.name.casefold() for name in others.values_list("name", flat=True)
    ):
        raise ServiceError({"name": _("Another faculty has this name.")})
    try:
        with transaction.atomic():
            faculty.save()
    except IntegrityError:
        raise ServiceError(
            _("Another faculty was saved with this name or code a moment ago.")
        ) from None
    _record_edit(faculty, by=by, before=before, created=created, noun="faculty")
    return faculty


@transaction.atomic
def set_faculties_of(*, by, member: User, all_faculties: bool, faculties) -> User:
    """Staff of all faculties say which faculties a member of staff works for: all of them,
    or one or more (never none: such an account would see nothing)."""
    ensure(by, "accounts.manage_faculties")
    if member.role != Role.STAFF:
        raise ServiceError(_("Only university staff work for faculties."))
    faculties = list(faculties)
    if not all_faculties and not faculties:
        raise ServiceError({"faculties": _("Choose at least one faculty, or all of them.")})
    member = User.objects.select_for_update().get(pk=member.pk)
    before = _faculties_note(member)
    member.all_faculties = all_faculties
    member.save(update_fields=["all_faculties"])
    member.faculties.set([] if all_faculties else faculties)
    after = _faculties_note(member)
    if before != after:
        record_event(member, by=by, action="faculties_changed", note=f"{before} → {after}")
    return member


def _faculties_note(member: User) -> str:
    if member.all_faculties:
        return "all"
    return ", ".join(sorted(member.faculties.values_list("code", flat=True)))


COMPETENCY_FIELDS = ("name", "name_ro", "description", "position", "is_active")


@transaction.atomic
def save_competency(*, by, competency: Competency | None = None, data: dict) -> Competency:
    """Staff add or change a line of the rubric. Names are unique (whatever the case);
    a line is never deleted: taking it out of use leaves it off new evaluations."""
    ensure(by, "internships.moderate")
    competency = competency or Competency()
    created, before = competency.pk is None, snapshot(competency, COMPETENCY_FIELDS)
    for field in COMPETENCY_FIELDS:
        if field in data:
            value = data[field]
            setattr(competency, field, value.strip() if isinstance(value, str) else value)
    if not competency.name:
        raise ServiceError({"name": _("Give the competency a name.")})
    if competency.position is None or competency.position < 0:
        raise ServiceError({"position": _("The position is a number from 0 up.")})
    taken = Competency.objects.filter(name__iexact=competency.name).exclude(pk=competency.pk)
    if taken.exists():
        raise ServiceError({"name": _("A competency with this name is already in the rubric.")})
    try:
        with transaction.atomic():
            competency.save()
    except IntegrityError as error:
        raise ServiceError(
            {"name": _("A competency with this name is already in the rubric.")}
        ) from error
    _record_edit(competency, by=by, before=before, created=created, noun="competency")
    return competency


def _in_order(parties: set) -> dict:
    """The parties reminded, as codes in the order of the agreement (the note's parameters:
    office.notes shows them in the reader's language)."""
    return {"parties": [code for code in AgreementReminder.Party.values if code in parties]}


@transaction.atomic
def remind_missing_parties(*, by, internships) -> paperwork.ReminderPlan:
    """Staff remind every party whose confirmation of a running internship's agreement is
    awaited, among `internships` (a cohort): the student, the host organisation's
    administrators, the academic supervisor (nobody for the university when there is none:
    staff confirm for it themselves). Nobody is reminded about the same agreement twice
    within the reminder interval, so a second click, or a colleague's, sends nothing again."""
    ensure(by, "internships.moderate")
    # A double click waits here for the first to commit, then finds its reminders stored.
    locked = Internship.objects.select_for_update().filter(
        pk__in=paperwork.to_remind(internships).values("pk")
    )
    list(locked.values_list("pk", flat=True))
    now = timezone.now()
    plan = paperwork.reminder_plan(internships, now=now)
    hours = settings.PAPERWORK_REMINDER_INTERVAL_HOURS
    if not plan.due and plan.held_back:
        raise ServiceError(
            ngettext(
                "Everyone whose confirmation is awaited was reminded less than %(hours)d hour "
                "ago, last on %(when)s: nothing was sent again. They can be reminded again "
                "from %(next)s.",
                "Everyone whose confirmation is awaited was reminded less than %(hours)d hours "
                "ago, last on %(when)s: nothing was sent again. They can be reminded again "
                "from %(next)s.",
                hours,
            )
            % {
                "hours": hours,
                "when": paperwork.when(plan.last_sent_at),
                "next": paperwork.when(plan.next_due_at),
            }
        )
    if not plan.due:
        raise ServiceError(
            _(
                "There is no one to remind: every agreement of these internships is confirmed "
                "or recorded on paper, or awaits only the university's confirmation, with no "
                "academic supervisor to remind."
            )
        )
    AgreementReminder.objects.bulk_create(
        [
            AgreementReminder(
                internship=reminder.internship,
                version=reminder.internship.version_number or 0,
                party=reminder.party,
                recipient=reminder.recipient,
                sent_by=by,
                sent_at=now,
            )
            for reminder in plan.due
        ],
        batch_size=500,
    )
    reminded: dict[int, tuple] = {}  # internship id: (the internship, the parties reminded)
    for reminder in plan.due:
        internship = reminder.internship
        if reminder.party == "student":
            kind, params = (
                "agreement_reminder_student",
                {"organisation": internship.organisation.legal_name},
            )
        else:
            kind, params = "agreement_reminder", {"student": internship.student.display_name}
        notify([reminder.recipient], kind, by=by, url=internship.get_absolute_url(), **params)
        reminded.setdefault(internship.pk, (internship, set()))[1].add(reminder.party)
    record_events(
        [
            (internship, by, "agreement_reminded", "", "", "", "parties", _in_order(parties))
            for internship, parties in reminded.values()
        ]
    )
    return plan


MAX_REPORT_QUERY = 2000  # characters of a saved report's filters, as a query string
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _report_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError({"name": _("Give the report a name.")})
    if len(name) > 100 or CONTROL.search(name):
        raise ServiceError({"name": _("Give the report a shorter name, of plain text.")})
    return name


def _check_name_free(*, owner, name: str, report: SavedReport | None = None) -> None:
    # Compared whatever the case, diacritics' capitals too (SQLite's lower() is ASCII only);
    # a person keeps a few dozen reports at most.
    others = SavedReport.objects.filter(owner=owner)
    if report is not None:
        others = others.exclude(pk=report.pk)
    if any(other.casefold() == name.casefold() for other in others.values_list("name", flat=True)):
        raise _report_name_taken(name)


def _report_name_taken(name: str) -> ServiceError:
    return ServiceError({"name": _("You already have a report named “%(name)s”.") % {"name": name}})


def report_settings(*, report: reports.Report, data: QueryDict, by) -> tuple[dict, list]:
    """The filters and chosen columns of a list's URL (`data`), checked as a saved report
    keeps them: ({filter: [values]}, [column keys]). Raises ServiceError, saying what is
    wrong, for filters the list does not know or does not accept, or unknown columns."""
    if len(data.urlencode()) > MAX_REPORT_QUERY:
        raise ServiceError(_("These filters are too long to be saved. Use fewer filters."))
    if any(
        CONTROL.search(key) or any(CONTROL.search(value) for value in values)
        for key, values in data.lists()
    ):
        raise ServiceError(
            _("These filters hold characters that have no place in a list; nothing was saved.")
        )
    unknown = reports.unknown_filters(report, data)
    if unknown:
        raise ServiceError(
            _("The list has no filter named %(names)s; nothing was saved.")
            % {"names": get_text_list([f"“{name[:40]}”" for name in unknown[:5]], _("or"))}
        )
    params = reports.filter_params(report, data)
    stale = reports.stale_filters(report, params, viewer=by)
    if stale:
        raise ServiceError(
            _("These filters were not understood: %(filters)s. Correct them; nothing was saved.")
            % {"filters": ", ".join(stale)}
        )
    columns = reports.chosen_columns(report, data.getlist(reports.COLUMNS_PARAM), viewer=by)
    return params, [column.key for column in columns]


@transaction.atomic
def save_report(
    *, by, report: reports.Report, name: str, data: QueryDict, format: str
) -> SavedReport:
    """A member of staff saves a list (`report`) with the filters, sort order and columns
    of its URL (`data`) and a file format, under a name of their own: names are unique
    per person whatever the case."""
    ensure(by, "internships.moderate")
    params, columns = report_settings(report=report, data=data, by=by)
    name = _report_name(name)
    if format not in SavedReport.Format.values:
        raise ServiceError({"format": _("Choose the file's format.")})
    _check_name_free(owner=by, name=name)
    try:
        # A savepoint: the constraint catches the same name saved a moment ago elsewhere.
        with transaction.atomic():
            return SavedReport.objects.create(
                owner=by,
                name=name,
                list_slug=report.slug,
                params=params,
                columns=columns,
                format=format,
            )
    except IntegrityError:
        raise _report_name_taken(name) from None


@transaction.atomic
def rename_report(*, by, saved_report: SavedReport, name: str) -> SavedReport:
    """The owner gives their report another name (unique among theirs, whatever the case)."""
    ensure(by, "internships.moderate")
    if saved_report.owner_id != by.pk:
        raise ServiceError(_("Only the person who saved a report may rename it."))
    name = _report_name(name)
    _check_name_free(owner=by, name=name, report=saved_report)
    saved_report.name = name
    try:
        with transaction.atomic():
            saved_report.save(update_fields=["name"])
    except IntegrityError:
        raise _report_name_taken(name) from None
    return saved_report


def delete_report(*, by, saved_report: SavedReport) -> None:
    """The owner deletes their report; the lists and their data stay as they are."""
    ensure(by, "internships.moderate")
    if saved_report.owner_id != by.pk:
        raise ServiceError(_("Only the person who saved a report may delete it."))
    saved_report.delete()


def mark_report_downloaded(*, by, saved_report: SavedReport) -> None:
    """Notes when the owner last downloaded the report (shown on their list of reports)."""
    ensure(by, "internships.moderate")
    now = timezone.now()
    SavedReport.objects.filter(pk=saved_report.pk, owner=by).update(last_downloaded_at=now)
    saved_report.last_downloaded_at = now
