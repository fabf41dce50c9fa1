import pytest
from django.urls import reverse

from privacy.models import ErasureRequest
from tests import factories


def make_requests(count):
    for n in range(count):
        user = factories.StudentFactory().user
        ErasureRequest.objects.create(
            user=user,
            status="done" if n % 2 else "refused",
            reason="" if n % 2 else "Stagiul este în desfășurare.",
            kept=[{"what": "Lines of the audit log", "count": 2, "why": "Kept."}],
        )


def test_staff_see_every_request_and_its_outcome(client, staff, student):
    ErasureRequest.objects.create(user=student, reason="Your internship is under way.",
                                  status="refused")  # fmt: skip
    client.force_login(staff)

    page = client.get(reverse("privacy_register")).content.decode()

    assert student.get_full_name() in page
    assert "Your internship is under way." in page
    assert "Refused" in page


def test_the_register_filters_by_status(client, staff):
    pending = factories.StudentFactory(user__first_name="Aurelia").user
    done = factories.StudentFactory(user__first_name="Bogdana").user
    ErasureRequest.objects.create(user=pending)
    ErasureRequest.objects.create(user=done, status="done")
    client.force_login(staff)

    page = client.get(reverse("privacy_register"), {"status": "pending"}).content.decode()

    assert "Aurelia" in page
    assert "Bogdana" not in page


def test_an_unknown_status_lists_every_request(client, staff, student):
    ErasureRequest.objects.create(user=student)
    client.force_login(staff)

    response = client.get(reverse("privacy_register"), {"status": "<script>"})

    assert response.status_code == 200
    assert student.get_full_name() in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_register_costs_the_same_queries_for_3_or_30_rows(
    client, staff, rows, django_assert_max_num_queries
):
    make_requests(rows)
    client.force_login(staff)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("privacy_register"))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_other_roles_cannot_see_the_register(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("privacy_register")).status_code == 403


def test_the_privacy_notice_is_public_and_gives_the_settings(client, settings):
    settings.CV_RETENTION_MONTHS = 18
    settings.DATA_RETENTION_YEARS = 12
    settings.PRIVACY_CONTACT_EMAIL = "dpo@ubbcluj.example"

    page = client.get(reverse("privacy_notice")).content.decode()

    assert "18 months" in page
    assert "12 years" in page
    assert "dpo@ubbcluj.example" in page


def test_the_footer_links_to_the_privacy_notice(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert page.count(reverse("privacy_notice")) == 2


def test_every_role_reaches_their_data_page(client, student, company_admin, host_tutor, staff):
    for user in (student, company_admin, host_tutor, staff):
        client.force_login(user)
        assert client.get(reverse("privacy_data")).status_code == 200
