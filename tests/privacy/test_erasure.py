from django.contrib.auth import SESSION_KEY
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import StudentCV, User
from conversations.models import Message
from internships.models import Application, Internship, SavedSearch
from mentors.models import LogbookEntry
from notifications.models import Event, Notification
from privacy.models import ErasureRequest
from tests import factories


def ask_for_erasure(client, user, django_capture_on_commit_callbacks, *, email=None):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("privacy_erasure_request"), {"email": email or user.email}, follow=True
        )


def finished_internship(student, placement, host_tutor, supervisor):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        status="completed",
    )


def test_erasure_anonymises_what_the_law_keeps_and_deletes_the_rest(
    client, student, placement, other_placement, host_tutor, supervisor,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    internship = finished_internship(student, placement, host_tutor, supervisor)
    factories.LogbookEntryFactory(internship=internship, status="approved")
    rejected = factories.ApplicationFactory(
        placement=other_placement, student=student, status="rejected"
    )
    Message.objects.create(application=rejected, author=student, body="Bună ziua!")
    Message.objects.create(application=internship.application, author=student, body="Mulțumesc")
    cv = factories.give_cv(student)
    SavedSearch.objects.create(student=student, name="Django", params={"q": "django"})
    Notification.objects.create(recipient=student, kind="data_export_ready", params={})
    kept_cv_name, rejected_cv_name, own_cv_name = (
        internship.application.cv.name, rejected.cv.name, cv.file.name,
    )  # fmt: skip

    response = ask_for_erasure(client, student, django_capture_on_commit_callbacks)

    assert response.redirect_chain[-1][0] == reverse("privacy_erasure_requested")
    assert SESSION_KEY not in client.session
    student.refresh_from_db()
    assert student.get_full_name() == f"Erased user #{student.pk}"
    assert student.email == f"erased-{student.pk}@erased.invalid"
    assert not student.is_active
    assert not student.has_usable_password()
    assert student.student_profile.phone == ""
    assert Internship.objects.filter(pk=internship.pk).exists()
    assert LogbookEntry.objects.filter(internship=internship).count() == 1
    kept = Application.objects.get(pk=internship.application_id)
    assert (kept.cv.name, kept.cover_letter) == ("", "")
    assert not Application.objects.filter(pk=rejected.pk).exists()
    assert list(Message.objects.filter(author=student).values_list("body", flat=True)) == ["—"]
    assert not StudentCV.objects.filter(profile__user=student).exists()
    assert not SavedSearch.objects.filter(student=student).exists()
    assert not Notification.objects.filter(recipient=student).exists()
    assert not student.emailaddress_set.exists()
    for name in (kept_cv_name, rejected_cv_name, own_cv_name):
        assert not default_storage.exists(name)
    request = ErasureRequest.objects.get(user=student)
    assert request.status == ErasureRequest.Status.DONE
    assert request.finished_at is not None
    assert request.kept[0]["count"] == 1
    assert request.deleted["applications"] == 1
    assert Event.objects.filter(action="erasure_done").count() == 1


def test_the_erased_person_cannot_log_in_again(client, student, django_capture_on_commit_callbacks):
    email = student.email
    ask_for_erasure(client, student, django_capture_on_commit_callbacks)
    client.logout()

    assert not client.login(email=email, password=factories.PASSWORD)
    assert client.get(reverse("privacy_data")).status_code == 302


def test_a_wrong_email_changes_nothing(client, student, django_capture_on_commit_callbacks):
    response = ask_for_erasure(
        client, student, django_capture_on_commit_callbacks, email="someone@example.org"
    )

    assert "does not match" in response.content.decode()
    assert not ErasureRequest.objects.exists()
    student.refresh_from_db()
    assert student.is_active


def test_a_second_request_while_one_is_pending_is_refused(
    client, student, django_capture_on_commit_callbacks
):
    ErasureRequest.objects.create(user=student)

    response = ask_for_erasure(client, student, django_capture_on_commit_callbacks)

    assert "already being carried out" in response.content.decode()
    assert ErasureRequest.objects.filter(user=student).count() == 1
    student.refresh_from_db()
    assert student.is_active and student.email.endswith("@example.org")


def test_a_running_internship_refuses_the_erasure_with_its_reason(
    client, student, internship, django_capture_on_commit_callbacks
):
    response = ask_for_erasure(client, student, django_capture_on_commit_callbacks)

    assert "internship is under way" in response.content.decode()
    request = ErasureRequest.objects.get(user=student)
    assert request.status == ErasureRequest.Status.REFUSED
    assert "under way" in request.reason
    student.refresh_from_db()
    assert student.is_active
    assert Application.objects.filter(student=student).exists()


def test_an_open_offer_refuses_the_erasure(
    client, student, placement, django_capture_on_commit_callbacks
):
    factories.ApplicationFactory(placement=placement, student=student, status="offered")

    ask_for_erasure(client, student, django_capture_on_commit_callbacks)

    assert ErasureRequest.objects.get(user=student).status == "refused"


def test_a_mentor_of_an_internship_under_way_is_refused(
    client, host_tutor, internship, django_capture_on_commit_callbacks
):
    ask_for_erasure(client, host_tutor, django_capture_on_commit_callbacks)

    assert ErasureRequest.objects.get(user=host_tutor).status == "refused"


def test_a_mentor_keeps_the_evaluations_they_wrote_under_the_erased_name(
    client, student, placement, host_tutor, supervisor, django_capture_on_commit_callbacks
):
    internship = finished_internship(student, placement, host_tutor, supervisor)
    entry = factories.LogbookEntryFactory(internship=internship, status="approved")
    entry.reviewed_by = host_tutor
    entry.save(update_fields=["reviewed_by"])

    ask_for_erasure(client, host_tutor, django_capture_on_commit_callbacks)

    entry.refresh_from_db()
    assert entry.reviewed_by.get_full_name() == f"Erased user #{host_tutor.pk}"
    assert ErasureRequest.objects.get(user=host_tutor).status == "done"


def test_carrying_out_twice_erases_nothing_the_second_time(
    client, student, django_capture_on_commit_callbacks
):
    from privacy import erasure

    ask_for_erasure(client, student, django_capture_on_commit_callbacks)
    request = ErasureRequest.objects.get(user=student)
    events = Event.objects.count()

    assert erasure.carry_out(request.pk) is None
    assert Event.objects.count() == events


def test_asking_for_erasure_needs_a_post(client, student):
    client.force_login(student)
    assert client.get(reverse("privacy_erasure_request")).status_code == 405


def test_the_users_left_are_only_the_others(
    client, student, other_student, django_capture_on_commit_callbacks
):
    ask_for_erasure(client, student, django_capture_on_commit_callbacks)

    other_student.refresh_from_db()
    assert other_student.is_active
    assert User.objects.filter(email__endswith="@erased.invalid").count() == 1
