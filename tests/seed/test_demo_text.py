"""The demo's words: English throughout, names in their own case."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Organisation
from internships.models import Placement


@pytest.fixture
def demo(db):
    call_command(
        "seed_demo",
        students=5,
        organisations=3,
        mentors=4,
        placements=6,
        applications=6,
        verbosity=0,
    )


def test_an_organisations_page_keeps_the_case_of_its_sector(client, demo):
    organisation = Organisation.objects.filter(status="verified").select_related("sector").first()

    content = client.get(reverse("organisation_page", args=[organisation.pk])).content.decode()

    assert organisation.sector.name in content
    assert organisation.sector.name.lower() not in content
    assert organisation.description in content


def test_placement_descriptions_are_english_with_the_romanian_words_apart(demo):
    description = Placement.objects.first().description

    assert "You learn by doing: data science, programming and teamwork" in description
    assert "(in Romanian: știința datelor, programare, lucru în echipă)" in description


def test_the_romanian_words_are_still_found_without_diacritics(client, demo):
    response = client.get(reverse("placement_search"), {"q": "stiinta datelor"})

    assert response.context["page_obj"].paginator.count > 0
