import pytest
from django.urls import reverse

from accounts.models import Programme
from tests.factories import FacultyFactory, ProgrammeFactory

LIST_URL = reverse("staff_programmes")


@pytest.fixture(autouse=True)
def faculty(db):
    """The one faculty a new programme joins when the form names none."""
    return FacultyFactory()


def programme_data(**changes):
    data = {"name": "Mathematics", "code": "MATE", "faculty": "Mathematics", "is_active": "on"}
    return {**data, **changes}


def test_anonymous_visitors_are_sent_to_log_in(client, programme):
    for url in (LIST_URL, reverse("staff_programme_edit", args=[programme.pk])):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_other_roles_are_forbidden(client, request, role, programme):
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(LIST_URL, programme_data()).status_code == 403
    assert client.get(reverse("staff_programme_edit", args=[programme.pk])).status_code == 403
    assert Programme.objects.count() == 1


def test_staff_see_the_programmes(client, staff, programme):
    client.force_login(staff)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "Computer Science" in response.content.decode()
    assert "INFO" in response.content.decode()


def test_staff_add_a_programme(client, staff):
    client.force_login(staff)

    response = client.post(LIST_URL, programme_data(), follow=True)

    programme = Programme.objects.get()
    assert (programme.name, programme.code, programme.is_active) == ("Mathematics", "MATE", True)
    assert "Programme “Mathematics” saved." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": "Computer Science"}, "name"), ({"code": "INFO"}, "code"), ({"name": ""}, "name")],
)
def test_duplicates_and_blanks_are_explained_beside_the_field(
    client, staff, programme, changes, field
):
    client.force_login(staff)

    response = client.post(LIST_URL, programme_data(**changes))

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Programme.objects.count() == 1


def test_staff_deactivate_a_programme(client, staff, programme):
    client.force_login(staff)

    response = client.post(
        reverse("staff_programme_edit", args=[programme.pk]),
        {"name": "Computer Science", "code": "INFO", "faculty": ""},
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.is_active is False


def test_editing_into_another_programmes_code_changes_nothing(client, staff, programme):
    other = ProgrammeFactory(name="Physics", code="FIZ")
    client.force_login(staff)

    response = client.post(
        reverse("staff_programme_edit", args=[other.pk]),
        programme_data(name="Physics", code="INFO"),
    )

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.code == "FIZ"


def test_editing_an_unknown_programme_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get(reverse("staff_programme_edit", args=[999])).status_code == 404
