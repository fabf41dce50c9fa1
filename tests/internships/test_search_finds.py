"""The public search finds what people type: diacritics and case aside, skills,
organisation and a part of the city, on SQLite as on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from internships import facets, queries
from tests.factories import PlacementFactory, SkillFactory

URL = reverse("placement_search")


def titles(response):
    assert response.status_code == 200
    return sorted(placement.title for placement in response.context["page_obj"].object_list)


def found(text):
    return sorted(
        queries.search_text(queries.placements_for_search(), text).values_list("title", flat=True)
    )


@pytest.fixture
def make(organisation, period, programme):
    def make(**kwargs):
        kwargs.setdefault("organisation", organisation)
        kwargs.setdefault("period", period)
        kwargs.setdefault("programmes", [programme])
        return PlacementFactory(**kwargs)

    return make


def test_stiinta_finds_stiinta_datelor(client, make):
    make(title="Știința datelor", description="Analize pentru spitale.")
    make(title="Contabilitate")

    assert titles(client.get(URL, {"q": "stiinta"})) == ["Știința datelor"]
    assert titles(client.get(URL, {"q": "STIINTA DATELOR"})) == ["Știința datelor"]


def test_text_with_diacritics_finds_a_title_written_without_or_with_the_cedilla(make):
    make(title="Stiinta materialelor")
    make(title="Ştiinţa solului")  # s and t with the cedilla

    assert found("știința") == ["Stiinta materialelor", "Ştiinţa solului"]


def test_python_finds_every_placement_asking_for_the_python_skill(client, make):
    python = SkillFactory(name="Python")
    for n in range(13):
        make(title=f"Intern {n:02}", skills=[python])
    make(title="Accountant", skills=[SkillFactory(name="Excel")])

    response = client.get(URL, {"q": "python"})

    assert response.context["page_obj"].paginator.count == 13
    assert "Accountant" not in titles(response)


def test_a_placement_with_two_matching_skills_is_found_once(make):
    make(title="Scripting", skills=[SkillFactory(name="Python"), SkillFactory(name="PyTest")])

    assert found("py") == ["Scripting"]


def test_a_skill_is_found_by_its_romanian_name_too(make):
    make(title="Analist", skills=[SkillFactory(name="Data analysis", name_ro="Analiza datelor")])
    make(title="Contabil", skills=[SkillFactory(name="Accounting", name_ro="Contabilitate")])

    assert found("analiza") == ["Analist"]
    assert found("data analysis") == ["Analist"]


def test_the_organisation_is_found_from_plain_letters(make):
    make(title="Lab")  # at "Codează Someș SRL"

    assert found("codeaza somes") == ["Lab"]


def test_a_part_of_the_city_finds_it_in_the_text_box_and_in_the_city_filter(client, make):
    make(title="In Cluj", city="Cluj-Napoca")
    make(title="In Targu Mures", city="Târgu Mureș")

    assert titles(client.get(URL, {"q": "cluj"})) == ["In Cluj"]
    assert titles(client.get(URL, {"city": "cluj"})) == ["In Cluj"]
    assert titles(client.get(URL, {"city": "NAPOCA"})) == ["In Cluj"]
    assert titles(client.get(URL, {"city": "targu mures"})) == ["In Targu Mures"]
    assert titles(client.get(URL, {"city": "Oradea"})) == []


def test_each_word_may_be_found_in_a_different_place(make):
    python = SkillFactory(name="Python")
    make(title="Backend", skills=[python], city="Oradea")
    make(title="Frontend", skills=[python], city="Cluj-Napoca")

    assert found("python oradea") == ["Backend"]
    assert found("python backend") == ["Backend"]
    assert found("python iasi") == []


def test_the_best_match_still_comes_first_on_postgresql(client, make):
    if connection.vendor != "postgresql":
        pytest.skip("the full-text ranking is PostgreSQL's")
    python = SkillFactory(name="Python")
    make(title="Python developer", description="Python services in Python.")
    make(title="Office helper", skills=[python])  # newer, found by its skill only

    response = client.get(URL, {"q": "python", "sort": "relevance"})

    ordered = [placement.title for placement in response.context["page_obj"].object_list]
    assert ordered[0] == "Python developer"
    assert sorted(ordered) == ["Office helper", "Python developer"]


@pytest.mark.parametrize("rows", [3, 30])
def test_a_text_search_needs_the_same_queries_for_3_or_30_rows(
    client, make, rows, django_assert_max_num_queries
):
    python = SkillFactory(name="Python")
    for n in range(rows):
        make(title=f"Placement {n}", skills=[python])

    facets.counts()  # the facet counts are cached (one read; a query with the DB cache)
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"q": "python cluj", "city": "napoca"})

    assert len(titles(response)) == min(rows, 20)
