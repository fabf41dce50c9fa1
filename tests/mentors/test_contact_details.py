import pytest
from django.urls import reverse

from accounts.models import MentorProfile
from core.services import ServiceError
from mentors.services import update_mentor_profile
from tests import factories

PROFILE = reverse("mentor_profile")
STUDENT_PHONE = "0740 111 222"
TUTOR_PHONE = "0264 333 444"
SUPERVISOR_PHONE = "+40 721 555 666"


@pytest.fixture
def phones(internship):
    internship.student.student_profile.phone = STUDENT_PHONE
    internship.student.student_profile.save()
    MentorProfile.objects.filter(user=internship.host_tutor).update(phone=TUTOR_PHONE)
    MentorProfile.objects.filter(user=internship.academic_supervisor).update(phone=SUPERVISOR_PHONE)
    return internship


def page_of(client, user, internship):
    client.force_login(user)
    return client.get(internship.get_absolute_url()).content.decode()


# On the internship page ----------------------------------------------------------------


def test_the_supervisor_sees_the_host_tutors_email_and_phone(client, phones, supervisor):
    content = page_of(client, supervisor, phones)

    assert f'href="mailto:{phones.host_tutor.email}"' in content
    assert 'href="tel:0264333444"' in content
    assert STUDENT_PHONE not in content


def test_the_host_tutor_sees_the_students_phone_and_the_supervisors_contact(
    client, phones, host_tutor
):
    content = page_of(client, host_tutor, phones)

    assert 'href="tel:0740111222"' in content
    assert f'href="mailto:{phones.student.email}"' in content
    assert f'href="mailto:{phones.academic_supervisor.email}"' in content
    assert 'href="tel:+40721555666"' in content


def test_the_student_sees_no_mentors_contact(client, phones, student):
    content = page_of(client, student, phones)

    assert TUTOR_PHONE not in content
    assert SUPERVISOR_PHONE not in content
    assert phones.host_tutor.email not in content
    assert phones.academic_supervisor.email not in content


def test_the_organisations_admin_sees_no_phone(client, phones, company_admin):
    content = page_of(client, company_admin, phones)

    for phone in (STUDENT_PHONE, TUTOR_PHONE, SUPERVISOR_PHONE):
        assert phone not in content


def test_the_host_tutor_of_another_internship_sees_nothing(client, phones, other_internship):
    client.force_login(other_internship.host_tutor)

    response = client.get(phones.get_absolute_url())

    assert response.status_code == 404
    assert STUDENT_PHONE not in response.content.decode()


def test_a_mentor_without_a_phone_shows_the_email_alone(client, internship, supervisor):
    content = page_of(client, supervisor, internship)

    assert f'href="mailto:{internship.host_tutor.email}"' in content
    assert 'href="tel:' not in content


def test_the_page_of_contacts_costs_no_query_per_person(
    client, phones, supervisor, django_assert_max_num_queries
):
    client.force_login(supervisor)
    client.get(phones.get_absolute_url())

    with django_assert_max_num_queries(60) as captured:
        client.get(phones.get_absolute_url())

    sql = [query["sql"] for query in captured.captured_queries]
    assert not [query for query in sql if 'FROM "accounts_mentorprofile"' in query]


# On the mentor's home ------------------------------------------------------------------


def test_the_host_tutors_home_lists_the_students_phone(client, phones, host_tutor):
    client.force_login(host_tutor)

    content = client.get(reverse("mentor_home")).content.decode()

    assert 'href="tel:0740111222"' in content


def test_the_supervisors_home_lists_the_host_tutors_contact(client, phones, supervisor):
    client.force_login(supervisor)

    content = client.get(reverse("mentor_home")).content.decode()

    assert 'href="tel:0264333444"' in content
    assert STUDENT_PHONE not in content


# The mentor's own details ----------------------------------------------------------------


def test_a_mentor_saves_their_phone(client, host_tutor):
    client.force_login(host_tutor)

    response = client.post(
        PROFILE, {"phone": " 0264 123 456 ", "job_title": "Team lead", "expertise": ""}
    )

    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=host_tutor)
    assert (profile.phone, profile.job_title) == ("0264 123 456", "Team lead")


def test_a_phone_that_is_not_one_is_refused_and_nothing_changes(client, host_tutor):
    MentorProfile.objects.filter(user=host_tutor).update(phone="0264 123 456")
    client.force_login(host_tutor)

    response = client.post(PROFILE, {"phone": "call me", "job_title": "", "expertise": ""})

    assert response.status_code == 400
    assert "Enter a phone number" in response.content.decode()
    assert MentorProfile.objects.get(user=host_tutor).phone == "0264 123 456"


@pytest.mark.parametrize("role", ["student", "company_admin", "staff"])
def test_the_profile_page_is_for_mentors(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(PROFILE).status_code == 403


def test_the_profile_page_changes_only_the_mentors_own_profile(client, host_tutor, organisation):
    colleague = factories.MentorFactory(organisation=organisation).user
    client.force_login(host_tutor)

    client.post(PROFILE, {"phone": "0264 999 999", "job_title": "", "expertise": ""})

    assert MentorProfile.objects.get(user=colleague).phone == ""


def test_the_service_refuses_another_mentors_profile(host_tutor, supervisor):
    with pytest.raises(ServiceError):
        update_mentor_profile(
            profile=supervisor.mentor_profile,
            by=host_tutor,
            phone="0264 999 999",
            job_title="",
            expertise="",
        )

    assert MentorProfile.objects.get(user=supervisor).phone == ""
