"""Staff record an internship made outside Practica, for example on paper."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import County, Invitation
from internships.models import Agreement, Internship
from notifications.models import Event, Notification
from tests import factories

URL = reverse("internship_record")


def record_post(person, organisation, period, /, **changes) -> dict:
    data = {
        "student": person.student_profile.student_number,
        "host": "RO" + organisation.registration_number,
        "period": period.pk,
        "title": "Analyst intern",
        "starts_on": period.starts_on.isoformat(),
        "ends_on": (period.starts_on + timedelta(days=40)).isoformat(),
        "hours_per_week": "30",
        "schedule": "",
        "county": County.objects.get(code="CJ").pk,
        "city": "Cluj-Napoca",
        "place": "Str. Memorandumului 28",
        "work_mode": "hybrid",
        "activities": "Reports",
        "competences": "",
        "tutor_email": "noul.tutore@firma.ro",
        "tutor_first_name": "Radu",
        "tutor_last_name": "Pop",
        "supervisor": "",
    }
    data.update(changes)
    return data


def test_staff_record_an_internship_and_invite_its_tutor(
    client, staff, student, organisation, period, supervisor, company_admin
):
    client.force_login(staff)

    response = client.post(
        URL, record_post(student, organisation, period, supervisor=supervisor.pk)
    )

    internship = Internship.objects.get()
    assert response.status_code == 302 and response["Location"] == internship.get_absolute_url()
    assert (internship.source, internship.student, internship.organisation) == (
        "recorded",
        student,
        organisation,
    )
    assert internship.academic_supervisor == supervisor and internship.hours_per_week == 30
    assert internship.tutor_invitation.email == "noul.tutore@firma.ro"
    assert internship.tutor_invitation.kind == Invitation.Kind.HOST_TUTOR
    assert Agreement.objects.filter(internship=internship).exists()
    assert Event.objects.filter(object_id=internship.pk, action="created").exists()
    assert Notification.objects.filter(recipient=student, kind="internship_recorded").exists()
    assert Notification.objects.filter(recipient=company_admin, kind="intern_joins_host").exists()


def test_a_tutor_of_the_host_is_assigned_by_email(
    client, staff, student, organisation, period, host_tutor
):
    client.force_login(staff)

    client.post(URL, record_post(student, organisation, period, tutor_email=host_tutor.email))

    internship = Internship.objects.get()
    assert internship.host_tutor == host_tutor and internship.tutor_invitation is None


def test_the_signed_scan_opens_the_logbook(client, staff, student, organisation, period):
    client.force_login(staff)
    data = record_post(student, organisation, period, scan=factories.pdf_upload("signed.pdf"))

    client.post(URL, data)

    agreement = Agreement.objects.get()
    assert agreement.paper_scan and agreement.opens_logbook


def test_the_student_is_found_by_email(client, staff, student, organisation, period):
    client.force_login(staff)

    client.post(URL, record_post(student, organisation, period, student=student.email.upper()))

    assert Internship.objects.get().student == student


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"student": "nobody@example.org"}, "student", "No student"),
        ({"host": "12345678"}, "host", "No organisation"),
        ({"hours_per_week": "0"}, "hours_per_week", "between 1 and 40"),
        ({"ends_on": "2000-01-01"}, "ends_on", "after the start date"),
    ],
)
def test_bad_input_is_refused_beside_its_field(
    client, staff, student, organisation, period, changes, field, message
):
    client.force_login(staff)

    response = client.post(URL, record_post(student, organisation, period, **changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Internship.objects.exists()


def test_a_student_with_an_internship_in_the_period_is_refused(client, staff, internship):
    client.force_login(staff)
    data = record_post(internship.student, internship.organisation, internship.period)
    data["starts_on"] = internship.period.starts_on.isoformat()

    response = client.post(URL, data)

    assert response.status_code == 400
    assert "already holds an internship" in response.context["form"].errors["student"][0]
    assert Internship.objects.count() == 1


def test_a_tutor_address_of_another_account_is_refused(
    client, staff, student, organisation, period, other_student
):
    client.force_login(staff)

    response = client.post(
        URL, record_post(student, organisation, period, tutor_email=other_student.email)
    )

    assert "not a host tutor" in response.context["form"].errors["tutor_email"][0]
    assert not Internship.objects.exists()


def test_a_scan_that_is_no_pdf_records_nothing(client, staff, student, organisation, period):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    scan = SimpleUploadedFile("scan.pdf", b"not a pdf", content_type="application/pdf")

    response = client.post(URL, record_post(student, organisation, period, scan=scan))

    assert response.status_code == 400
    assert not Internship.objects.exists() and not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_only_staff_record(client, request, role, student, organisation, period):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, record_post(student, organisation, period)).status_code == 403
    assert not Internship.objects.exists()
