import pytest

from internships import queries
from tests.factories import PlacementFactory


@pytest.fixture
def placements(db):
    return {
        "backend": PlacementFactory(
            title="Backend developer intern", description="Django and PostgreSQL services."
        ),
        "lab": PlacementFactory(
            title="Laboratory assistant",
            description="Cell cultures and microscopy.",
            organisation__legal_name="Bio Someș SRL",
        ),
    }


def found(text):
    return set(
        queries.search_text(queries.placements_for_search(), text).values_list("title", flat=True)
    )


def test_text_search_finds_words_of_the_title_and_description(placements):
    assert found("backend") == {"Backend developer intern"}
    assert found("microscopy") == {"Laboratory assistant"}
    assert found("django services") == {"Backend developer intern"}


def test_text_search_finds_the_organisation_by_name(placements):
    assert found("Someș") == {"Laboratory assistant"}


def test_empty_text_keeps_everything(placements):
    assert len(found("   ")) == 2


def test_unpublished_placements_are_never_found(placements):
    PlacementFactory(title="Backend draft", status="draft")

    assert "Backend draft" not in found("backend")
