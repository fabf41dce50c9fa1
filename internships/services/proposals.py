"""A placement the student found (a proposal), and an internship staff record directly.

The student proposes an internship at a host they found; staff, or the academic supervisor
the student chose when the period leaves it to the supervisor, approve it or return it with
a comment. Approval makes the Internship as accepting an offer does, with its agreement, and
invites the host's people by e-mail: the host tutor, whose account is made from the link
(and who then becomes the internship's tutor), and the legal representative of a new host,
who confirms the agreement for it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.emails import normalise_email
from accounts.models import Invitation, Organisation, Role, User
from accounts.queries import staff_of_student
from accounts.services import invite_for_internship
from accounts.validators import normalise_cui
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event, transition

from ..models import Application, Internship, MentorAssignment, Period, Proposal
from . import applications
from .agreements import agreement_of, ask_host_to_confirm, record_paper_agreement
from .applications import MOVES as APPLICATION_MOVES
from .applications import company_url, open_applications_of
from .assignments import assign_mentor
from .placements import members_of
from .proposal_checks import (
    NEW_HOST_FIELDS,
    PROPOSAL_FIELDS,
    RUNNING,
    TERM_FIELDS,
    account_of,
    email_is_taken,
    holds_internship_in,
    is_supervisor,
    is_tutor_of,
    proposal_problems,
    term_problems,
)

S = Proposal.Status
MOVES = {
    S.SUBMITTED: {S.RETURNED, S.APPROVED, S.WITHDRAWN},
    S.RETURNED: {S.SUBMITTED, S.WITHDRAWN},
    S.APPROVED: set(),
    S.WITHDRAWN: set(),
}


def _check(proposal: Proposal) -> None:
    values = {field: getattr(proposal, field) for field in PROPOSAL_FIELDS}
    problems = proposal_problems(values, student=proposal.student, proposal=proposal)
    if problems:
        raise ServiceError(problems)


def _fill(proposal: Proposal, data: dict) -> None:
    for field in PROPOSAL_FIELDS:
        if field in data:
            setattr(proposal, field, data[field])
    proposal.tutor_email = normalise_email(proposal.tutor_email or "")
    proposal.legal_representative_email = normalise_email(proposal.legal_representative_email or "")
    if proposal.organisation_id:  # an existing host is described by its own record
        for field in NEW_HOST_FIELDS:
            setattr(proposal, field, None if field in ("org_county", "org_sector") else "")
    else:
        proposal.org_registration_number = normalise_cui(proposal.org_registration_number)
        proposal.org_legal_name = proposal.org_legal_name.strip()


def _reviewers(proposal: Proposal):
    if (
        proposal.period.proposals_reviewed_by == Period.ProposalReviewer.SUPERVISOR
        and proposal.academic_supervisor_id
    ):
        return [proposal.academic_supervisor]
    return staff_of_student(proposal.student)


def _tell_reviewers(proposal: Proposal, *, by, kind: str) -> None:
    notify(
        _reviewers(proposal),
        kind,
        by=by,
        url=proposal.get_absolute_url(),
        student=proposal.student.display_name,
        organisation=proposal.host_name,
    )


def _lock_student(student) -> None:
    """The student's row first, as accepting an offer takes it: two proposals of one
    student, or a proposal approved while an offer is accepted, queue here."""
    User.objects.select_for_update(no_key=True).get(pk=student.pk)


def _locked(proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("period", "organisation", "academic_supervisor", "student")
        .get(pk=proposal.pk)
    )


# The student's side ---------------------------------------------------------------------


@transaction.atomic
def submit_proposal(*, by, data: dict) -> Proposal:
    """A student proposes an internship at a host they found, for a period in which they
    hold no internship and have no other proposal awaiting an answer."""
    ensure(by, "internships.propose")
    _lock_student(by)
    proposal = Proposal(student=by)
    _fill(proposal, data)
    _check(proposal)
    proposal.save()
    record_event(proposal, by=by, action="proposed", new=proposal.status)
    _tell_reviewers(proposal, by=by, kind="proposal_submitted")
    return proposal


@transaction.atomic
def update_proposal(*, proposal, by, data: dict) -> Proposal:
    """The student changes a proposal returned to them, and it awaits approval again; an
    approved or withdrawn proposal is never changed."""
    ensure(by, "internships.change_proposal", proposal)
    _lock_student(by)
    proposal = _locked(proposal)
    if proposal.status == S.APPROVED:
        raise ServiceError(
            _("An approved proposal is not changed: its internship and agreement now hold it.")
        )
    if proposal.status != S.RETURNED:
        raise ServiceError(_("Only a proposal returned for changes can be edited."))
    before = {field: str(getattr(proposal, field) or "") for field in PROPOSAL_FIELDS}
    _fill(proposal, data)
    _check(proposal)
    proposal.save()
    after = {field: str(getattr(proposal, field) or "") for field in PROPOSAL_FIELDS}
    changed = ", ".join(field for field in PROPOSAL_FIELDS if before[field] != after[field])
    transition(proposal, moves=MOVES, to=S.SUBMITTED, by=by, action="resubmitted", note=changed)
    _tell_reviewers(proposal, by=by, kind="proposal_resubmitted")
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal, by) -> Proposal:
    """The student takes back a proposal still awaiting an answer or returned to them."""
    ensure(by, "internships.change_proposal", proposal)
    proposal = _locked(proposal)
    if not proposal.is_open:
        raise ServiceError(_("Only a proposal awaiting an answer can be withdrawn."))
    was_waiting = proposal.status == S.SUBMITTED
    transition(proposal, moves=MOVES, to=S.WITHDRAWN, by=by, action="withdrawn")
    if was_waiting:
        _tell_reviewers(proposal, by=by, kind="proposal_withdrawn")
    return proposal


# The reviewer's side --------------------------------------------------------------------


@transaction.atomic
def return_proposal(*, proposal, by, comment: str) -> Proposal:
    """The reviewer sends a proposal back to the student, saying what to change."""
    ensure(by, "internships.review_proposal", proposal)
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError(_("Say what should change, so the student can fix it."))
    proposal = _locked(proposal)
    if proposal.status != S.SUBMITTED:
        raise ServiceError(_("Only a proposal awaiting approval can be returned."))
    proposal.review_comment = comment
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    transition(
        proposal,
        moves=MOVES,
        to=S.RETURNED,
        by=by,
        action="returned",
        note=comment,
        fields=["review_comment", "reviewed_by", "reviewed_at"],
    )
    notify(
        [proposal.student],
        "proposal_returned",
        by=by,
        url=proposal.get_absolute_url(),
        organisation=proposal.host_name,
        comment=comment,
    )
    return proposal


@transaction.atomic
def approve_proposal(*, proposal, by, comment: str = "") -> Proposal:
    """The reviewer approves: in one transaction, with the proposal's row locked, the host is
    created if new (awaiting verification), the internship is made with its agreement and
    its supervisor, and the host's people are invited (or, already on Practica, told).

    Every rule of submission is checked again: a CUI registered meanwhile, an internship the
    student accepted meanwhile, refuse it.
    """
    ensure(by, "internships.review_proposal", proposal)
    _lock_student(proposal.student)
    proposal = _locked(proposal)
    if proposal.status != S.SUBMITTED:
        raise ServiceError(_("Only a proposal awaiting approval can be approved."))
    problems = proposal_problems(
        {field: getattr(proposal, field) for field in PROPOSAL_FIELDS},
        student=proposal.student,
        proposal=proposal,
    )
    if problems:
        raise ServiceError(
            " ".join(problems.values())
            + " "
            + _("Return the proposal to the student with a comment instead.")
        )
    tutor = account_of(proposal.tutor_email)
    existing_tutor = tutor if is_tutor_of(tutor, proposal.organisation_id) else None
    if existing_tutor is None and email_is_taken(proposal.tutor_email):
        raise ServiceError(
            _(
                "The host tutor's e-mail address belongs to an account that cannot tutor at "
                "this host. Return the proposal asking for the tutor's own work address."
            )
        )
    is_new_host = proposal.organisation_id is None
    organisation = proposal.organisation or _create_host(proposal, by=by)
    internship = _create_internship(
        student=proposal.student,
        organisation=organisation,
        period=proposal.period,
        source=Internship.Source.PROPOSAL,
        terms={field: getattr(proposal, field) for field in TERM_FIELDS},
        by=by,
        note_kind="approved_from_proposal",
    )
    if proposal.academic_supervisor_id:
        assign_mentor(
            internship,
            mentor=proposal.academic_supervisor,
            kind=MentorAssignment.Kind.SUPERVISOR,
            by=by,
        )
    _bring_tutor(
        internship,
        tutor=existing_tutor,
        email=proposal.tutor_email,
        first_name=proposal.tutor_first_name,
        last_name=proposal.tutor_last_name,
        by=by,
    )
    if is_new_host:
        first, _space, last = proposal.legal_representative.strip().rpartition(" ")
        invite_for_internship(
            by=by,
            email=proposal.legal_representative_email,
            kind=Invitation.Kind.ORG_ADMIN,
            organisation=organisation,
            first_name=first or last,
            last_name=last if first else "",
        )
    else:
        ask_host_to_confirm(internship, by=by)
    proposal.internship = internship
    proposal.review_comment = (comment or "").strip()
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    transition(
        proposal,
        moves=MOVES,
        to=S.APPROVED,
        by=by,
        action="approved",
        note=proposal.review_comment,
        fields=["internship", "review_comment", "reviewed_by", "reviewed_at"],
    )
    notify(
        [proposal.student],
        "proposal_approved",
        by=by,
        url=internship.get_absolute_url(),
        organisation=organisation.legal_name,
    )
    return proposal


def _create_host(proposal: Proposal, *, by) -> Organisation:
    """The new host of an approved proposal, awaiting verification like one that signed up."""
    organisation = Organisation.objects.create(
        legal_name=proposal.org_legal_name,
        registration_number=normalise_cui(proposal.org_registration_number),
        sector=proposal.org_sector,
        county=proposal.org_county,
        city=proposal.org_city,
        address=proposal.org_address,
        phone=proposal.org_phone,
        legal_representative=proposal.legal_representative,
        legal_representative_function=proposal.legal_representative_function,
        contact_name=proposal.contact_name,
        contact_email=proposal.contact_email,
        created_by=by,
    )
    record_event(
        organisation,
        by=by,
        action="organisation_added_from_proposal",
        new=organisation.status,
        note=f"{organisation.legal_name} ({organisation.registration_number})",
    )
    return organisation


def _create_internship(*, student, organisation, period, source, terms: dict, by, note_kind: str):
    """The internship, its agreement, and the student's other open applications of the
    period ended (as accepting an offer ends them)."""
    internship = Internship.objects.create(
        source=source,
        student=student,
        organisation=organisation,
        period=period,
        required_hours=period.required_hours,
        **terms,
    )
    record_event(internship, by=by, action="created", new=internship.status, note_kind=note_kind)
    agreement_of(internship)
    _end_open_applications(student, period, by=by)
    return internship


def _end_open_applications(student, period, *, by) -> None:
    others = (
        open_applications_of(student, period)
        .select_for_update(of=("self",))
        .select_related("placement__organisation")
        .order_by("pk")
    )
    for application in others:
        applications.transition(
            application,
            moves=APPLICATION_MOVES,
            to=Application.Status.WITHDRAWN,
            by=by,
            action="withdrawn",
            note_kind="withdrawn_internship_held",
        )
        notify(
            members_of(application.placement.organisation),
            "application_withdrawn",
            url=company_url(application),
            student=student.display_name,
            placement=application.placement.title,
        )


def _bring_tutor(internship, *, tutor, email, first_name, last_name, by) -> None:
    """A tutor already of the host is assigned (and told); anyone else is invited, and
    becomes the tutor when their account is made from the link."""
    if tutor is not None:
        assign_mentor(internship, mentor=tutor, kind=MentorAssignment.Kind.HOST_TUTOR, by=by)
        return
    invitation = invite_for_internship(
        by=by,
        email=email,
        kind=Invitation.Kind.HOST_TUTOR,
        organisation=internship.organisation,
        first_name=first_name,
        last_name=last_name,
    )
    internship.tutor_invitation = invitation
    internship.save(update_fields=["tutor_invitation", "updated_at"])
    record_event(internship, by=by, action="host_tutor_invited", note=email)


# Recorded by staff ----------------------------------------------------------------------


@transaction.atomic
def record_internship(
    *,
    by,
    student,
    organisation,
    period,
    terms: dict,
    tutor_email: str,
    tutor_first_name: str = "",
    tutor_last_name: str = "",
    supervisor=None,
    scan=None,
) -> Internship:
    """Staff record an internship made outside Practica (an agreement signed on paper): the
    student, an existing host, the terms, the tutor (a mentor of the host, or invited by
    e-mail), the supervisor, and optionally the scan of the signed paper."""
    ensure(by, "internships.record_internship")
    if not (student.is_active and student.role == Role.STUDENT):
        raise ServiceError({"student": _("Choose an active student account.")})
    _lock_student(student)
    problems = term_problems({"period": period, **terms})
    if holds_internship_in(student, period):
        problems["student"] = _("%(student)s already holds an internship in %(period)s.") % {
            "student": student.display_name,
            "period": period.display_name,
        }
    if organisation.status == Organisation.Status.SUSPENDED:
        problems["organisation"] = _(
            "%(organisation)s is suspended: the internship office does not place students "
            "there now."
        ) % {"organisation": organisation.legal_name}
    if supervisor is not None and not is_supervisor(supervisor):
        problems["supervisor"] = _("Choose an academic supervisor of the university.")
    tutor = account_of(tutor_email)
    existing_tutor = tutor if is_tutor_of(tutor, organisation.pk) else None
    if existing_tutor is None and email_is_taken(tutor_email):
        problems["tutor_email"] = _(
            "This address belongs to an account that is not a host tutor of %(organisation)s."
        ) % {"organisation": organisation.legal_name}
    if problems:
        raise ServiceError(problems)
    internship = _create_internship(
        student=student,
        organisation=organisation,
        period=period,
        source=Internship.Source.RECORDED,
        terms=terms,
        by=by,
        note_kind="recorded_by_office",
    )
    if supervisor is not None:
        assign_mentor(internship, mentor=supervisor, kind=MentorAssignment.Kind.SUPERVISOR, by=by)
    _bring_tutor(
        internship,
        tutor=existing_tutor,
        email=tutor_email,
        first_name=tutor_first_name,
        last_name=tutor_last_name,
        by=by,
    )
    if scan is not None:
        record_paper_agreement(internship=internship, by=by, scan=scan)
    notify(
        [student],
        "internship_recorded",
        by=by,
        url=internship.get_absolute_url(),
        organisation=organisation.legal_name,
    )
    ask_host_to_confirm(internship, by=by)
    return internship


# The invited tutor joins ----------------------------------------------------------------


@transaction.atomic
def assign_invited_tutor(*, invitation, user) -> list[Internship]:
    """A person invited as host tutor has made their account from the link: they become the
    tutor of the running internships at that host they were invited for (by any invitation
    to their address, an earlier one replaced by a newer included), and each student is told.
    """
    if invitation.kind != Invitation.Kind.HOST_TUTOR:
        return []
    waiting = list(
        Internship.objects.select_for_update(of=("self",))
        .select_related("student")
        .filter(
            organisation_id=invitation.organisation_id,
            host_tutor__isnull=True,
            tutor_invitation__email__iexact=invitation.email,
            status__in=RUNNING,
        )
        .order_by("pk")
    )
    for internship in waiting:
        assign_mentor(internship, mentor=user, kind=MentorAssignment.Kind.HOST_TUTOR, by=user)
        notify(
            [internship.student],
            "host_tutor_joined",
            by=user,
            url=internship.get_absolute_url(),
            tutor=user.display_name,
        )
    return waiting
