from django.urls import reverse

from conversations import services
from tests import factories

URL = reverse("conversations_inbox")


def test_the_student_s_inbox_lists_threads_latest_first_with_unread(
    client, student, application, recruiter, placement, write
):
    other = factories.PlacementFactory(
        organisation=placement.organisation, programmes=[placement.programmes.first()]
    )
    earlier = factories.ApplicationFactory(placement=other, student=student)
    factories.ApplicationFactory(
        placement=factories.PlacementFactory(programmes=[placement.programmes.first()]),
        student=student,
    )
    write(earlier, recruiter)
    write(application, recruiter)
    write(application, recruiter)
    client.force_login(student)

    response = client.get(URL)

    threads = list(response.context["page_obj"].object_list)
    assert threads == [application, earlier]
    assert [thread.unread for thread in threads] == [2, 1]
    assert "Codează Someș SRL" in response.content.decode()


def test_the_host_s_inbox_names_the_student_and_a_reply_reads_the_thread(
    client, student, application, recruiter, write
):
    write(application, student)
    services.post_message(application=application, by=recruiter, body="Mulțumim!")
    client.force_login(recruiter)

    response = client.get(URL)

    [thread] = response.context["page_obj"].object_list
    assert thread.unread == 0
    assert student.display_name in response.content.decode()


def test_an_inbox_shows_no_one_else_s_threads(
    client, other_student, other_company_admin, application, student, write
):
    write(application, student)
    for person in (other_student, other_company_admin):
        client.force_login(person)
        assert list(client.get(URL).context["page_obj"].object_list) == []


def test_the_empty_inbox_says_how_to_start(client, student):
    client.force_login(student)

    assert "from the page of your application" in client.get(URL).content.decode()


def test_other_roles_may_not_open_an_inbox(client, host_tutor, staff):
    for person in (host_tutor, staff):
        client.force_login(person)
        assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_inbox_costs_the_same_for_3_threads_and_30(
    client, student, placement, recruiter, write, django_assert_max_num_queries
):
    def threads(count):
        for _ in range(count):
            other = factories.PlacementFactory(
                organisation=placement.organisation, programmes=[placement.programmes.first()]
            )
            write(factories.ApplicationFactory(placement=other, student=student), recruiter)

    client.force_login(student)
    threads(3)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    threads(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).context["page_obj"].object_list) > 3
