"""Publishing one run of a round: its matches become offers through the offer flow, and
the students left unmatched are told (and may be taken into a second round).

Publishing is one transaction under the round's row lock: of two members of staff who
click Publish at once, one publishes and the other is told it was published.
"""

from collections import Counter
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import StudentCV
from core.permissions import ensure
from core.services import ServiceError
from internships.models import Application, Placement
from internships.services import applications as application_services
from notifications.services import notify, notify_many, record_event
from notifications.services import transition as _transition

from ..models import Entry, Match, Round, Run

A = Application.Status
ROUND_MOVES = {Round.Status.OPEN: {Round.Status.PUBLISHED}}
# Publishing offers the placement to the student whatever became of an earlier application
# of theirs to it (the unique application per student and placement is reused).
OFFER_MOVES = {status: {A.OFFERED} for status in A.values if status not in (A.OFFERED, A.ACCEPTED)}


def current_digest(round) -> str:
    """What a run would read now (allocation.instance, alloc-match's)."""
    from ..instance import inputs_digest

    return inputs_digest(round)


def latest_run(round):
    return Run.objects.filter(round=round).order_by("-created_at", "-pk").first()


def _changed_placements(run) -> list[str]:
    """The placements the run placed students on that closed since, or have fewer free
    seats now than the run filled: a cheap account of why the result is out of date."""
    placed = Counter(
        run.matches.filter(placement__isnull=False).values_list("placement_id", flat=True)
    )
    rows = Placement.objects.filter(pk__in=placed).annotate(
        taken=Count("applications", filter=Q(applications__status=A.ACCEPTED))
    )
    changed = []
    for placement in rows.order_by("title", "pk"):
        if placement.status != Placement.Status.PUBLISHED:
            changed.append(_("“%(title)s” closed") % {"title": placement.title})
        elif placement.positions - placement.taken < placed[placement.pk]:
            changed.append(_("“%(title)s” has fewer free seats") % {"title": placement.title})
    return changed


def refusal_to_publish(*, round, run) -> str:
    """Why this run may not be published now ("" when it may), read without locks: the
    confirmation page asks here, and `publish_run` asks again under the round's lock."""
    if run.round_id != round.pk:
        return _("This run belongs to another round.")
    if round.status == Round.Status.PUBLISHED:
        return _("This round has already been published.")
    if round.status != Round.Status.OPEN:
        return _("Only an open round can be published: this one is “%(status)s”.") % {
            "status": round.get_status_display()
        }
    if round.phase != Round.Phase.CLOSED:
        return _("The ranking has not closed yet: publish after the hosts' deadline.")
    if run.status != Run.Status.DONE:
        return _("This run has not finished: publish a run that is done.")
    latest = latest_run(round)
    if latest is not None and latest.pk != run.pk:
        return _("A newer run of this round exists: publish the latest run.")
    if current_digest(round) != run.inputs_digest:
        changed = _changed_placements(run)
        what = (
            "; ".join(changed)
            if changed
            else _("the rankings, the placements' seats or the pins changed since the run")
        )
        return _("The result is out of date: %(what)s. Run the allocation again.") % {"what": what}
    return ""


def offers_count(run) -> tuple[int, int]:
    """(offers publishing makes, students left unmatched)."""
    placed = run.matches.filter(placement__isnull=False).count()
    return placed, run.matches.count() - placed


def result_url(round) -> str:
    return reverse("allocation_student_result", args=[round.pk])


def _cv_content(entry, student_id) -> tuple[bytes, str]:
    """The CV the hosts read in the round (the entry's), or the student's newest CV."""
    for stored, label in (
        (entry.cv if entry else None, entry.cv_label if entry else ""),
        *((cv.file, cv.label) for cv in StudentCV.objects.filter(profile__user_id=student_id)[:1]),
    ):
        if stored:
            try:
                with stored.open("rb") as file:
                    return file.read(), label
            except FileNotFoundError:
                continue
    return b"", ""


def _offer(match, *, existing, entry, round, by) -> Application:
    note = {"note_kind": "allocation_offer", "note_params": {"round": round.name}}
    application = existing
    if application is None:
        content, label = _cv_content(entry, match.student_id)
        application = Application(
            placement=match.placement,
            student=match.student,
            cover_letter=_("Offered through the allocation round “%(round)s”.")
            % {"round": round.name},
            cv_label=label,
            status=A.OFFERED,
            offer_deadline=round.offer_deadline,
        )
        if content:
            application.cv.save("cv.pdf", ContentFile(content), save=False)
        application.save()
        record_event(application, by=by, action="offered", new=A.OFFERED, **note)
    elif application.status == A.OFFERED:
        # An offer the host made already stands; it now answers to the round's deadline
        # when that is later.
        if not application.offer_deadline or application.offer_deadline < round.offer_deadline:
            application.offer_deadline = round.offer_deadline
            application.save(update_fields=["offer_deadline", "updated_at"])
        record_event(application, by=by, action="offered", old=A.OFFERED, new=A.OFFERED, **note)
    else:
        application.offer_deadline = round.offer_deadline
        application_services.transition(
            application,
            moves=OFFER_MOVES,
            to=A.OFFERED,
            by=by,
            action="offered",
            fields=["offer_deadline"],
            **note,
        )
    notify(
        [match.student],
        "offer_made",
        by=by,
        url=application_services.student_url(application),
        placement=match.placement.title,
        deadline=application.offer_deadline.isoformat(),
    )
    return application


def _tell_hosts(offered, *, round, by) -> None:
    """Each company account of a host hears once per placement (not once per student) how
    many offers the round made there, with a link to the placement's applicants. A fixed
    number of queries, however many placements and students."""
    from accounts.models import OrganisationMembership

    offers = Counter(match.placement_id for match in offered)
    if not offers:
        return
    placements = {match.placement_id: match.placement for match in offered}
    members: dict[int, list[int]] = {}
    for user_id, organisation_id in OrganisationMembership.objects.filter(
        organisation_id__in={placements[pk].organisation_id for pk in offers},
        user__is_active=True,
    ).values_list("user_id", "organisation_id"):
        members.setdefault(organisation_id, []).append(user_id)
    actor = getattr(by, "pk", None)
    notify_many(
        (
            user_id,
            "allocation_offers_made",
            {
                "round": round.name,
                "placement": placements[pk].title,
                "count": count,
                "deadline": round.offer_deadline.isoformat(),
            },
            reverse("pipeline", args=[pk]),
        )
        for pk, count in sorted(offers.items())
        for user_id in members.get(placements[pk].organisation_id, [])
        if user_id != actor
    )


@transaction.atomic
def publish_run(*, run, by) -> Round:
    """Staff publish one done run, the latest, of an open round whose ranking has closed,
    if nothing it read has changed: each placed student gets an offer on their placement
    (answered through the usual offer pages by the round's deadline), each unmatched
    student is told, and the round is published."""
    ensure(by, "allocation.publish_round", run.round)
    round = Round.objects.select_for_update(of=("self",)).get(pk=run.round_id)
    run = Run.objects.get(pk=run.pk)
    refusal = refusal_to_publish(round=round, run=run)
    if refusal:
        raise ServiceError(refusal)
    matches = list(run.matches.select_related("student", "placement").order_by("student_id"))
    placed = [match for match in matches if match.placement_id]
    existing = {
        (application.student_id, application.placement_id): application
        for application in Application.objects.select_for_update(of=("self",))
        .filter(
            student_id__in=[match.student_id for match in placed],
            placement_id__in={match.placement_id for match in placed},
        )
        .order_by("pk")
    }
    entries = {entry.student_id: entry for entry in Entry.objects.filter(round=round)}
    offered = []
    for match in placed:
        application = existing.get((match.student_id, match.placement_id))
        if application is not None and application.status == A.ACCEPTED:
            match.application = application  # the seat is theirs already
            continue
        match.application = _offer(
            match, existing=application, entry=entries.get(match.student_id), round=round, by=by
        )
        offered.append(match)
    Match.objects.bulk_update(placed, ["application"], batch_size=500)
    _tell_hosts(offered, round=round, by=by)
    for match in matches:
        if not match.placement_id:
            notify(
                [match.student],
                "allocation_unmatched",
                by=by,
                url=result_url(round),
                round=round.name,
            )
    round.published_run = run
    round.published_at = timezone.now()
    round.published_by = by
    _transition(
        round,
        moves=ROUND_MOVES,
        to=Round.Status.PUBLISHED,
        by=by,
        action="published",
        fields=["published_run", "published_at", "published_by"],
    )
    return round


def unmatched_students(round):
    """The students the round's published run left without a placement (a second round
    takes them)."""
    from accounts.models import User

    if not round.published_run_id:
        return User.objects.none()
    return User.objects.filter(
        allocation_matches__run_id=round.published_run_id,
        allocation_matches__placement__isnull=True,
    )


def refusal_to_start_second_round(round) -> str:
    if round.status != Round.Status.PUBLISHED:
        return _("A second round follows a published round.")
    if round.next_rounds.exclude(status=Round.Status.CANCELLED).exists():
        return _("This round already has a second round.")
    if not unmatched_students(round).exists():
        return _("Every student of this round was placed: there is no one for a second round.")
    return ""


@transaction.atomic
def create_second_round(*, round, by) -> Round:
    """A draft round for the students `round` left unmatched: same period and programmes,
    `previous` set; staff then set its dates and open it."""
    ensure(by, "allocation.publish_round", round)
    round = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
    refusal = refusal_to_start_second_round(round)
    if refusal:
        raise ServiceError(refusal)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    second = Round.objects.create(
        name=_("%(name)s: second round") % {"name": round.name},
        period=round.period,
        previous=round,
        max_choices=round.max_choices,
        students_from=start,
        students_until=start + timedelta(days=7),
        hosts_until=start + timedelta(days=14),
        offer_deadline=start + timedelta(days=21),
        status=Round.Status.DRAFT,
        created_by=by,
    )
    second.programmes.set(round.programmes.all())
    record_event(second, by=by, action="created", new=second.status)
    return second
