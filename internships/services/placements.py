from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.queries import university_staff
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from .. import facets
from ..models import Period, Placement, ScreeningQuestion

S = Placement.Status
MOVES = {
    S.DRAFT: {S.SUBMITTED, S.PUBLISHED, S.ARCHIVED},
    S.SUBMITTED: {S.PUBLISHED, S.DRAFT},
    S.PUBLISHED: {S.CLOSED},
    S.CLOSED: {S.ARCHIVED},
    S.ARCHIVED: set(),
}
EDITABLE_FIELDS = (
    "period",
    "title",
    "description",
    "responsibilities",
    "learning_outcomes",
    "county",
    "city",
    "work_mode",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "positions",
    "is_paid",
    "stipend",
    "deadline",
    "host_tutor",
)


def stipend_problem() -> str:
    """The one message for any stipend that cannot be right: missing, not a number, zero or
    below, more than two decimals, or above the ceiling (PLACEMENT_MAX_STIPEND)."""
    return _(
        "A paid placement needs a monthly stipend above zero and at most %(max)s RON, "
        "written as a number with at most two decimals."
    ) % {"max": formats.number_format(settings.PLACEMENT_MAX_STIPEND, force_grouping=True)}


def _in_period(day, period) -> bool:
    return period.starts_on <= day <= period.ends_on


def placement_problems(values: dict, *, today=None) -> dict[str, str]:
    """What is wrong with a placement's period, dates, positions and stipend, field by field.

    The form shows these beside its fields; the services refuse the same input whoever calls
    them. A value missing from `values` (a field the form already refused) is not checked.
    """
    today = today or timezone.localdate()
    get = values.get
    period, starts_on, ends_on, deadline = (
        get("period"),
        get("starts_on"),
        get("ends_on"),
        get("deadline"),
    )
    problems = {}
    if period is not None and not period.is_open_for_postings:
        problems["period"] = _(
            "Applications for %(period)s closed on %(date)s: choose a period still open for "
            "postings."
        ) % {
            "period": period.display_name,
            "date": formats.date_format(period.applications_close_on),
        }
    window = (
        {
            "period": period.display_name,
            "start": formats.date_format(period.starts_on),
            "end": formats.date_format(period.ends_on),
        }
        if period is not None
        else {}
    )
    if period is not None and starts_on and not _in_period(starts_on, period):
        problems["starts_on"] = (
            _("The internship must start within %(period)s, between %(start)s and %(end)s.")
            % window
        )
    if starts_on and ends_on and ends_on <= starts_on:
        problems["ends_on"] = _("The end date must come after the start date.")
    elif period is not None and ends_on and not _in_period(ends_on, period):
        problems["ends_on"] = (
            _("The internship must end within %(period)s, between %(start)s and %(end)s.") % window
        )
    if deadline:
        if deadline < today:
            problems["deadline"] = _("The application deadline cannot be in the past.")
        elif period is not None and deadline > period.applications_close_on:
            problems["deadline"] = _(
                "Applications for %(period)s close on %(date)s: the deadline cannot be later."
            ) % {
                "period": period.display_name,
                "date": formats.date_format(period.applications_close_on),
            }
        elif starts_on and deadline >= starts_on:
            problems["deadline"] = _("The application deadline must come before the start date.")
    positions = get("positions")
    if positions is not None and not 1 <= positions <= settings.PLACEMENT_MAX_POSITIONS:
        problems["positions"] = (
            _("A placement has at least one position.")
            if positions < 1
            else _("A placement has at most %(max)d positions.")
            % {"max": settings.PLACEMENT_MAX_POSITIONS}
        )
    if get("is_paid") and not stipend_is_sane(get("stipend")):
        problems["stipend"] = stipend_problem()
    return problems


def stipend_is_sane(stipend) -> bool:
    return (
        isinstance(stipend, Decimal | int)
        and Decimal(stipend).is_finite()
        and 0 < stipend <= settings.PLACEMENT_MAX_STIPEND
        and Decimal(stipend) == Decimal(stipend).quantize(Decimal("0.01"))
    )


def _check_placement(placement: Placement) -> None:
    """The service's own guard: the same rules as the form, whoever calls it."""
    values = {f: getattr(placement, f) for f in EDITABLE_FIELDS}
    if not placement.is_paid:
        placement.stipend = None
    problems = placement_problems(values)
    if problems:
        raise ServiceError(problems)


def _check_publishable(placement: Placement) -> None:
    if placement.organisation.status != Organisation.Status.VERIFIED:
        raise ServiceError(
            _(
                "Only a verified organisation can publish placements. The internship office "
                "verifies the organisation first."
            )
        )
    if placement.deadline < timezone.localdate():
        raise ServiceError(_("The application deadline has passed: set a new one first."))


def public_pages_changed() -> None:
    """What the public sees changed: the search's facet counts and the public figures are
    counted again once the transaction commits."""
    transaction.on_commit(facets.invalidate)


def members_of(organisation):
    """The organisation's company accounts: they hear about its placements and applicants."""
    return User.objects.filter(membership__organisation=organisation, is_active=True)


@transaction.atomic
def create_placement(
    *, by, organisation, data: dict, programmes, skills=(), questions=None
) -> Placement:
    """A company member writes a placement, with its screening questions; it starts as a
    draft."""
    ensure(by, "internships.manage_placements_of", organisation)
    placement = Placement(
        organisation=organisation,
        created_by=by,
        **{f: data[f] for f in EDITABLE_FIELDS if f in data},
    )
    _check_placement(placement)
    placement.save()
    placement.programmes.set(programmes)
    placement.skills.set(skills)
    _set_questions(placement, questions or [])
    record_event(placement, by=by, action="created", new=placement.status)
    return placement


def _set_questions(placement, questions: list[dict]) -> None:
    """At most settings.PLACEMENT_MAX_QUESTIONS questions, each with a text and an answer
    length between 20 and 3000 characters; they replace the previous ones (answers already
    given keep the question's text)."""
    if len(questions) > settings.PLACEMENT_MAX_QUESTIONS:
        raise ServiceError(
            _("Ask at most %(count)d questions.") % {"count": settings.PLACEMENT_MAX_QUESTIONS}
        )
    rows = []
    for position, question in enumerate(questions):
        text, length = question["text"].strip(), question.get("max_length") or 500
        if not text:
            continue
        if not 20 <= length <= 3000:
            raise ServiceError(_("Allow between 20 and 3000 characters for an answer."))
        rows.append(
            ScreeningQuestion(
                placement=placement,
                text=text,
                required=bool(question.get("required")),
                max_length=length,
                position=position,
            )
        )
    placement.questions.all().delete()
    ScreeningQuestion.objects.bulk_create(rows)


@transaction.atomic
def update_placement(
    *, placement, by, data: dict, programmes, skills=(), questions=None
) -> Placement:
    """Drafts are edited freely; a submitted or published placement is not rewritten.
    `questions` (None: unchanged) replace its screening questions."""
    ensure(by, "internships.manage_placement", placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != S.DRAFT:
        raise ServiceError(_("Only a draft can be edited. Close it and duplicate it instead."))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(placement, field, data[field])
    _check_placement(placement)
    placement.save()
    placement.programmes.set(programmes)
    placement.skills.set(skills)
    if questions is not None:
        _set_questions(placement, questions)
    record_event(placement, by=by, action="edited")
    return placement


@transaction.atomic
def submit_placement(*, placement, by) -> Placement:
    """Staff review every placement, unless verified organisations may publish directly."""
    ensure(by, "internships.manage_placement", placement)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=placement.pk)
    )
    if placement.status != S.DRAFT:
        raise ServiceError(_("Only a draft can be submitted."))
    if placement.deadline < timezone.localdate():
        raise ServiceError(_("The application deadline has passed: set a new one first."))
    _check_placement(placement)
    if settings.VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY and placement.organisation.is_verified:
        return _publish(placement, by=by, action="published")
    transition(placement, moves=MOVES, to=S.SUBMITTED, by=by, action="submitted")
    notify(
        university_staff(),
        "placement_submitted",
        by=by,
        url=placement.get_absolute_url(),
        placement=placement.title,
        organisation=placement.organisation.legal_name,
    )
    return placement


@transaction.atomic
def withdraw_submission(*, placement, by) -> Placement:
    """The organisation takes a placement awaiting approval back to its draft, to change it;
    the internship office no longer has it to review."""
    ensure(by, "internships.manage_placement", placement)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=placement.pk)
    )
    if placement.status != S.SUBMITTED:
        raise ServiceError(_("Only a placement awaiting approval can be taken back to draft."))
    transition(placement, moves=MOVES, to=S.DRAFT, by=by, action="withdrawn")
    notify(
        university_staff(),
        "placement_withdrawn",
        url=placement.get_absolute_url(),
        placement=placement.title,
        organisation=placement.organisation.legal_name,
    )
    return placement


def _publish(placement, *, by, action, note=""):
    _check_publishable(placement)
    placement.published_at = placement.published_at or timezone.now()
    placement.review_comment = ""
    transition(
        placement,
        moves=MOVES,
        to=S.PUBLISHED,
        by=by,
        action=action,
        note=note,
        fields=["published_at", "review_comment"],
    )
    public_pages_changed()
    notify(
        members_of(placement.organisation),
        "placement_published",
        by=by,
        url=placement.get_absolute_url(),
        placement=placement.title,
    )
    return placement


@transaction.atomic
def approve_placement(*, placement, by, comment: str = "") -> Placement:
    """Staff publish a submitted placement of a verified organisation."""
    ensure(by, "internships.moderate")
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=placement.pk)
    )
    if placement.status != S.SUBMITTED:
        raise ServiceError(_("Only a placement awaiting approval can be approved."))
    return _publish(placement, by=by, action="approved", note=comment)


@transaction.atomic
def return_placement(*, placement, by, comment: str) -> Placement:
    """Staff send a submitted placement back to its draft, saying what to change."""
    ensure(by, "internships.moderate")
    if not comment.strip():
        raise ServiceError(_("Say what should change, so the organisation can fix it."))
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=placement.pk)
    )
    if placement.status != S.SUBMITTED:
        raise ServiceError(_("Only a placement awaiting approval can be returned."))
    placement.review_comment = comment.strip()
    transition(
        placement,
        moves=MOVES,
        to=S.DRAFT,
        by=by,
        action="returned",
        note=comment,
        fields=["review_comment"],
    )
    notify(
        members_of(placement.organisation),
        "placement_returned",
        by=by,
        url=placement.get_absolute_url(),
        placement=placement.title,
        comment=comment.strip(),
    )
    return placement


@transaction.atomic
def archive_placement(*, placement, by) -> Placement:
    ensure(by, "internships.manage_placement", placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    transition(placement, moves=MOVES, to=S.ARCHIVED, by=by, action="archived")
    public_pages_changed()
    return placement


@transaction.atomic
def duplicate_placement(*, placement, by, period: Period | None = None) -> Placement:
    """A new draft from an old placement, its dates moved to the newest period still open
    for postings (or the placement's own), kept inside that period, with a deadline that
    keeps the rules of the form; submitting it checks them all again."""
    ensure(by, "internships.manage_placement", placement)
    period = (
        period or Period.objects.open_for_postings().order_by("-starts_on").first()
    ) or placement.period
    shift = period.starts_on - placement.period.starts_on
    copy = Placement(
        organisation=placement.organisation,
        created_by=by,
        duplicated_from=placement,
        **{f: getattr(placement, f) for f in EDITABLE_FIELDS},
    )
    copy.period = period
    copy.starts_on = min(max(placement.starts_on + shift, period.starts_on), period.ends_on)
    copy.ends_on = max(min(placement.ends_on + shift, period.ends_on), copy.starts_on)
    copy.deadline = max(
        min(period.applications_close_on, copy.starts_on - timedelta(days=1)),
        timezone.localdate(),
    )
    copy.positions = min(copy.positions, settings.PLACEMENT_MAX_POSITIONS)
    copy.save()
    copy.programmes.set(placement.programmes.all())
    copy.skills.set(placement.skills.all())
    _set_questions(
        copy,
        [
            {"text": q.text, "required": q.required, "max_length": q.max_length}
            for q in placement.questions.all()
        ],
    )
    record_event(
        copy,
        by=by,
        action="duplicated",
        new=copy.status,
        note_kind="copied_from",
        note_params={"title": placement.title, "period": placement.period.name},
    )
    return copy
