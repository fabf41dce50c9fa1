"""The services of a placement the student found: proposing, changing, withdrawing,
returning and approving, and the invited host tutor joining."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from accounts import services as account_services
from accounts.models import County, Invitation, MentorProfile, Organisation, Sector
from core.services import ServiceError
from internships.models import Agreement, Internship, Period, Proposal
from internships.services import proposals as services
from notifications.models import Event, Notification
from tests import factories


def new_host_data(period, **changes) -> dict:
    """A proposal at a host not yet on Practica, every field filled as a student would."""
    data = {
        "period": period,
        "organisation": None,
        "org_legal_name": "Atelierul de Cod Turda SRL",
        "org_registration_number": factories.valid_cui(9001),
        "org_county": County.objects.get(code="CJ"),
        "org_city": "Turda",
        "org_address": "Str. Republicii 12",
        "org_sector": Sector.objects.first(),
        "org_phone": "0264 111 222",
        "legal_representative": "Mihai Rusu",
        "legal_representative_function": "Administrator",
        "legal_representative_email": "mihai.rusu@atelierul.ro",
        "contact_name": "",
        "contact_email": "",
        "tutor_first_name": "Ana",
        "tutor_last_name": "Mureșan",
        "tutor_position": "Senior developer",
        "tutor_email": "ana.muresan@atelierul.ro",
        "tutor_phone": "",
        "title": "Junior web developer",
        "starts_on": period.starts_on,
        "ends_on": period.starts_on + timedelta(days=50),
        "hours_per_week": 20,
        "schedule": "Monday to Friday, 9:00 to 13:00",
        "county": County.objects.get(code="CJ"),
        "city": "Turda",
        "place": "Str. Republicii 12",
        "work_mode": "on_site",
        "activities": "Build the shop's web pages.",
        "competences": "HTML, Django",
        "academic_supervisor": None,
    }
    data.update(changes)
    return data


def existing_host_data(period, organisation, **changes) -> dict:
    return new_host_data(period, organisation=organisation, **changes)


@pytest.fixture
def proposal(student, period):
    return services.submit_proposal(by=student, data=new_host_data(period))


def problems_of(error: ServiceError) -> dict:
    return {field: " ".join(errors) for field, errors in error.message_dict.items()}


# Proposing --------------------------------------------------------------------------------


def test_a_student_proposes_an_internship_at_a_new_host(student, period, staff):
    proposal = services.submit_proposal(by=student, data=new_host_data(period))

    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.organisation is None and proposal.org_legal_name.startswith("Atelierul")
    assert Event.objects.filter(object_id=proposal.pk, action="proposed").exists()
    assert Notification.objects.filter(recipient=staff, kind="proposal_submitted").exists()


def test_a_student_proposes_at_an_organisation_already_on_practica(student, period, organisation):
    proposal = services.submit_proposal(by=student, data=existing_host_data(period, organisation))

    assert proposal.organisation == organisation
    assert proposal.org_legal_name == "" and proposal.legal_representative_email == ""


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("org_registration_number", "12345678", "not a valid Romanian registration code"),
        ("hours_per_week", 41, "between 1 and 40"),
        ("hours_per_week", 0, "between 1 and 40"),
    ],
)
def test_bad_values_are_refused_beside_their_field(student, period, field, value, message):
    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=new_host_data(period, **{field: value}))

    assert message in problems_of(refusal.value)[field]
    assert not Proposal.objects.exists()


def test_dates_outside_the_period_are_refused(student, period):
    data = new_host_data(
        period,
        starts_on=period.starts_on - timedelta(days=1),
        ends_on=period.ends_on + timedelta(days=1),
    )

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    problems = problems_of(refusal.value)
    assert "must start within" in problems["starts_on"]
    assert "must end within" in problems["ends_on"]


def test_an_end_before_the_start_is_refused(student, period):
    data = new_host_data(period, ends_on=period.starts_on - timedelta(days=1))

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    assert "after the start date" in problems_of(refusal.value)["ends_on"]


def test_a_new_host_with_a_cui_already_on_practica_is_offered_the_match(
    student, period, organisation
):
    data = new_host_data(period, org_registration_number=organisation.registration_number)

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    assert (
        f"Did you mean {organisation.legal_name}"
        in problems_of(refusal.value)["org_registration_number"]
    )


@pytest.mark.parametrize("spelling", ["CODEAZA SOMES S.R.L.", "SC Someș Codează", "codeaza somes"])
def test_a_new_host_whose_name_folds_to_an_existing_one_is_offered_the_match(
    student, period, organisation, spelling
):
    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=new_host_data(period, org_legal_name=spelling))

    assert "Did you mean Codează Someș SRL" in problems_of(refusal.value)["org_legal_name"]
    assert not Proposal.objects.exists()


def test_a_tutor_email_of_a_student_account_is_refused(student, other_student, period):
    data = new_host_data(period, tutor_email=other_student.email.upper())

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    assert "belongs to a student" in problems_of(refusal.value)["tutor_email"]


def test_the_tutor_and_the_legal_representative_need_their_own_addresses(student, period):
    data = new_host_data(period, legal_representative_email="ana.muresan@atelierul.ro")

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    assert "own e-mail" in problems_of(refusal.value)["legal_representative_email"]


@pytest.mark.parametrize("whose", ["student", "company_admin"])
def test_a_representative_email_of_an_existing_account_is_refused(
    student, company_admin, period, whose
):
    owner = {"student": student, "company_admin": company_admin}[whose]
    data = new_host_data(period, legal_representative_email=owner.email.upper())

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    assert (
        "already belongs to an account" in problems_of(refusal.value)["legal_representative_email"]
    )


def test_approval_checks_again_a_representative_who_got_an_account_meanwhile(
    student, staff, proposal
):
    factories.UserFactory(email=proposal.legal_representative_email)

    with pytest.raises(ServiceError, match="already belongs to an account"):
        services.approve_proposal(proposal=proposal, by=staff)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and not Internship.objects.exists()


def test_a_student_with_an_internship_in_the_period_cannot_propose(internship):
    data = new_host_data(internship.period)

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=internship.student, data=data)

    assert "already hold an internship" in problems_of(refusal.value)["period"]


def test_a_student_with_an_open_proposal_in_the_period_cannot_propose_another(
    student, period, proposal
):
    data = new_host_data(period, org_legal_name="Alta Firma SRL")
    data["org_registration_number"] = factories.valid_cui(9002)

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=data)

    assert "awaits an answer" in problems_of(refusal.value)["period"]
    assert Proposal.objects.count() == 1


def test_a_suspended_host_is_refused(student, period, organisation):
    organisation.status = Organisation.Status.SUSPENDED
    organisation.save()

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=existing_host_data(period, organisation))

    assert "suspended" in problems_of(refusal.value)["organisation"]


def test_the_supervisor_is_required_when_the_period_leaves_approval_to_them(student, period):
    period.proposals_reviewed_by = Period.ProposalReviewer.SUPERVISOR
    period.save()

    with pytest.raises(ServiceError) as refusal:
        services.submit_proposal(by=student, data=new_host_data(period))

    assert "academic supervisor approves" in problems_of(refusal.value)["academic_supervisor"]


def test_only_a_student_proposes(staff, period):
    with pytest.raises(PermissionDenied):
        services.submit_proposal(by=staff, data=new_host_data(period))


# Changing and withdrawing -----------------------------------------------------------------


def test_a_returned_proposal_is_changed_and_awaits_approval_again(student, staff, proposal):
    services.return_proposal(proposal=proposal, by=staff, comment="Give the tutor's phone.")

    changed = services.update_proposal(
        proposal=proposal, by=student, data=new_host_data(proposal.period, tutor_phone="0722 1")
    )

    assert changed.status == Proposal.Status.SUBMITTED and changed.tutor_phone == "0722 1"
    event = Event.objects.get(object_id=proposal.pk, action="resubmitted")
    assert (event.from_status, event.to_status, event.note) == (
        "returned",
        "submitted",
        "tutor_phone",
    )


def test_a_proposal_awaiting_approval_is_not_edited(student, proposal):
    with pytest.raises(ServiceError, match="returned for changes"):
        services.update_proposal(proposal=proposal, by=student, data={"title": "Other"})


def test_a_proposal_is_never_edited_after_approval(student, staff, proposal):
    services.approve_proposal(proposal=proposal, by=staff)

    with pytest.raises(ServiceError, match="approved proposal is not changed"):
        services.update_proposal(proposal=proposal, by=student, data={"title": "Other"})

    proposal.refresh_from_db()
    assert proposal.title == "Junior web developer"


def test_another_student_cannot_change_or_withdraw_it(other_student, proposal):
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(proposal=proposal, by=other_student)
    with pytest.raises(PermissionDenied):
        services.update_proposal(proposal=proposal, by=other_student, data={})


def test_withdrawing_an_open_proposal_tells_the_reviewers(student, staff, proposal):
    services.withdraw_proposal(proposal=proposal, by=student)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert Notification.objects.filter(recipient=staff, kind="proposal_withdrawn").exists()
    with pytest.raises(ServiceError):
        services.withdraw_proposal(proposal=proposal, by=student)


# Reviewing ----------------------------------------------------------------------------------


def test_returning_needs_a_comment(staff, proposal):
    with pytest.raises(ServiceError, match="Say what should change"):
        services.return_proposal(proposal=proposal, by=staff, comment="  ")

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_returning_tells_the_student_the_comment(student, staff, proposal):
    services.return_proposal(proposal=proposal, by=staff, comment="Which building?")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_comment, proposal.reviewed_by) == (
        "returned",
        "Which building?",
        staff,
    )
    notice = Notification.objects.get(recipient=student, kind="proposal_returned")
    assert "Which building?" in notice.text


def test_approval_makes_the_host_the_internship_its_agreement_and_the_invitations(
    student, staff, supervisor, period, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = services.submit_proposal(
        by=student, data=new_host_data(period, academic_supervisor=supervisor)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_proposal(proposal=proposal, by=staff, comment="Good luck")

    proposal.refresh_from_db()
    internship = proposal.internship
    organisation = internship.organisation
    assert proposal.status == Proposal.Status.APPROVED
    assert (organisation.status, organisation.legal_representative) == ("pending", "Mihai Rusu")
    assert organisation.legal_representative_function == "Administrator"
    assert internship.source == Internship.Source.PROPOSAL
    assert internship.placement is None and internship.application is None
    assert (internship.title, internship.hours_per_week, internship.place) == (
        "Junior web developer",
        20,
        "Str. Republicii 12",
    )
    assert internship.required_hours == period.required_hours
    assert internship.academic_supervisor == supervisor and internship.host_tutor is None
    assert Agreement.objects.filter(internship=internship).exists()
    invitations = {i.kind: i for i in Invitation.objects.filter(organisation=organisation)}
    assert invitations["host_tutor"].email == "ana.muresan@atelierul.ro"
    assert invitations["org_admin"].email == "mihai.rusu@atelierul.ro"
    assert internship.tutor_invitation == invitations["host_tutor"]
    assert {m.to[0] for m in mailoutbox} >= {"ana.muresan@atelierul.ro", "mihai.rusu@atelierul.ro"}
    assert Notification.objects.filter(recipient=student, kind="proposal_approved").exists()
    assert Event.objects.filter(
        object_id=organisation.pk, action="organisation_added_from_proposal"
    )


def test_the_invited_tutor_becomes_the_host_tutor_when_they_join(
    student, staff, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_proposal(proposal=proposal, by=staff)
    message = next(m for m in mailoutbox if m.to == ["ana.muresan@atelierul.ro"])
    token = re.search(r"/invitations/([^/\s]+)/", message.body).group(1)

    tutor = account_services.accept_invitation(
        token=token, first_name="Ana", last_name="Mureșan", password="Tutore-de-nadejde-2026"
    )

    proposal.refresh_from_db()
    assert proposal.internship.host_tutor == tutor
    assert tutor.mentor_profile.organisation == proposal.internship.organisation
    assert Notification.objects.filter(recipient=student, kind="host_tutor_joined").exists()


def test_a_tutor_already_of_the_host_is_assigned_at_once(
    student, staff, period, organisation, host_tutor, company_admin
):
    data = existing_host_data(period, organisation, tutor_email=host_tutor.email)
    proposal = services.submit_proposal(by=student, data=data)

    services.approve_proposal(proposal=proposal, by=staff)

    proposal.refresh_from_db()
    assert proposal.internship.host_tutor == host_tutor
    assert not Invitation.objects.filter(organisation=organisation).exists()
    assert Notification.objects.filter(recipient=host_tutor, kind="mentor_assigned").exists()
    assert Notification.objects.filter(recipient=company_admin, kind="intern_joins_host").exists()


def test_a_tutor_address_of_another_kind_of_account_stops_the_approval(
    student, staff, period, organisation, company_admin
):
    data = existing_host_data(period, organisation, tutor_email=company_admin.email)
    proposal = services.submit_proposal(by=student, data=data)

    with pytest.raises(ServiceError, match="cannot tutor at this host"):
        services.approve_proposal(proposal=proposal, by=staff)

    assert not Internship.objects.exists()


def test_approval_checks_again_a_host_registered_meanwhile(student, staff, proposal):
    factories.OrganisationFactory(registration_number=proposal.org_registration_number)

    with pytest.raises(ServiceError, match="Did you mean"):
        services.approve_proposal(proposal=proposal, by=staff)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and not Internship.objects.exists()


def test_approval_ends_the_students_open_applications_of_the_period(
    student, staff, period, placement, proposal
):
    application = factories.ApplicationFactory(placement=placement, student=student)

    services.approve_proposal(proposal=proposal, by=staff)

    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_a_proposal_is_approved_once(staff, proposal):
    services.approve_proposal(proposal=proposal, by=staff)

    with pytest.raises(ServiceError, match="awaiting approval"):
        services.approve_proposal(proposal=proposal, by=staff)
    assert Internship.objects.count() == 1


def test_the_chosen_supervisor_reviews_when_the_period_says_so(student, period, supervisor):
    period.proposals_reviewed_by = Period.ProposalReviewer.SUPERVISOR
    period.save()
    proposal = services.submit_proposal(
        by=student, data=new_host_data(period, academic_supervisor=supervisor)
    )
    assert Notification.objects.filter(recipient=supervisor, kind="proposal_submitted").exists()

    services.approve_proposal(proposal=proposal, by=supervisor)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert proposal.internship.academic_supervisor == supervisor


def test_another_supervisor_never_reviews(student, period, supervisor):
    period.proposals_reviewed_by = Period.ProposalReviewer.SUPERVISOR
    period.save()
    proposal = services.submit_proposal(
        by=student, data=new_host_data(period, academic_supervisor=supervisor)
    )
    other = factories.MentorFactory(kind=MentorProfile.Kind.SUPERVISOR, organisation=None).user

    with pytest.raises(PermissionDenied):
        services.approve_proposal(proposal=proposal, by=other)
    with pytest.raises(PermissionDenied):
        services.return_proposal(proposal=proposal, by=other, comment="No")


def test_the_chosen_supervisor_does_not_review_when_staff_do(student, period, supervisor):
    proposal = services.submit_proposal(
        by=student, data=new_host_data(period, academic_supervisor=supervisor)
    )

    with pytest.raises(PermissionDenied):
        services.approve_proposal(proposal=proposal, by=supervisor)


def test_students_and_companies_do_not_review(student, company_admin, proposal):
    for person in (student, company_admin):
        with pytest.raises(PermissionDenied):
            services.approve_proposal(proposal=proposal, by=person)
