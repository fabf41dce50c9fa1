import re

from django.urls import reverse

from tests.factories import PASSWORD


def test_password_reset_sends_a_link_that_sets_a_new_password(client, student, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": student.email})

    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    # allauth moves the key from the URL into the session, then shows the form.
    form_url = client.get(link.group(1)).url
    response = client.post(
        form_url, {"password1": "A-new-Parola-2026", "password2": "A-new-Parola-2026"}
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("A-new-Parola-2026")


def test_password_change_needs_the_old_password(client, student):
    client.force_login(student)

    wrong = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-it",
            "password1": "A-new-Parola-2026",
            "password2": "A-new-Parola-2026",
        },
    )
    right = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "A-new-Parola-2026",
            "password2": "A-new-Parola-2026",
        },
    )

    assert wrong.status_code == 200
    assert wrong.context["form"].errors["oldpassword"]
    assert right.status_code == 302
    student.refresh_from_db()
    assert student.check_password("A-new-Parola-2026")


def test_repeated_failed_logins_are_rate_limited(client, student):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": student.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": student.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
