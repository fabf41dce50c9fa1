import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentors.models import Competency
from office.services import save_competency

LIST_URL = reverse("staff_rubric")


def edit_url(competency):
    return reverse("staff_competency_edit", args=[competency.pk])


def competency_data(**changes):
    data = {
        "name": "Problem solving",
        "name_ro": "Rezolvarea problemelor",
        "description": "Breaks a problem down and solves it.",
        "position": "8",
        "is_active": "on",
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


@pytest.fixture
def teamwork(db):
    return Competency.objects.get(name="Teamwork")


def test_anonymous_visitors_are_sent_to_log_in(client, teamwork):
    for url in (LIST_URL, edit_url(teamwork)):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("person", ["student", "company_admin", "host_tutor", "supervisor"])
def test_only_staff_edit_the_rubric(client, request, person, teamwork):
    client.force_login(request.getfixturevalue(person))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(LIST_URL, competency_data()).status_code == 403
    assert client.get(edit_url(teamwork)).status_code == 403
    assert client.post(edit_url(teamwork), competency_data()).status_code == 403
    assert Competency.objects.count() == 7
    assert Competency.objects.get(pk=teamwork.pk).name == "Teamwork"


def test_staff_see_the_rubric_in_order_in_both_languages(client, staff):
    Competency.objects.filter(name="Reliability").update(is_active=False)
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert [c.name for c in response.context["page"]][:2] == [
        "Professional knowledge",
        "Technical skills",
    ]
    assert "Lucru în echipă" in page
    assert "Cooperates, shares, helps colleagues." in page
    assert "No, left out of new evaluations" in page
    assert "Add a competency" in page


def test_staff_add_a_competency(client, staff):
    client.force_login(staff)

    response = client.post(LIST_URL, competency_data(), follow=True)

    competency = Competency.objects.get(name="Problem solving")
    assert (competency.name_ro, competency.position, competency.is_active) == (
        "Rezolvarea problemelor",
        8,
        True,
    )
    assert "Competency “Problem solving” saved." in response.content.decode()


@pytest.mark.parametrize("name", ["Teamwork", "teamwork", "  TEAMWORK "])
def test_a_duplicate_name_is_refused_beside_the_field(client, staff, name):
    client.force_login(staff)

    response = client.post(LIST_URL, competency_data(name=name))

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        "A competency with this name is already in the rubric."
    ]
    assert 'id="id_name_error"' in response.content.decode()
    assert Competency.objects.count() == 7


def test_a_name_is_required(client, staff):
    client.force_login(staff)

    response = client.post(LIST_URL, competency_data(name=""))

    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert Competency.objects.count() == 7


def test_staff_edit_a_competency(client, staff, teamwork):
    client.force_login(staff)
    assert client.get(edit_url(teamwork)).context["form"]["name"].value() == "Teamwork"

    response = client.post(
        edit_url(teamwork),
        competency_data(name="Teamwork", name_ro="Munca în echipă", position="2", is_active=None),
    )

    assert response.status_code == 302
    assert response.url == LIST_URL
    teamwork.refresh_from_db()
    assert (teamwork.name_ro, teamwork.position, teamwork.is_active) == (
        "Munca în echipă",
        2,
        False,
    )


def test_a_competency_out_of_use_leaves_new_evaluations(client, staff, host_tutor, internship):
    Competency.objects.filter(name="Teamwork").update(is_active=False)
    client.force_login(host_tutor)

    page = client.get(reverse("evaluation_form", args=[internship.pk, "midterm"])).content.decode()

    assert "<legend>Teamwork</legend>" not in page
    assert "<legend>Communication</legend>" in page


def test_renaming_to_another_competencys_name_is_refused(client, staff, teamwork):
    client.force_login(staff)

    response = client.post(edit_url(teamwork), competency_data(name="communication"))

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        "A competency with this name is already in the rubric."
    ]
    assert "Edit competency “Teamwork”" in response.content.decode()
    teamwork.refresh_from_db()
    assert teamwork.name == "Teamwork"


def test_editing_an_unknown_competency_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get(reverse("staff_competency_edit", args=[9999])).status_code == 404


def test_the_service_refuses_anyone_but_staff(host_tutor):
    with pytest.raises(PermissionDenied):
        save_competency(by=host_tutor, data={"name": "Punctuality", "position": 1})

    assert not Competency.objects.filter(name="Punctuality").exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_rubric_page_runs_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries, size
):
    Competency.objects.all().delete()
    Competency.objects.bulk_create(
        Competency(name=f"Competency {index}", position=index) for index in range(size)
    )
    client.force_login(staff)

    with django_assert_max_num_queries(5):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(size, 20)
