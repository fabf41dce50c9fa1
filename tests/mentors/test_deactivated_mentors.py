"""When a mentor's account is deactivated, the intern is not stranded: the organisation's
administrator approves the logbook while the host tutor is deactivated, staff (or the admin)
assign another tutor, and staff give another supervisor."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.services import ServiceError
from internships import services as internship_services
from internships.models import Internship, MentorAssignment
from mentors import services
from notifications.models import Notification
from tests import factories

STAFF_LIST = reverse("staff_internships")


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def fresh(internship):
    return Internship.objects.select_related("host_tutor").get(pk=internship.pk)


def tutor_url(internship):
    return reverse("assign_host_tutor", args=[internship.pk])


def new_tutor(organisation, last_name="Pop"):
    return factories.MentorFactory(
        organisation=organisation, user__first_name="Radu", user__last_name=last_name
    ).user


@pytest.fixture
def entry(internship):
    return factories.LogbookEntryFactory(internship=internship, status="submitted")


# The organisation's administrator stands in -------------------------------------------


def test_the_admin_approves_while_the_host_tutor_is_deactivated(
    internship, host_tutor, company_admin, entry
):
    deactivate(host_tutor)

    count = services.approve_entries(internship=fresh(internship), by=company_admin)

    entry.refresh_from_db()
    assert (count, entry.status, entry.reviewed_by) == (1, "approved", company_admin)


def test_the_admin_returns_an_entry_while_the_host_tutor_is_deactivated(
    internship, host_tutor, company_admin, entry
):
    deactivate(host_tutor)

    services.return_entry(entry=entry, by=company_admin, comment="Detaliază, te rog.")

    entry.refresh_from_db()
    assert entry.status == "returned"


def test_the_admin_does_not_approve_while_the_host_tutor_is_active(
    internship, company_admin, entry
):
    with pytest.raises(PermissionDenied):
        services.approve_entries(internship=fresh(internship), by=company_admin)
    with pytest.raises(PermissionDenied):
        services.return_entry(entry=entry, by=company_admin, comment="Nu.")

    entry.refresh_from_db()
    assert entry.status == "submitted"


@pytest.mark.parametrize("person", ["recruiter", "supervisor", "staff", "other_company_admin"])
def test_no_one_else_approves_for_a_deactivated_tutor(
    request, internship, host_tutor, entry, person
):
    deactivate(host_tutor)

    with pytest.raises(PermissionDenied):
        services.approve_entries(internship=fresh(internship), by=request.getfixturevalue(person))


def test_the_admin_gets_the_approval_buttons_and_is_told_why(
    client, internship, host_tutor, company_admin, entry
):
    deactivate(host_tutor)
    client.force_login(company_admin)

    page = client.get(reverse("logbook", args=[internship.pk])).content.decode()

    assert "The host tutor's account is deactivated" in page
    assert reverse("logbook_approve", args=[internship.pk]) in page

    response = client.post(
        reverse("logbook_approve", args=[internship.pk]), {"entry_ids": [entry.pk]}
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "approved"


def test_another_organisations_admin_gets_404(client, internship, host_tutor, entry):
    deactivate(host_tutor)
    other = factories.MembershipFactory().user
    client.force_login(other)

    response = client.post(
        reverse("logbook_approve", args=[internship.pk]), {"entry_ids": [entry.pk]}
    )

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_the_admin_is_told_of_entries_submitted_to_a_deactivated_tutor(
    internship, host_tutor, company_admin, recruiter
):
    deactivate(host_tutor)
    factories.LogbookEntryFactory(internship=internship, status="draft")

    services.submit_entries(internship=fresh(internship), by=internship.student)

    told = set(
        Notification.objects.filter(kind="logbook_submitted").values_list("recipient", flat=True)
    )
    assert told == {company_admin.pk}


# Reassigning the host tutor -----------------------------------------------------------


def test_staff_see_the_host_tutor_select_on_the_internship(
    client, staff, internship, host_tutor, organisation
):
    deactivate(host_tutor)
    replacement = new_tutor(organisation)
    client.force_login(staff)

    response = client.get(internship.get_absolute_url())

    page = response.content.decode()
    assert tutor_url(internship) in page
    assert "account deactivated" in page
    assert list(response.context["host_tutors"]) == [replacement]


def test_staff_reassign_the_host_tutor_of_a_deactivated_one(
    client, staff, internship, host_tutor, organisation
):
    deactivate(host_tutor)
    replacement = new_tutor(organisation)
    client.force_login(staff)

    response = client.post(
        tutor_url(internship),
        {"mentor": replacement.pk, "reason": "Tutorele a plecat din firmă."},
        follow=True,
    )

    assert "Radu Pop is now the host tutor of Ioana Bălan." in response.content.decode()
    assert fresh(internship).host_tutor == replacement
    current = MentorAssignment.objects.get(internship=internship, kind="host_tutor", ended_at=None)
    assert (current.mentor, current.assigned_by) == (replacement, staff)


def test_a_deactivated_mentor_cannot_be_named_host_tutor(
    staff, company_admin, internship, organisation
):
    gone = deactivate(new_tutor(organisation, "Lazăr"))

    for person in (staff, company_admin):
        with pytest.raises(ServiceError, match="deactivated: choose an active mentor"):
            internship_services.assign_host_tutor(internship=internship, mentor=gone, by=person)

    assert fresh(internship).host_tutor != gone


def test_staff_cannot_name_a_tutor_of_another_organisation(
    staff, internship, host_tutor, other_internship
):
    with pytest.raises(ServiceError, match="a mentor of the host organisation"):
        internship_services.assign_host_tutor(
            internship=internship, mentor=other_internship.host_tutor, by=staff
        )

    assert fresh(internship).host_tutor == host_tutor


def test_the_select_asks_for_a_choice_when_the_tutor_is_deactivated(
    client, company_admin, internship, host_tutor, organisation
):
    deactivate(host_tutor)
    new_tutor(organisation)
    client.force_login(company_admin)

    page = client.get(reverse("company_internships")).content.decode()

    assert '<option value="">Choose a mentor</option>' in page


# The academic supervisor --------------------------------------------------------------


def test_a_deactivated_supervisor_leaves_the_page_working(client, staff, internship, supervisor):
    deactivate(supervisor)
    client.force_login(staff)

    response = client.get(internship.get_absolute_url())

    assert response.status_code == 200
    assert "account deactivated" in response.content.decode()


def test_staff_reassign_the_supervisor_of_a_deactivated_one(staff, internship, supervisor):
    deactivate(supervisor)
    replacement = factories.MentorFactory(kind="supervisor", organisation=None).user

    internship_services.assign_supervisor(internships=[internship], mentor=replacement, by=staff)

    assert Internship.objects.get(pk=internship.pk).academic_supervisor == replacement


def test_a_deactivated_supervisor_cannot_be_assigned(staff, internship, supervisor):
    gone = deactivate(factories.MentorFactory(kind="supervisor", organisation=None).user)

    with pytest.raises(ServiceError, match="deactivated: choose an active mentor"):
        internship_services.assign_supervisor(internships=[internship], mentor=gone, by=staff)

    assert Internship.objects.get(pk=internship.pk).academic_supervisor == supervisor


def test_the_staff_list_marks_a_deactivated_supervisor(client, staff, internship, supervisor):
    deactivate(supervisor)
    client.force_login(staff)

    page = client.get(STAFF_LIST).content.decode()

    assert "account deactivated" in page
