import pytest
from django.urls import reverse

from mentors.models import FeedbackNote
from notifications.models import Notification


def write_url(internship):
    return reverse("feedback_write", args=[internship.pk])


def reply_url(note):
    return reverse("feedback_reply", args=[note.internship_id, note.pk])


def note_of(internship, author, body="Ai lucrat foarte bine la testele API.", visibility="student"):
    return FeedbackNote.objects.create(
        internship=internship, author=author, body=body, visibility=visibility
    )


# Access -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, internship, host_tutor):
    note = note_of(internship, host_tutor)

    for url in (write_url(internship), reply_url(note)):
        response = client.post(url, {"body": "x"})

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert FeedbackNote.objects.count() == 1


def test_both_answer_405_to_get(client, host_tutor, student, internship):
    note = note_of(internship, host_tutor)
    client.force_login(host_tutor)
    assert client.get(write_url(internship)).status_code == 405
    client.force_login(student)
    assert client.get(reply_url(note)).status_code == 405


@pytest.mark.parametrize("role", ["student", "company_admin", "recruiter", "staff"])
def test_only_the_mentors_write_notes(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(write_url(internship), {"body": "Notă", "visibility": "student"})

    assert response.status_code == 403
    assert not FeedbackNote.objects.exists()


def test_a_mentor_of_another_intern_gets_404(client, host_tutor, other_internship):
    client.force_login(host_tutor)

    response = client.post(write_url(other_internship), {"body": "Notă", "visibility": "student"})

    assert response.status_code == 404
    assert not FeedbackNote.objects.exists()


# Writing ------------------------------------------------------------------------------


def test_the_page_offers_mentors_the_note_form(client, supervisor, internship):
    client.force_login(supervisor)

    content = client.get(internship.get_absolute_url()).content.decode()

    assert write_url(internship) in content
    assert "The student and staff" in content
    assert "Staff only" in content


def test_a_mentor_writes_a_note_for_the_student(client, host_tutor, student, internship):
    client.force_login(host_tutor)

    response = client.post(
        write_url(internship),
        {"body": "Ai lucrat foarte bine la testele API.", "visibility": "student"},
        follow=True,
    )

    content = response.content.decode()
    note = FeedbackNote.objects.get()
    assert (note.author, note.visibility) == (host_tutor, "student")
    assert "Your note is saved." in content
    assert "Ai lucrat foarte bine la testele API." in content
    assert "Visible to: The student and staff" in content
    assert Notification.objects.filter(recipient=student, kind="feedback_written").exists()


def test_an_empty_note_is_refused_beside_the_field(client, host_tutor, internship):
    client.force_login(host_tutor)

    response = client.post(write_url(internship), {"body": "   ", "visibility": "student"})

    assert response.status_code == 400
    assert "Write the note before saving it." in response.content.decode()
    assert not FeedbackNote.objects.exists()


def test_a_note_needs_a_known_visibility(client, host_tutor, internship):
    client.force_login(host_tutor)

    response = client.post(write_url(internship), {"body": "Notă", "visibility": "everyone"})

    assert response.status_code == 400
    assert not FeedbackNote.objects.exists()


# Staff-only notes ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["supervisor", "staff"])
def test_staff_only_notes_are_read_by_the_supervisor_and_staff(
    client, request, internship, supervisor, role
):
    note_of(internship, supervisor, body="Risc de abandon, de discutat.", visibility="staff")
    client.force_login(request.getfixturevalue(role))

    content = client.get(internship.get_absolute_url()).content.decode()

    assert "Risc de abandon, de discutat." in content
    assert "Visible to: Staff only" in content


@pytest.mark.parametrize("role", ["student", "host_tutor"])
def test_staff_only_notes_never_reach_the_student_or_the_host(
    client, request, internship, supervisor, role
):
    note_of(internship, supervisor, body="Risc de abandon, de discutat.", visibility="staff")
    note_of(internship, supervisor, body="Continuă așa!", visibility="student")
    client.force_login(request.getfixturevalue(role))

    content = client.get(internship.get_absolute_url()).content.decode()

    assert "Risc de abandon" not in content
    assert "Continuă așa!" in content


@pytest.mark.parametrize("role", ["company_admin", "recruiter"])
def test_the_organisations_members_read_no_mentoring_notes(
    client, request, internship, supervisor, role
):
    note_of(internship, supervisor, body="Risc de abandon, de discutat.", visibility="staff")
    note_of(internship, supervisor, body="Continuă așa!", visibility="student")
    client.force_login(request.getfixturevalue(role))

    content = client.get(internship.get_absolute_url()).content.decode()

    assert "Risc de abandon" not in content
    assert "Continuă așa!" not in content


def test_the_host_tutor_reads_their_own_staff_only_note(client, internship, host_tutor):
    note_of(internship, host_tutor, body="Pentru universitate.", visibility="staff")
    client.force_login(host_tutor)

    assert "Pentru universitate." in client.get(internship.get_absolute_url()).content.decode()


# Replies ------------------------------------------------------------------------------


def test_the_intern_gets_a_reply_form_under_notes_for_them(client, student, supervisor, internship):
    note = note_of(internship, supervisor)
    client.force_login(student)

    content = client.get(internship.get_absolute_url()).content.decode()

    assert reply_url(note) in content
    assert f'<label for="reply-{note.pk}">' in content


def test_the_intern_replies_and_the_mentor_reads_it(
    client, student, host_tutor, supervisor, internship
):
    note = note_of(internship, host_tutor)
    client.force_login(student)

    response = client.post(reply_url(note), {"body": "Mulțumesc, mă ocup."}, follow=True)

    reply = FeedbackNote.objects.get(reply_to=note)
    assert (reply.author, reply.visibility) == (student, "student")
    assert "Your reply is sent." in response.content.decode()
    assert Notification.objects.filter(recipient=host_tutor, kind="feedback_replied").exists()
    client.force_login(supervisor)
    content = client.get(internship.get_absolute_url()).content.decode()
    assert "Mulțumesc, mă ocup." in content
    assert "Reply from Ioana Bălan" in content


def test_an_empty_reply_is_refused(client, student, host_tutor, internship):
    note = note_of(internship, host_tutor)
    client.force_login(student)

    response = client.post(reply_url(note), {"body": " "}, follow=True)

    assert "The reply is empty." in response.content.decode()
    assert FeedbackNote.objects.count() == 1


def test_the_student_cannot_reply_to_a_staff_only_note(client, student, host_tutor, internship):
    note = note_of(internship, host_tutor, visibility="staff")
    client.force_login(student)

    response = client.post(reply_url(note), {"body": "Ce notă?"})

    assert response.status_code == 404
    assert FeedbackNote.objects.count() == 1


@pytest.mark.parametrize("role", ["host_tutor", "supervisor", "staff"])
def test_only_the_intern_replies(client, request, host_tutor, internship, role):
    note = note_of(internship, host_tutor)
    client.force_login(request.getfixturevalue(role))

    response = client.post(reply_url(note), {"body": "Răspuns"})

    assert response.status_code == 403
    assert FeedbackNote.objects.count() == 1


def test_another_student_replying_by_guessing_ids_gets_404(
    client, other_student, host_tutor, internship
):
    note = note_of(internship, host_tutor)
    client.force_login(other_student)

    assert client.post(reply_url(note), {"body": "Bună"}).status_code == 404
    assert FeedbackNote.objects.count() == 1


def test_a_note_of_another_internship_is_404_under_this_one(
    client, student, internship, other_internship
):
    foreign = note_of(other_internship, other_internship.host_tutor)
    client.force_login(student)

    url = reverse("feedback_reply", args=[internship.pk, foreign.pk])

    assert client.post(url, {"body": "Bună"}).status_code == 404
