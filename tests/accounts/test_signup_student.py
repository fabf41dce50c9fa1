import re

import pytest
from django.urls import reverse

from accounts.models import Role, StudentProfile, User

URL = reverse("signup_student")


@pytest.fixture
def form_data(programme):
    return {
        "first_name": "Ioana",
        "last_name": "Bălan",
        "email": "ioana.balan@stud.example.ro",
        "password1": "Practica-2026!",
        "password2": "Practica-2026!",
        "programme": programme.pk,
        "year_of_study": "2",
        "student_number": "S123456",
    }


def test_sign_up_page_offers_both_doors(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert reverse("signup_student").encode() in response.content
    assert reverse("signup_organisation").encode() in response.content


def test_student_signs_up_and_gets_a_confirmation_email(client, form_data, mailoutbox):
    response = client.post(URL, form_data)

    assert response.status_code == 302
    user = User.objects.get(email="ioana.balan@stud.example.ro")
    assert user.role == Role.STUDENT
    assert user.get_full_name() == "Ioana Bălan"
    profile = StudentProfile.objects.get(user=user)
    assert (profile.programme.code, profile.year_of_study, profile.student_number) == (
        "INFO",
        2,
        "S123456",
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ioana.balan@stud.example.ro"]
    assert re.search(r"/accounts/confirm-email/\S+/", mailoutbox[0].body)


def test_student_cannot_log_in_before_confirming_the_email(client, form_data):
    client.post(URL, form_data)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": form_data["email"], "password": form_data["password1"]}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_then_logging_in_lands_on_the_student_home(
    client, form_data, mailoutbox
):
    client.post(URL, form_data)
    client.logout()
    link = re.search(r"(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)

    client.post(link)
    response = client.post(
        reverse("account_login"), {"login": form_data["email"], "password": form_data["password1"]}
    )

    assert response.status_code == 302
    assert response.url == reverse("student_home")
    page = client.get(response.url)
    assert "Welcome, Ioana" in page.content.decode()


def test_taken_email_gets_the_same_answer_as_a_new_one(client, form_data, student, mailoutbox):
    """Enumeration prevention: the page does not tell; the mailbox's owner is told by e-mail."""
    form_data["email"] = student.email.upper()
    form_data["student_number"] = ""

    response = client.post(URL, form_data)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[student.email]]
    assert mailoutbox[0].subject == "[Practica] Account Already Exists"


def test_weak_password_is_refused(client, form_data):
    form_data["password1"] = form_data["password2"] = "12345678"

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()
    assert not StudentProfile.objects.exists()


def test_mismatched_passwords_are_refused(client, form_data):
    form_data["password2"] = "Something-else-2026"

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert not User.objects.exists()


def test_disallowed_domain_is_refused_when_domains_are_set(client, form_data, settings):
    settings.STUDENT_EMAIL_DOMAINS = ["ubbcluj.ro"]
    form_data["email"] = "ioana@gmail.com"

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert "@ubbcluj.ro" in response.context["form"].errors["email"][0]
    assert not User.objects.exists()


def test_subdomain_of_an_allowed_domain_is_accepted(client, form_data, settings):
    settings.STUDENT_EMAIL_DOMAINS = ["ubbcluj.ro"]
    form_data["email"] = "ioana.balan@stud.ubbcluj.ro"

    client.post(URL, form_data)

    assert User.objects.filter(email="ioana.balan@stud.ubbcluj.ro").exists()


def test_lookalike_domain_is_refused(client, form_data, settings):
    settings.STUDENT_EMAIL_DOMAINS = ["ubbcluj.ro"]
    form_data["email"] = "ioana@evilubbcluj.ro"

    client.post(URL, form_data)

    assert not User.objects.exists()


def test_forged_role_in_post_data_is_ignored(client, form_data):
    form_data["role"] = Role.STAFF
    form_data["signup_role"] = Role.STAFF

    client.post(URL, form_data)

    assert User.objects.get().role == Role.STUDENT


def test_student_number_already_registered_is_refused(client, form_data, student):
    form_data["student_number"] = student.student_profile.student_number

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert response.context["form"].errors["student_number"]
    assert User.objects.count() == 1


def test_missing_programme_is_refused(client, form_data):
    del form_data["programme"]

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert response.context["form"].errors["programme"]
    assert not User.objects.exists()


def test_logged_in_user_visiting_sign_up_is_sent_home(client, student):
    client.force_login(student)

    response = client.get(reverse("account_signup"))

    assert response.status_code == 302
    assert response.url == reverse("student_home")
