from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.queries import university_staff
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from .. import facets
from ..models import Period, Placement

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


def _check_dates(placement: Placement) -> None:
    if placement.ends_on <= placement.starts_on:
        raise ServiceError(_("The end date must come after the start date."))
    if placement.positions < 1:
        raise ServiceError(_("A placement has at least one position."))


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
def create_placement(*, by, organisation, data: dict, programmes, skills=()) -> Placement:
    """A company member writes a placement; it starts as a draft."""
    ensure(by, "internships.manage_placements_of", organisation)
    placement = Placement(
        organisation=organisation,
        created_by=by,
        **{f: data[f] for f in EDITABLE_FIELDS if f in data},
    )
    _check_dates(placement)
    placement.save()
    placement.programmes.set(programmes)
    placement.skills.set(skills)
    record_event(placement, by=by, action="created", new=placement.status)
    return placement


@transaction.atomic
def update_placement(*, placement, by, data: dict, programmes, skills=()) -> Placement:
    """Drafts are edited freely; a submitted or published placement is not rewritten."""
    ensure(by, "internships.manage_placement", placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != S.DRAFT:
        raise ServiceError(_("Only a draft can be edited. Close it and duplicate it instead."))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(placement, field, data[field])
    _check_dates(placement)
    placement.save()
    placement.programmes.set(programmes)
    placement.skills.set(skills)
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
    if settings.VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY and placement.organisation.is_verified:
        return _publish(placement, by=by, action="published")
    transition(placement, moves=MOVES, to=S.SUBMITTED, by=by, action="submitted")
    notify(
        university_staff(),
        "placement_submitted",
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
    """A new draft from an old placement, its dates moved to the newest period."""
    ensure(by, "internships.manage_placement", placement)
    period = period or Period.objects.order_by("-starts_on").first() or placement.period
    shift = period.starts_on - placement.period.starts_on
    copy = Placement(
        organisation=placement.organisation,
        created_by=by,
        duplicated_from=placement,
        **{f: getattr(placement, f) for f in EDITABLE_FIELDS},
    )
    copy.period = period
    copy.starts_on = placement.starts_on + shift
    copy.ends_on = placement.ends_on + shift
    copy.deadline = max(period.applications_close_on, timezone.localdate() + timedelta(days=1))
    copy.save()
    copy.programmes.set(placement.programmes.all())
    copy.skills.set(placement.skills.all())
    record_event(
        copy,
        by=by,
        action="duplicated",
        new=copy.status,
        note=_("Copied from “%(title)s” (%(period)s).")
        % {"title": placement.title, "period": placement.period.name},
    )
    return copy
