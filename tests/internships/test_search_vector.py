import pytest
from django.db import connection
from django.urls import reverse

from internships import queries, search, services
from tests.factories import PlacementFactory

URL = reverse("placement_search")


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the stored search vector exists on PostgreSQL only")


def found(text):
    return list(
        queries.search_text(queries.placements_for_search(), text).values_list("title", flat=True)
    )


def test_text_without_diacritics_finds_the_title_with_them(postgresql):
    PlacementFactory(title="Știința datelor", description="Analize pentru spitale.")
    PlacementFactory(title="Contabilitate")

    assert found("stiinta datelor") == ["Știința datelor"]


def test_text_with_diacritics_finds_the_title_without_them(postgresql):
    PlacementFactory(title="Internship in stiinta materialelor")

    assert found("Știința") == ["Internship in stiinta materialelor"]


def test_romanian_words_are_found_by_their_stem(postgresql):
    PlacementFactory(title="Programatori web", description="Căutăm programatori.")

    assert found("programare") == ["Programatori web"]


def test_the_organisation_and_the_city_are_searched(postgresql):
    PlacementFactory(title="Lab", organisation__legal_name="Bio Someș SRL", city="Oradea")
    PlacementFactory(title="Other", city="Iași")

    assert found("somes") == ["Lab"]
    assert found("oradea") == ["Lab"]
    assert found("iasi") == ["Other"]


def test_a_renamed_organisation_is_found_by_its_new_name(postgresql):
    placement = PlacementFactory(title="Lab", organisation__legal_name="Vechi SRL")
    placement.organisation.legal_name = "Nou Cercetare SRL"
    placement.organisation.save()

    assert found("cercetare") == ["Lab"]
    assert found("vechi") == []


def test_a_title_match_ranks_before_a_description_only_match(postgresql):
    PlacementFactory(title="Office helper", description="Some robotics on the side.")
    PlacementFactory(title="Robotics intern", description="Build things.")

    assert found("robotics") == ["Robotics intern", "Office helper"]


def test_an_edited_placement_is_found_by_its_new_words_only(postgresql, company_admin, period):
    organisation = company_admin.membership.organisation
    placement = PlacementFactory(
        organisation=organisation, period=period, title="Tester manual", status="draft"
    )
    services.update_placement(
        placement=placement,
        by=company_admin,
        data={"title": "Inginer automatizare", "description": "Pipeline-uri de livrare."},
        programmes=placement.programmes.all(),
    )

    matching = queries.search_text(
        queries.placements_visible_to(company_admin), "automatizare livrare"
    )
    assert list(matching.values_list("pk", flat=True)) == [placement.pk]
    assert not queries.search_text(queries.placements_visible_to(company_admin), "manual")


def test_update_search_vectors_refills_emptied_vectors(postgresql):
    # A word of the description only: the title, organisation and city are also found as
    # parts of words, without the vector.
    placement = PlacementFactory(title="Field work", description="Geolog de teren.")
    PlacementFactory._meta.model.objects.filter(pk=placement.pk).update(search_vector=None)
    assert found("geolog") == []

    assert search.update_search_vectors(ids=[placement.pk]) == 1

    assert found("geolog") == ["Field work"]


def test_the_search_uses_the_gin_index_of_the_vector(postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["internships_placement_search_vector_gin"],
        )
        (definition,) = cursor.fetchone()
    assert "gin (search_vector)" in definition


def test_a_query_of_ten_thousand_characters_answers_a_normal_page(client, db):
    PlacementFactory(title="Frontend intern")

    response = client.get(URL, {"q": "frontend " + "x" * 10_000})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0


def test_a_query_of_punctuation_only_finds_nothing(client, db):
    PlacementFactory(title="Frontend intern")

    response = client.get(URL, {"q": "!!! ?? & | ( ) :* '\" -"})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0


@pytest.mark.parametrize("text", ["a & b | !c", "'quoted' \"words\"", "<->:*", "20% off_"])
def test_operators_in_the_text_are_words_not_syntax(client, db, text):
    assert client.get(URL, {"q": text}).status_code == 200


@pytest.mark.parametrize("page_number", ["999", "-1", "0"])
def test_pages_out_of_range_answer_a_normal_page(client, db, page_number):
    PlacementFactory(title="Frontend intern")

    response = client.get(URL, {"q": "frontend", "page": page_number})

    assert response.status_code == 200
    assert [p.title for p in response.context["page_obj"].object_list] == ["Frontend intern"]
