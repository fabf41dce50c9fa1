"""The office keeps the skills and the sectors, named in English and in Romanian (#16)."""

import pytest
from django.urls import reverse

from accounts.models import Sector, Skill
from notifications.models import Event
from tests.factories import SectorFactory, SkillFactory


def list_url(kind="skills"):
    return reverse("staff_reference", args=[kind])


def edit_url(record, kind="skills"):
    return reverse("staff_reference_edit", args=[kind, record.pk])


@pytest.fixture
def skill(db):
    return SkillFactory(name="Adaptability", name_ro="Adaptabilitate")


def test_anonymous_visitors_are_sent_to_log_in(client, skill):
    for url in (list_url(), edit_url(skill)):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_forbidden(client, request, role, skill):
    client.force_login(request.getfixturevalue(role))
    before = Skill.objects.count()

    assert client.get(list_url()).status_code == 403
    assert client.post(list_url(), {"name": "Welding"}).status_code == 403
    assert client.post(edit_url(skill), {"name": "Renamed"}).status_code == 403
    assert Skill.objects.count() == before
    assert not Skill.objects.filter(name__in=["Welding", "Renamed"]).exists()


def test_staff_see_both_names(client, staff, skill):
    client.force_login(staff)

    html = client.get(list_url()).content.decode()

    assert "Adaptability" in html and "Adaptabilitate" in html
    assert edit_url(skill) in html


def test_staff_add_a_skill_and_a_sector_with_their_romanian_names(client, staff):
    client.force_login(staff)

    response = client.post(list_url(), {"name": " Welding ", "name_ro": "Sudură"}, follow=True)
    client.post(list_url("sectors"), {"name": "Mining", "name_ro": "Minerit"})

    assert Skill.objects.filter(name="Welding", name_ro="Sudură").exists()
    assert Sector.objects.filter(name="Mining", name_ro="Minerit").exists()
    assert "“Welding” saved." in response.content.decode()
    assert Event.objects.filter(action="skill_created").count() == 1
    assert Event.objects.filter(action="sector_created").count() == 1


def test_staff_give_a_sector_its_romanian_name(client, staff):
    sector = SectorFactory(name="Health", name_ro="")
    client.force_login(staff)

    response = client.post(edit_url(sector, "sectors"), {"name": "Health", "name_ro": "Sănătate"})

    assert response.status_code == 302
    sector.refresh_from_db()
    assert sector.name_ro == "Sănătate"
    event = Event.objects.get(action="sector_edited")
    assert "Sănătate" in event.note


@pytest.mark.parametrize("name", ["", "   ", "adaptability"])
def test_a_blank_or_taken_name_is_explained_and_nothing_changes(client, staff, skill, name):
    client.force_login(staff)
    before = Skill.objects.count()

    response = client.post(list_url(), {"name": name, "name_ro": "Altceva"})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert Skill.objects.count() == before
    assert not Skill.objects.filter(name_ro="Altceva").exists()


def test_renaming_onto_another_name_is_refused(client, staff, skill):
    other = SkillFactory(name="Welding")
    client.force_login(staff)

    response = client.post(edit_url(other), {"name": "ADAPTABILITY"})

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.name == "Welding"


def test_an_unknown_list_or_record_is_404(client, staff, skill):
    client.force_login(staff)

    assert client.get(list_url("counties")).status_code == 404
    assert client.get(edit_url(skill, "sectors")).status_code == 404
    assert client.get(reverse("staff_reference_edit", args=["skills", 999999])).status_code == 404


def test_the_staff_home_links_both_lists(client, staff):
    client.force_login(staff)

    html = client.get(reverse("staff_home")).content.decode()

    assert list_url("skills") in html and list_url("sectors") in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_costs_the_same_queries_whatever_its_length(
    client, staff, rows, django_assert_max_num_queries
):
    for n in range(rows):
        SkillFactory(name=f"Skill {n:02}", name_ro=f"Competență {n:02}")
    client.force_login(staff)

    with django_assert_max_num_queries(8):
        response = client.get(list_url())

    assert response.status_code == 200
