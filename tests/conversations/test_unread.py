import re

from django.urls import reverse

from conversations import queries
from tests import factories


def header_count(response) -> str | None:
    match = re.search(
        r'messages-link"[^>]*>Messages(?: <span class="count-badge">(\d+))?',
        response.content.decode(),
    )
    assert match, "no Messages link in the header"
    return match.group(1)


def test_the_header_counts_the_other_side_s_messages_until_read(
    client, student, application, recruiter, write
):
    write(application, recruiter, "Unu")
    write(application, recruiter, "Doi")
    write(application, student, "Al meu")
    client.force_login(student)

    assert header_count(client.get(reverse("student_applications"))) == "2"
    client.get(reverse("conversation", args=[application.pk]))
    assert header_count(client.get(reverse("student_applications"))) is None


def test_each_member_of_the_organisation_reads_for_themselves(
    client, student, application, company_admin, recruiter, write
):
    write(application, student)
    client.force_login(recruiter)
    client.get(reverse("conversation", args=[application.pk]))

    assert queries.unread_total(recruiter) == 0
    assert queries.unread_total(company_admin) == 1


def test_staff_reading_a_thread_reads_nothing_for_the_sides(
    client, staff, student, application, recruiter, write
):
    write(application, student)
    client.force_login(staff)
    client.get(reverse("conversation", args=[application.pk]))

    assert queries.unread_total(recruiter) == 1


def test_no_header_link_for_those_without_conversations(client, host_tutor):
    client.force_login(host_tutor)

    response = client.get(reverse("notification_settings"))

    assert "messages-link" not in response.content.decode()


def test_someone_else_s_messages_are_never_counted(
    client, other_student, other_company_admin, application, recruiter, student, write
):
    write(application, recruiter)
    write(application, student)

    assert queries.unread_total(other_student) == 0
    assert queries.unread_total(other_company_admin) == 0


def test_the_student_s_application_list_shows_each_thread_s_unread(
    client, student, application, recruiter, write
):
    write(application, recruiter)
    client.force_login(student)

    page = client.get(reverse("student_applications")).content.decode()

    assert f'href="/messages/applications/{application.pk}/">1<span' in page


def test_the_application_page_links_to_its_thread(client, student, application, recruiter, write):
    write(application, recruiter)
    client.force_login(student)

    page = client.get(reverse("student_application", args=[application.pk])).content.decode()

    assert "Messages with the organisation" in page and "1 unread" in page


def test_the_host_s_application_page_links_to_its_thread(
    client, student, application, recruiter, write
):
    write(application, student)
    client.force_login(recruiter)

    page = client.get(reverse("company_application", args=[application.pk])).content.decode()

    assert "Messages with the student" in page and "1 unread" in page


def test_the_pipeline_shows_each_applicant_s_unread(client, student, application, recruiter, write):
    write(application, student)
    client.force_login(recruiter)

    page = client.get(reverse("pipeline", args=[application.placement_id])).content.decode()

    assert f'href="/messages/applications/{application.pk}/">1<span' in page


def _applications(student, placement, count, recruiter, write):
    for _ in range(count):
        other = factories.PlacementFactory(
            organisation=placement.organisation, programmes=[placement.programmes.first()]
        )
        application = factories.ApplicationFactory(placement=other, student=student)
        write(application, recruiter)


def test_the_student_s_list_costs_the_same_for_3_rows_and_30(
    client, student, placement, recruiter, write, django_assert_max_num_queries
):
    client.force_login(student)
    _applications(student, placement, 3, recruiter, write)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("student_applications"))
    _applications(student, placement, 27, recruiter, write)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("student_applications")).status_code == 200


def test_the_pipeline_costs_the_same_for_3_applicants_and_30(
    client, placement, recruiter, write, django_assert_max_num_queries
):
    def applicants(count):
        for _ in range(count):
            application = factories.ApplicationFactory(placement=placement)
            write(application, application.student)

    client.force_login(recruiter)
    applicants(3)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("pipeline", args=[placement.pk]))
    applicants(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("pipeline", args=[placement.pk])).status_code == 200


def test_a_member_who_joins_later_is_not_handed_the_history_as_unread(
    client, student, application, company_admin, write
):
    write(application, student, "Înainte")
    newcomer = factories.MembershipFactory(organisation=application.placement.organisation).user

    assert queries.unread_total(newcomer) == 0
    write(application, student, "După")
    assert queries.unread_total(newcomer) == 1
    assert queries.unread_total(company_admin) == 2
    [thread] = queries.inbox(newcomer)
    assert thread.unread == 1


def test_a_colleague_s_message_is_not_unread_for_the_organisation(
    client, student, application, company_admin, recruiter, write
):
    """A message of one member is the organisation's side writing: no other member of it
    sees it as unread (in the header, the inbox, or the applicant lists)."""
    write(application, recruiter, "Vă scriem noi")
    write(application, student, "Mulțumesc")

    assert queries.unread_total(company_admin) == 1
    assert queries.unread_by_application(company_admin, [application]) == {application.pk: 1}
    assert [thread.unread for thread in queries.inbox(company_admin)] == [1]
    assert queries.unread_total(recruiter) == 1


def test_the_student_counts_every_message_not_their_own(
    client, student, application, company_admin, recruiter, write
):
    write(application, recruiter)
    write(application, company_admin)
    write(application, student)

    assert queries.unread_total(student) == 2
    assert [thread.unread for thread in queries.inbox(student)] == [2]
