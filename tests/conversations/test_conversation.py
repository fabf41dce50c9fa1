import pytest
from django.urls import reverse

from conversations.models import Message, ReadMarker
from internships.models import Application
from tests import factories


def url(application):
    return reverse("conversation", args=[application.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_student_writes_to_the_organisation(client, student, application, company_admin):
    client.force_login(student)

    response = client.post(url(application), {"body": "  Când ar putea fi interviul?\n"})

    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.author, message.body) == (student, "Când ar putea fi interviul?")
    assert response["Location"] == f"{url(application)}#message-{message.pk}"


def test_the_thread_shows_oldest_first_with_names_and_the_organisation(
    client, student, application, recruiter, write
):
    write(application, student, "Prima întrebare")
    write(application, recruiter, "Primul răspuns")
    client.force_login(student)

    response = client.get(url(application))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Prima întrebare") < page.index("Primul răspuns")
    assert "Maria Rusu" in page and "(Codează Someș SRL)" in page


def test_a_recruiter_of_the_organisation_answers(client, student, application, recruiter):
    client.force_login(recruiter)

    response = client.post(url(application), {"body": "Joi la 10?"}, follow=True)

    assert "Your message was sent." in messages_of(response)
    assert Message.objects.get().author == recruiter


def test_the_body_is_plain_text(client, student, application, write):
    write(application, student, "<script>alert(1)</script>")
    client.force_login(student)

    page = client.get(url(application)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write a message before sending it."),
        ("   \n  ", "Write a message before sending it."),
        ("x" * 5001, "5000"),
        ("Bine\x00 făcut", "Null characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, student, application, body, error):
    client.force_login(student)

    response = client.post(url(application), {"body": body})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize("status", ["rejected", "withdrawn", "declined", "expired", "closed"])
def test_an_ended_application_s_thread_is_read_only(client, student, placement, status, write):
    application = factories.ApplicationFactory(placement=placement, student=student, status=status)
    write(application, student, "Mai devreme")
    client.force_login(student)

    response = client.post(url(application), {"body": "Încă ceva"}, follow=True)

    assert "This conversation is closed. Your message was not sent." in messages_of(response)
    assert "Mai devreme" in response.content.decode()
    assert 'name="body"' not in response.content.decode()
    assert Message.objects.count() == 1


def test_an_accepted_application_goes_on_into_the_internship(client, internship):
    client.force_login(internship.student)

    client.post(url(internship.application), {"body": "Ce aduc în prima zi?"})

    assert Message.objects.filter(application=internship.application).count() == 1


def test_the_thread_closes_when_the_internship_is_over(client, internship):
    internship.status = "completed"
    internship.save()
    client.force_login(internship.student)

    client.post(url(internship.application), {"body": "Mulțumesc!"})

    assert not Message.objects.exists()


def test_a_message_cannot_slip_in_after_the_application_ended(student, application):
    from conversations import services
    from core.services import ServiceError

    Application.objects.filter(pk=application.pk).update(status="rejected")

    with pytest.raises(ServiceError, match="closed"):
        services.post_message(application=application, by=student, body="Salut")

    assert not Message.objects.exists()


def test_another_student_gets_404(client, other_student, application):
    client.force_login(other_student)

    assert client.get(url(application)).status_code == 404
    assert client.post(url(application), {"body": "Salut"}).status_code == 404
    assert not Message.objects.exists()


def test_another_organisation_gets_404(client, other_company_admin, application):
    client.force_login(other_company_admin)

    assert client.get(url(application)).status_code == 404
    assert client.post(url(application), {"body": "Salut"}).status_code == 404


def test_the_organisation_s_host_tutor_gets_404(client, host_tutor, application):
    client.force_login(host_tutor)

    assert client.get(url(application)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, application):
    response = client.get(url(application))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_read_but_do_not_write(client, staff, student, application, write):
    write(application, student, "Bună ziua!")
    client.force_login(staff)

    page = client.get(url(application))
    posted = client.post(url(application), {"body": "Intervin"}, follow=True)

    assert "Bună ziua!" in page.content.decode()
    assert 'name="body"' not in page.content.decode()
    assert "Only the student and the organisation write here." in messages_of(posted)[0]
    assert Message.objects.count() == 1
    assert not ReadMarker.objects.filter(user=staff).exists()


def test_wrong_method_is_refused(client, student, application):
    client.force_login(student)

    assert client.put(url(application)).status_code == 405


def test_the_thread_page_s_queries_do_not_grow_with_messages(
    client, student, application, recruiter, write, django_assert_max_num_queries
):
    client.force_login(student)
    for _ in range(3):
        write(application, recruiter)
    with django_assert_max_num_queries(18) as few:
        client.get(url(application))
    for _ in range(30):
        write(application, recruiter)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(application))


def test_staff_find_the_thread_from_the_application_s_record(client, staff, application):
    client.force_login(staff)

    page = client.get(reverse("staff_application", args=[application.pk])).content.decode()

    assert f'href="{url(application)}">Messages between the student and the organisation' in page


def test_sending_too_quickly_is_refused_and_the_text_is_kept(
    client, student, application, settings, one_rate_window
):
    settings.MESSAGES_RATE_LIMIT = "2/m"
    client.force_login(student)
    for body in ["Unu", "Doi"]:
        client.post(url(application), {"body": body})

    response = client.post(url(application), {"body": "Trei"})

    assert response.status_code == 429
    assert "You are sending messages too quickly." in response.content.decode()
    assert "Trei</textarea>" in response.content.decode()
    assert Message.objects.count() == 2


def test_a_long_thread_shows_the_latest_page_and_links_to_the_older(
    client, settings, student, application, recruiter, write, django_assert_max_num_queries
):
    settings.CONVERSATION_PAGE_SIZE = 3
    sent = [write(application, recruiter, f"Mesajul {n}") for n in range(1, 8)]
    client.force_login(student)

    with django_assert_max_num_queries(18):
        latest = client.get(url(application))

    assert [m.pk for m in latest.context["thread"]] == [m.pk for m in sent[4:]]
    assert latest.context["older_before"] == sent[4].pk
    assert f'href="?before={sent[4].pk}"' in latest.content.decode()
    assert ReadMarker.objects.get(user=student, application=application).last_read == sent[6]

    older = client.get(url(application), {"before": sent[4].pk})
    assert [m.pk for m in older.context["thread"]] == [m.pk for m in sent[1:4]]
    oldest = client.get(url(application), {"before": sent[1].pk})
    assert [m.pk for m in oldest.context["thread"]] == [sent[0].pk]
    assert oldest.context["older_before"] is None
    assert "Older messages" not in oldest.content.decode()


def test_a_bad_before_shows_the_latest_page(client, student, application, recruiter, write):
    sent = write(application, recruiter)
    client.force_login(student)

    for before in ("abc", "-4", ""):
        response = client.get(url(application), {"before": before})
        assert response.status_code == 200
        assert [m.pk for m in response.context["thread"]] == [sent.pk]


def test_the_older_page_does_not_move_the_read_marker(
    client, settings, student, application, recruiter, write
):
    settings.CONVERSATION_PAGE_SIZE = 2
    sent = [write(application, recruiter) for _ in range(4)]
    client.force_login(student)

    client.get(url(application), {"before": sent[2].pk})

    assert not ReadMarker.objects.filter(user=student, application=application).exists()
