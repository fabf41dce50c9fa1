import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, OrganisationFactory, StudentFactory

HOMES = {
    "student": "student_home",
    "company_admin": "company_home",
    "host_tutor": "mentor_home",
    "supervisor": "mentor_home",
    "staff": "staff_home",
}


@pytest.mark.parametrize(("who", "home"), HOMES.items())
def test_login_lands_each_role_on_its_own_home(client, request, who, home):
    user = request.getfixturevalue(who)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse(home)
    assert client.get(response.url).status_code == 200


def test_wrong_password_says_so_and_logs_nobody_in(client, student):
    response = client.post(
        reverse("account_login"), {"login": student.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("who", HOMES)
def test_other_roles_homes_answer_403(client, request, who):
    client.force_login(request.getfixturevalue(who))
    own = HOMES[who]
    for home in set(HOMES.values()) - {own}:
        response = client.get(reverse(home))
        assert response.status_code == 403
        assert "You are not allowed to open this page" in response.content.decode()


@pytest.mark.parametrize("home", sorted(set(HOMES.values())))
def test_anonymous_is_sent_to_login(client, db, home):
    response = client.get(reverse(home))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_navigation_shows_only_the_roles_own_pages(client, student, staff):
    client.force_login(student)
    body = client.get(reverse("student_home")).content.decode()
    assert reverse("student_profile") in body
    assert reverse("staff_invitations") not in body

    client.force_login(staff)
    body = client.get(reverse("staff_home")).content.decode()
    assert reverse("staff_invitations") in body
    assert reverse("student_profile") not in body


def test_home_redirects_to_the_role_home(client, staff):
    client.force_login(staff)

    response = client.get(reverse("home"))

    assert response.url == reverse("staff_home")


def test_landing_is_public_and_sends_logged_in_users_home(client, student):
    assert client.get(reverse("landing")).status_code == 200
    client.force_login(student)
    assert client.get(reverse("landing")).url == reverse("student_home")


def test_unknown_page_is_the_projects_own_404(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(client, student):
    client.force_login(student)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_staff_home_shows_what_waits_for_the_office(client, staff, student, organisation):
    OrganisationFactory(legal_name="Așteaptă SRL", status="pending")
    client.force_login(staff)

    response = client.get(reverse("staff_home"))

    assert response.context["figures"]["queues"] == {
        "organisations_pending": 1,
        "placements_submitted": 0,
        "reports_open": 0,
        "without_host_tutor": 0,
    }
    assert reverse("staff_organisations") in response.content.decode()


def test_staff_home_query_count_does_not_grow(client, staff, period, django_assert_max_num_queries):
    """Counted afresh (an empty cache), as the figures are every few minutes; the database
    cache's writes are queries too (none with Redis)."""
    client.force_login(staff)
    OrganisationFactory.create_batch(3, status="pending")
    StudentFactory.create_batch(3)
    cache.clear()
    with django_assert_max_num_queries(31):
        client.get(reverse("staff_home"))
    OrganisationFactory.create_batch(30, status="pending")
    StudentFactory.create_batch(30)
    cache.clear()
    with django_assert_max_num_queries(31):
        client.get(reverse("staff_home"))


def test_company_home_query_count_does_not_grow(
    client, company_admin, organisation, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    client.force_login(company_admin)
    # 11: one of them the organisation's open allocation rounds (allocation's home section).
    with django_assert_max_num_queries(11):
        client.get(reverse("company_home"))
    MembershipFactory.create_batch(10, organisation=organisation, role="recruiter")
    with django_assert_max_num_queries(11):
        client.get(reverse("company_home"))
