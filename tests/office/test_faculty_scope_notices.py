"""Staff of one faculty neither read another faculty's conversations nor hear of its
students, and count only their faculties' items in reminders and the agenda (issue #17)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from agenda.queries import deadlines_for
from conversations.models import Message
from internships.models import Proposal
from internships.services import proposals as proposal_services
from mentors import services as mentor_services
from notifications.models import Notification
from reminders.models import Reminder
from tests import factories
from tests.internships.test_proposals import existing_host_data
from tests.office import test_faculty_scope as scope
from tests.reminders.helpers import days_ago, run

pytestmark = pytest.mark.django_db

# The two faculties of the scope's tests.
faculty_a, faculty_b, programme_b = scope.faculty_a, scope.faculty_b, scope.programme_b
staff_a, student_b, placement_b = scope.staff_a, scope.student_b, scope.placement_b
application_b, internship_b, two_faculties = (
    scope.application_b,
    scope.internship_b,
    scope.two_faculties,
)


@pytest.fixture
def staff_b(faculty_b):
    return factories.StaffFactory(email="fsega@example.org", faculties=[faculty_b])


# Conversations ----------------------------------------------------------------------------


def test_another_facultys_conversation_is_not_found(client, staff_a, two_faculties, application_b):
    Message.objects.create(application=application_b, author=application_b.student, body="Bună")
    client.force_login(staff_a)

    response = client.get(reverse("conversation", args=[application_b.pk]))

    assert response.status_code == 404


def test_their_own_facultys_conversation_is_read(client, staff_a, two_faculties):
    application = two_faculties["a"].application
    client.force_login(staff_a)

    response = client.get(reverse("conversation", args=[application.pk]))

    assert response.status_code == 200
    assert response.context["may_write"] is False


def test_staff_of_all_faculties_read_every_conversation(
    client, staff, two_faculties, application_b
):
    client.force_login(staff)

    assert client.get(reverse("conversation", args=[application_b.pk])).status_code == 200


def test_the_read_rule_refuses_another_facultys_application(staff_a, staff, application_b):
    assert not staff_a.has_perm("conversations.read", application_b)
    assert staff.has_perm("conversations.read", application_b)


# Notifications ----------------------------------------------------------------------------


def test_a_proposal_is_told_to_the_staff_of_its_faculty_and_of_all(
    staff, staff_a, staff_b, programme_b, period, organisation
):
    student = factories.StudentFactory(programme=programme_b).user

    proposal_services.submit_proposal(by=student, data=existing_host_data(period, organisation))

    told = set(
        Notification.objects.filter(kind__startswith="proposal").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {staff.pk, staff_b.pk}


def test_an_internship_ended_early_is_told_to_the_staff_of_its_faculty_and_of_all(
    staff, staff_a, staff_b, internship_b
):
    colleague = factories.StaffFactory(email="all@example.org")

    mentor_services.terminate_internship(internship=internship_b, by=staff, reason="Mutare.")

    told = set(
        Notification.objects.filter(kind="internship_terminated").values_list(
            "recipient_id", flat=True
        )
    )
    assert staff_a.pk not in told
    assert {colleague.pk, staff_b.pk} <= told


def test_a_student_without_a_programme_is_told_to_staff_of_all_faculties_only(staff, staff_a):
    from accounts.queries import staff_of_student

    student = factories.StudentFactory(programme=None).user

    assert list(staff_of_student(student)) == [staff]


# Reminders --------------------------------------------------------------------------------


def test_the_proposals_queue_reminds_each_staff_member_of_their_facultys_only(
    staff, staff_a, staff_b, programme, programme_b, period, organisation
):
    for programme_of, count in ((programme, 1), (programme_b, 2)):
        for _ in range(count):
            student = factories.StudentFactory(programme=programme_of).user
            proposal_services.submit_proposal(
                by=student, data=existing_host_data(period, organisation)
            )
    Proposal.objects.update(created_at=days_ago(10))

    run(rule="proposals_awaiting")

    counts = {
        reminder.recipient_id: reminder.notification.params["count"]
        for reminder in Reminder.objects.filter(rule="proposals_awaiting").select_related(
            "notification"
        )
    }
    assert counts == {staff.pk: "3", staff_a.pk: "1", staff_b.pk: "2"}


def test_staff_of_a_faculty_with_nothing_waiting_are_not_reminded(
    staff, staff_a, programme_b, period, organisation
):
    student = factories.StudentFactory(programme=programme_b).user
    proposal_services.submit_proposal(by=student, data=existing_host_data(period, organisation))
    Proposal.objects.update(created_at=days_ago(10))

    run(rule="proposals_awaiting")

    assert set(
        Reminder.objects.filter(rule="proposals_awaiting").values_list("recipient_id", flat=True)
    ) == {staff.pk}


# Agenda -----------------------------------------------------------------------------------


def test_the_agenda_counts_the_facultys_internships_only(
    staff, staff_a, programme, programme_b, period
):
    period.agreements_due_on = period.applications_close_on + timedelta(days=2)
    period.save()
    for programme_of in (programme, programme_b, programme_b):
        factories.InternshipFactory(
            application=factories.ApplicationFactory(
                placement=factories.PlacementFactory(period=period),
                student=factories.StudentFactory(programme=programme_of).user,
                status="accepted",
            ),
            agreement=False,
        )

    def pending(viewer):
        return {d.kind: d for d in deadlines_for(viewer, days=365)}["period-agreements-due"].title

    assert pending(staff).endswith("3 not yet in force")
    assert pending(staff_a).endswith("1 not yet in force")


# Logbook entries ------------------------------------------------------------------------


def test_the_logbook_entries_list_holds_the_facultys_entries_only(staff, staff_a, two_faculties):
    from mentors.queries import logbook_entries_for_list

    mine = factories.LogbookEntryFactory(internship=two_faculties["a"])
    factories.LogbookEntryFactory(internship=two_faculties["b"])

    assert list(logbook_entries_for_list(staff_a)) == [mine]
    assert logbook_entries_for_list(staff).count() == 2
