"""After an erasure, the records that never change (events, file openings) and other
people's notifications hold nothing that names the person."""

from django.urls import reverse

from notifications.models import Access, Event, Notification
from tests import factories
from tests.privacy.test_erasure import ask_for_erasure


def strings_in_records() -> str:
    parts = [str(row) for row in Event.objects.values_list("note", "note_params")]
    parts += [str(row) for row in Access.objects.values_list("label", "details")]
    parts += [str(params) for params in Notification.objects.values_list("params", flat=True)]
    return "\n".join(parts).lower()


def test_after_an_erasure_no_record_names_the_person(
    client, student, staff, host_tutor, placement, django_capture_on_commit_callbacks
):
    student.first_name, student.last_name = "Zenobia", "Zamfirescu"
    student.save()
    profile = student.student_profile
    profile.phone = "+40 722 123 456"
    profile.save()
    name, email = "zenobia zamfirescu", student.email.lower()
    application = factories.ApplicationFactory(placement=placement, student=student)
    Notification.objects.create(
        recipient=host_tutor, kind="application_received", params={"student": "Zenobia Zamfirescu"}
    )
    client.force_login(staff)
    client.get(reverse("staff_students"), {"q": "Zamfirescu", "export": "csv"})
    client.force_login(student)
    assert client.get(reverse("application_cv", args=[application.pk])).status_code == 200
    client.logout()

    ask_for_erasure(client, student, django_capture_on_commit_callbacks)

    records = strings_in_records()
    assert name not in records
    assert "zamfirescu" not in records
    assert email not in records
    assert "722 123 456" not in records
    assert not Notification.objects.filter(recipient=host_tutor).exists()


def test_a_phone_change_records_which_field_changed_not_the_numbers(host_tutor):
    from mentors.services.profile import update_mentor_profile

    profile = host_tutor.mentor_profile
    update_mentor_profile(
        profile=profile, by=host_tutor, phone="+40 744 555 666", job_title="", expertise=""
    )

    note = Event.objects.filter(action="mentor_profile_edited").get().note
    assert "phone" in note
    assert "744" not in note


def test_opening_a_cv_records_the_kind_and_the_application_not_the_file_name(
    client, student, placement
):
    application = factories.ApplicationFactory(placement=placement, student=student)
    client.force_login(student)

    response = client.get(reverse("application_cv", args=[application.pk]))

    assert response.status_code == 200
    access = Access.objects.get()
    assert (access.kind, access.subject, access.label) == ("cv", application, "")
