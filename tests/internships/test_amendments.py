from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from documents.amendments import amendment_pdf
from internships import services
from internships.models import (
    Agreement,
    Amendment,
    Confirmation,
    Internship,
    MentorAssignment,
    Period,
)
from internships.signals import amendment_confirmed_by_all
from notifications.models import Event, Notification
from tests import factories

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _period_around_the_internship(period):
    """The fixtures' internship runs from 30 days ago to 30 days ahead: a period around it."""
    Period.objects.filter(pk=period.pk).update(
        starts_on=TODAY - timedelta(days=60), ends_on=TODAY + timedelta(days=90)
    )
    period.refresh_from_db()


@pytest.fixture
def new_tutor(organisation):
    return factories.MentorFactory(
        organisation=organisation,
        user__first_name="Radu",
        user__last_name="Oltean",
        job_title="Inginer software",
    ).user


def later_end(internship, days=14):
    return internship.ends_on + timedelta(days=days)


def propose(internship, by, reason="Proiectul s-a prelungit.", **terms):
    return services.propose_amendment(internship=internship, by=by, terms=terms, reason=reason)


def digest(amendment) -> str:
    """The SHA-256 of the amendment's PDF, as the page offers it (rendering it once)."""
    amendment_pdf(amendment)
    amendment.refresh_from_db()
    return amendment.sha256


def confirm(amendment, by, sha256=None):
    return services.confirm_amendment(
        amendment=amendment, by=by, sha256=sha256 if sha256 is not None else digest(amendment)
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def url(name, obj):
    return reverse(name, args=[obj.pk])


# Proposing --------------------------------------------------------------------------------


@pytest.mark.parametrize("proposer", ["staff", "company_admin", "supervisor"])
def test_staff_the_org_admin_or_the_supervisor_propose_and_nothing_changes_yet(
    request, internship, proposer
):
    person = request.getfixturevalue(proposer)
    old_end = internship.ends_on

    amendment = propose(internship, person, ends_on=later_end(internship))

    assert amendment.status == Amendment.Status.PENDING
    assert amendment.number == 1
    assert amendment.changes == {
        "ends_on": [old_end.isoformat(), later_end(internship).isoformat()]
    }
    assert amendment.proposed_by == person
    internship.refresh_from_db()
    assert internship.ends_on == old_end
    assert Event.objects.filter(object_id=internship.pk, action="amendment_proposed").exists()


def test_the_parties_are_told_of_a_proposal(internship, staff, company_admin, supervisor):
    propose(internship, staff, ends_on=later_end(internship))

    told = set(
        Notification.objects.filter(kind="amendment_proposed").values_list("recipient", flat=True)
    )
    assert told == {internship.student_id, company_admin.pk, supervisor.pk}


def test_only_the_values_that_differ_are_changes(internship, staff):
    amendment = propose(
        internship,
        staff,
        starts_on=internship.starts_on,
        ends_on=internship.ends_on,
        required_hours=internship.required_hours,
        hours_per_week=30,
        city=internship.city,
        place="Str. Memorandumului 28",
    )

    assert set(amendment.changes) == {"hours_per_week", "place"}
    assert amendment.changes["hours_per_week"][1] == 30


@pytest.mark.parametrize("person", ["student", "host_tutor", "recruiter", "other_company_admin"])
def test_others_may_not_propose(request, internship, person):
    with pytest.raises(PermissionDenied):
        propose(internship, request.getfixturevalue(person), ends_on=later_end(internship))
    assert not Amendment.objects.exists()


def test_not_before_the_three_parties_confirmed_the_agreement(internship, staff):
    Agreement.objects.filter(internship=internship).update(organisation_confirmed_at=None)

    with pytest.raises(ServiceError, match="three parties have confirmed"):
        propose(internship, staff, ends_on=later_end(internship))
    assert not Amendment.objects.exists()


def test_a_second_pending_amendment_is_refused(internship, staff, company_admin):
    propose(internship, staff, ends_on=later_end(internship))

    with pytest.raises(ServiceError, match="Another amendment of this agreement awaits"):
        propose(internship, company_admin, hours_per_week=25)
    assert Amendment.objects.count() == 1


def test_the_database_holds_one_pending_amendment_per_agreement(internship, staff):
    first = propose(internship, staff, ends_on=later_end(internship))

    with pytest.raises(IntegrityError), transaction.atomic():
        Amendment.objects.create(
            agreement=first.agreement, number=2, changes={}, reason="x", proposed_by=staff
        )


def test_an_amendment_that_changes_nothing_is_refused(internship, staff):
    with pytest.raises(ServiceError, match="changes nothing"):
        propose(internship, staff, ends_on=internship.ends_on, city=internship.city)
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"ends_on": TODAY - timedelta(days=40)}, "cannot end before it starts"),
        ({"ends_on": TODAY + timedelta(days=200)}, "within the period"),
        ({"starts_on": TODAY - timedelta(days=100)}, "within the period"),
        ({"hours_per_week": 41}, "between 1 and 40"),
        ({"hours_per_week": 0}, "between 1 and 40"),
        ({"required_hours": 0}, "between 1 and 1000"),
        ({"required_hours": 5000}, "between 1 and 1000"),
        ({"city": "   "}, "cannot be left empty"),
        ({"place": "x" * 301}, "too long"),
    ],
)
def test_invalid_values_are_refused_with_what_is_wrong(internship, staff, terms, message):
    with pytest.raises(ServiceError, match=message):
        propose(internship, staff, **terms)
    assert not Amendment.objects.exists()


def test_a_tutor_of_another_organisation_is_refused(internship, staff, other_internship):
    with pytest.raises(ServiceError, match="mentor of the host organisation"):
        propose(internship, staff, host_tutor=other_internship.host_tutor)
    assert not Amendment.objects.exists()


def test_a_reason_is_required(internship, staff):
    with pytest.raises(ServiceError, match="reason"):
        propose(internship, staff, reason="  ", ends_on=later_end(internship))


@pytest.mark.parametrize("status", ["completed", "terminated"])
def test_a_finished_or_terminated_internship_cannot_be_amended(internship, staff, status):
    Internship.objects.filter(pk=internship.pk).update(status=status)
    internship.refresh_from_db()

    with pytest.raises(ServiceError, match="cannot be amended"):
        propose(internship, staff, ends_on=later_end(internship))


# Confirming -------------------------------------------------------------------------------


def test_the_new_terms_apply_only_after_the_third_confirmation(
    internship, staff, student, company_admin, django_capture_on_commit_callbacks
):
    old_end, new_end = internship.ends_on, later_end(internship)
    amendment = propose(internship, staff, ends_on=new_end, hours_per_week=25)
    received = []

    def receiver(sender, amendment, **kwargs):
        received.append(amendment.pk)

    amendment_confirmed_by_all.connect(receiver)
    try:
        confirm(amendment, student)
        confirm(amendment, company_admin)
        internship.refresh_from_db()
        assert internship.ends_on == old_end
        assert Amendment.objects.get().status == Amendment.Status.PENDING

        with django_capture_on_commit_callbacks(execute=True):
            confirm(amendment, staff)
    finally:
        amendment_confirmed_by_all.disconnect(receiver)

    internship.refresh_from_db()
    assert (internship.ends_on, internship.hours_per_week) == (new_end, 25)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.CONFIRMED
    assert amendment.decided_at is not None
    assert received == [amendment.pk]
    parties = dict(amendment.confirmations.values_list("party", "by"))
    assert parties == {
        "student": student.pk,
        "organisation": company_admin.pk,
        "university": staff.pk,
    }
    assert set(amendment.confirmations.values_list("sha256", flat=True)) == {amendment.sha256}
    actions = list(
        Event.objects.filter(object_id=internship.pk, action__startswith="amendment_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "amendment_proposed",
        "amendment_confirmed",
        "amendment_confirmed",
        "amendment_confirmed",
        "amendment_in_force",
    ]
    assert Notification.objects.filter(
        kind="amendment_in_force", recipient=internship.student
    ).exists()


def test_the_supervisor_confirms_for_the_university(internship, supervisor, student, company_admin):
    amendment = propose(internship, company_admin, hours_per_week=30)

    for person in (student, company_admin, supervisor):
        confirm(amendment, person)

    internship.refresh_from_db()
    assert internship.hours_per_week == 30


def test_a_stale_digest_is_refused(internship, staff, student):
    amendment = propose(internship, staff, ends_on=later_end(internship))
    digest(amendment)

    with pytest.raises(ServiceError, match="not this amendment's PDF"):
        confirm(amendment, student, sha256="0" * 64)
    assert not Confirmation.objects.exists()


def test_the_pdf_is_read_before_it_is_confirmed(internship, staff, student):
    amendment = propose(internship, staff, ends_on=later_end(internship))

    with pytest.raises(ServiceError, match="Open the amendment's PDF first"):
        services.confirm_amendment(amendment=amendment, by=student, sha256="0" * 64)


def test_a_party_confirms_once(internship, staff, supervisor):
    amendment = propose(internship, staff, ends_on=later_end(internship))
    confirm(amendment, staff)

    with pytest.raises(ServiceError, match="already confirmed"):
        confirm(amendment, supervisor)
    assert Confirmation.objects.count() == 1


@pytest.mark.parametrize("person", ["host_tutor", "recruiter", "other_student"])
def test_who_does_not_sign_cannot_confirm(request, internship, staff, person):
    amendment = propose(internship, staff, ends_on=later_end(internship))

    with pytest.raises(PermissionDenied):
        confirm(amendment, request.getfixturevalue(person))


def test_the_host_tutor_changes_through_the_assignment_history(
    internship, staff, student, company_admin, host_tutor, new_tutor
):
    amendment = propose(internship, company_admin, host_tutor=new_tutor)
    assert amendment.changes["host_tutor"][1] == {
        "name": "Radu Oltean",
        "email": new_tutor.email,
        "position": "Inginer software",
        "phone": "",
        "pk": new_tutor.pk,
    }
    assert amendment.changes["host_tutor"][0]["pk"] == host_tutor.pk

    for person in (student, company_admin, staff):
        confirm(amendment, person)

    internship.refresh_from_db()
    assert internship.host_tutor == new_tutor
    current = MentorAssignment.objects.get(internship=internship, kind="host_tutor", ended_at=None)
    assert current.mentor == new_tutor
    assert Event.objects.filter(object_id=internship.pk, action="assigned_host_tutor").exists()
    assert Notification.objects.filter(kind="mentor_assigned", recipient=new_tutor).exists()


def test_a_tutor_who_changes_their_email_meanwhile_still_takes_over(
    internship, staff, student, company_admin, host_tutor, new_tutor
):
    amendment = propose(internship, company_admin, host_tutor=new_tutor)
    confirm(amendment, student)
    confirm(amendment, company_admin)
    for tutor in (host_tutor, new_tutor):  # both the one leaving and the one coming
        tutor.email = f"new.{tutor.email}"
        tutor.save(update_fields=["email"])

    confirm(amendment, staff)

    amendment.refresh_from_db()
    internship.refresh_from_db()
    assert amendment.status == Amendment.Status.CONFIRMED
    assert internship.host_tutor == new_tutor


def test_a_tutor_whose_account_is_gone_is_refused_not_a_crash(
    internship, staff, student, company_admin, new_tutor
):
    amendment = propose(internship, company_admin, host_tutor=new_tutor)
    amendment.changes["host_tutor"][1]["pk"] = 10**6
    Amendment.objects.filter(pk=amendment.pk).update(changes=amendment.changes)
    confirm(amendment, student)
    confirm(amendment, company_admin)

    with pytest.raises(ServiceError, match="no longer has an account"):
        confirm(amendment, staff)


def test_terms_changed_meanwhile_leave_the_amendment_pending(
    internship, staff, student, company_admin
):
    amendment = propose(internship, staff, ends_on=later_end(internship))
    confirm(amendment, student)
    confirm(amendment, company_admin)
    Internship.objects.filter(pk=internship.pk).update(ends_on=later_end(internship, 3))

    with pytest.raises(ServiceError, match="changed since this amendment was proposed"):
        confirm(amendment, staff)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.PENDING


# Withdrawing ------------------------------------------------------------------------------


def test_the_proposer_withdraws_and_a_new_one_can_follow(internship, staff, student):
    first = propose(internship, staff, ends_on=later_end(internship))

    services.withdraw_amendment(amendment=first, by=staff)

    first.refresh_from_db()
    assert first.status == Amendment.Status.WITHDRAWN
    with pytest.raises(ServiceError, match="no longer awaits"):
        confirm(first, student)
    second = propose(internship, staff, hours_per_week=30)
    assert second.number == 2


@pytest.mark.parametrize("person", ["company_admin", "student", "supervisor"])
def test_only_the_proposer_withdraws(request, internship, staff, person):
    amendment = propose(internship, staff, ends_on=later_end(internship))

    with pytest.raises(PermissionDenied):
        services.withdraw_amendment(amendment=amendment, by=request.getfixturevalue(person))
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.PENDING


def test_staff_withdraw_an_amendment_someone_else_proposed(internship, staff, company_admin):
    amendment = propose(internship, company_admin, ends_on=later_end(internship))

    services.withdraw_amendment(amendment=amendment, by=staff)

    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.WITHDRAWN
    assert propose(internship, staff, hours_per_week=30).number == 2


# Pages ------------------------------------------------------------------------------------


def test_the_proposal_page_offers_todays_terms(client, internship, staff):
    client.force_login(staff)

    response = client.get(url("amendment_propose", internship))

    assert response.status_code == 200
    assert response.context["form"]["ends_on"].value() == internship.ends_on


def test_the_proposal_page_says_why_when_no_amendment_can_be_proposed(client, internship, staff):
    propose(internship, staff, hours_per_week=30)
    client.force_login(staff)

    response = client.get(url("amendment_propose", internship))

    assert response.status_code == 200
    assert "form" not in response.context
    assert "Another amendment of this agreement awaits confirmations" in (response.content.decode())


def test_proposing_through_the_page(client, internship, staff):
    client.force_login(staff)
    new_end = later_end(internship)

    response = client.post(
        url("amendment_propose", internship),
        {
            "starts_on": internship.starts_on.isoformat(),
            "ends_on": new_end.isoformat(),
            "required_hours": internship.required_hours,
            "hours_per_week": internship.hours_per_week,
            "schedule": internship.schedule,
            "place": internship.place,
            "city": internship.city,
            "host_tutor": internship.host_tutor_id,
            "reason": "Proiectul s-a prelungit.",
        },
    )

    amendment = Amendment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == amendment.get_absolute_url()
    assert list(amendment.changes) == ["ends_on"]


def test_a_refusal_shows_on_the_form_and_changes_nothing(client, internship, staff):
    client.force_login(staff)

    response = client.post(
        url("amendment_propose", internship),
        {
            "starts_on": internship.starts_on.isoformat(),
            "ends_on": internship.ends_on.isoformat(),
            "required_hours": internship.required_hours,
            "hours_per_week": internship.hours_per_week,
            "city": internship.city,
            "reason": "Nimic nou.",
        },
    )

    assert response.status_code == 400
    assert "changes nothing" in response.content.decode()
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("person", ["student", "host_tutor", "recruiter"])
def test_the_proposal_page_is_forbidden_to_who_may_not_propose(client, request, internship, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(url("amendment_propose", internship)).status_code == 403


def test_someone_elses_internship_is_not_found(client, internship, other_internship, company_admin):
    amendment = propose(other_internship, factories.StaffFactory(), hours_per_week=30)
    client.force_login(company_admin)

    assert client.get(url("amendment_propose", other_internship)).status_code == 404
    assert client.get(url("amendment_detail", amendment)).status_code == 404
    assert client.get(url("amendment_pdf", amendment)).status_code == 404
    assert client.post(url("amendment_confirm", amendment), {"sha256": "0" * 64}).status_code == 404
    assert client.post(url("amendment_withdraw", amendment)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, internship, staff):
    amendment = propose(internship, staff, hours_per_week=30)

    for target in (url("amendment_propose", internship), url("amendment_detail", amendment)):
        response = client.get(target)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_confirm_and_withdraw_answer_only_posts(client, internship, staff):
    amendment = propose(internship, staff, hours_per_week=30)
    client.force_login(staff)

    assert client.get(url("amendment_confirm", amendment)).status_code == 405
    assert client.get(url("amendment_withdraw", amendment)).status_code == 405


def test_the_amendment_page_shows_the_change_and_lets_the_student_confirm(
    client, internship, staff, student
):
    amendment = propose(internship, staff, hours_per_week=30)
    sha256 = digest(amendment)
    client.force_login(student)

    page = client.get(url("amendment_detail", amendment)).content.decode()
    assert "Hours per week" in page and ">30<" in page
    assert sha256 in page
    assert url("amendment_pdf", amendment) in page
    assert "Withdraw the amendment" not in page

    response = client.post(url("amendment_confirm", amendment), {"sha256": sha256})

    assert response.status_code == 302
    assert messages_of(response) == ["You have confirmed the amendment."]
    assert Confirmation.objects.get().party == "student"


def test_a_stale_digest_posted_is_refused_with_a_message(client, internship, staff, student):
    amendment = propose(internship, staff, hours_per_week=30)
    digest(amendment)
    client.force_login(student)

    response = client.post(url("amendment_confirm", amendment), {"sha256": "a" * 64})

    assert "not this amendment's PDF" in messages_of(response)[0]
    assert not Confirmation.objects.exists()


def test_the_proposer_withdraws_from_the_page(client, internship, staff):
    amendment = propose(internship, staff, hours_per_week=30)
    client.force_login(staff)

    assert (
        "Withdraw the amendment" in client.get(url("amendment_detail", amendment)).content.decode()
    )
    client.post(url("amendment_withdraw", amendment))

    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.WITHDRAWN


def test_the_pdf_is_served_with_its_stored_digest(client, internship, staff, student):
    import hashlib

    amendment = propose(internship, staff, hours_per_week=30)
    client.force_login(student)

    first = client.get(url("amendment_pdf", amendment))
    second = client.get(url("amendment_pdf", amendment))

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    amendment.refresh_from_db()
    assert hashlib.sha256(first.content).hexdigest() == amendment.sha256


def test_the_internship_page_keeps_the_history_of_amendments(
    client, internship, staff, student, company_admin
):
    first = propose(internship, staff, hours_per_week=30)
    services.withdraw_amendment(amendment=first, by=staff)
    second = propose(internship, staff, hours_per_week=25)
    confirm(second, student)
    client.force_login(company_admin)

    page = client.get(internship.get_absolute_url()).content.decode()

    assert "Amendment no. 1" in page and "Withdrawn" in page
    assert "Amendment no. 2" in page and "Awaiting confirmations" in page
    assert "The student: confirmed by Ioana Bălan" in page
    assert "Propose an amendment" not in page  # one is pending


def test_the_internship_page_offers_to_propose_once_confirmed_by_all(client, internship, staff):
    client.force_login(staff)

    page = client.get(internship.get_absolute_url()).content.decode()

    assert url("amendment_propose", internship) in page


def test_the_internship_page_reads_the_amendments_in_fixed_queries(
    client, internship, staff, student, company_admin, django_assert_max_num_queries
):
    client.force_login(staff)
    amendment = propose(internship, staff, hours_per_week=30)
    confirm(amendment, student)
    with django_assert_max_num_queries(200) as few:
        client.get(internship.get_absolute_url())
    for hours in (31, 32, 33, 34):
        services.withdraw_amendment(amendment=amendment, by=staff)
        amendment = propose(internship, staff, hours_per_week=hours)
        confirm(amendment, student)
        confirm(amendment, company_admin)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(internship.get_absolute_url())
    assert "Amendment no. 5" in response.content.decode()
