"""The organisation filter of the staff lists: a text box that suggests names, not a
<select> of every organisation."""

import pytest
from django.urls import reverse

from tests import factories

NAMES = reverse("staff_organisation_names")
LISTS = [
    reverse("staff_placements"),
    reverse("staff_applications"),
    reverse("staff_internships"),
]


@pytest.fixture
def cluj(db):
    return factories.OrganisationFactory(legal_name="Codează Ardeal SRL")


@pytest.fixture
def oradea(db):
    return factories.OrganisationFactory(legal_name="Ardeal Soft Oradea SA")


def rows(response) -> list:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("url", LISTS)
def test_the_filter_is_a_text_box_with_suggestions_not_a_select(client, staff, url, cluj):
    client.force_login(staff)

    html = client.get(url).content.decode()

    assert 'name="organisation"' in html
    assert '<select name="organisation"' not in html
    assert 'list="id_organisation-suggestions"' in html
    assert '<datalist id="id_organisation-suggestions">' in html
    assert f'hx-get="{NAMES}"' in html
    assert cluj.legal_name not in html  # no organisation is listed until one types


def test_placements_are_found_by_part_of_the_name_or_by_number(client, staff, cluj, oradea):
    mine = factories.PlacementFactory(organisation=cluj)
    theirs = factories.PlacementFactory(organisation=oradea)
    client.force_login(staff)
    url = reverse("staff_placements")

    assert rows(client.get(url, {"organisation": "codează"})) == [mine]
    assert set(rows(client.get(url, {"organisation": "ardeal"}))) == {mine, theirs}
    assert rows(client.get(url, {"organisation": str(oradea.pk)})) == [theirs]
    assert rows(client.get(url, {"organisation": "nobody at all"})) == []
    assert rows(client.get(url, {"organisation": "9" * 40})) == []


def test_the_name_as_suggested_is_that_organisation_only(client, staff, cluj):
    """Choosing "Codează Ardeal SRL" from the suggestions does not also bring "Codează
    Ardeal SRL Grup"; a part of a name brings every organisation holding it."""
    longer = factories.OrganisationFactory(legal_name="Codează Ardeal SRL Grup")
    mine = factories.PlacementFactory(organisation=cluj)
    theirs = factories.PlacementFactory(organisation=longer)
    client.force_login(staff)
    url = reverse("staff_placements")

    assert rows(client.get(url, {"organisation": "codează ardeal srl"})) == [mine]
    assert set(rows(client.get(url, {"organisation": "Codează Ardeal"}))) == {mine, theirs}


def test_the_fiscal_code_finds_its_organisation(client, staff, cluj):
    mine = factories.PlacementFactory(organisation=cluj)
    client.force_login(staff)

    found = rows(
        client.get(reverse("staff_placements"), {"organisation": cluj.registration_number})
    )

    assert found == [mine]


def test_applications_and_internships_are_found_by_their_organisation(
    client, staff, cluj, oradea, internship
):
    application = factories.ApplicationFactory(placement__organisation=cluj)
    factories.ApplicationFactory(placement__organisation=oradea)
    client.force_login(staff)

    found = rows(client.get(reverse("staff_applications"), {"organisation": "Codează Ardeal"}))
    interns = rows(
        client.get(reverse("staff_internships"), {"organisation": internship.organisation.pk})
    )
    none = rows(client.get(reverse("staff_internships"), {"organisation": "Codează Ardeal"}))

    assert found == [application]
    assert interns == [internship]
    assert none == []


def test_suggestions_are_names_containing_the_text_those_starting_with_it_first(
    client, staff, cluj, oradea
):
    factories.OrganisationFactory(legal_name="Napoca <b>Bold</b> SRL")
    client.force_login(staff)

    html = client.get(NAMES, {"organisation": "ardeal"}).content.decode()

    assert html.index("Ardeal Soft Oradea SA") < html.index("Codează Ardeal SRL")
    assert html.count("<option") == 2
    escaped = client.get(NAMES, {"organisation": "bold"}).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in escaped and "<b>" not in escaped


def test_suggestions_of_nothing_or_of_nonsense_are_empty(client, staff, cluj):
    client.force_login(staff)

    for text in ("", "   ", "\x00\x01", "x" * 10_000, "zzzz"):
        response = client.get(NAMES, {"organisation": text})
        assert response.status_code == 200
        assert "<option" not in response.content.decode()


def test_suggestions_are_few_whatever_the_number_of_organisations(
    client, staff, django_assert_max_num_queries
):
    for n in range(30):
        factories.OrganisationFactory(legal_name=f"Firma Test {n:02d} SRL")
    client.force_login(staff)

    with django_assert_max_num_queries(4):
        html = client.get(NAMES, {"organisation": "firma"}).content.decode()

    assert html.count("<option") == 15


@pytest.mark.parametrize("who", ["student", "company_admin", "host_tutor"])
def test_only_staff_get_suggestions(client, request, who, cluj):
    client.force_login(request.getfixturevalue(who))

    response = client.get(NAMES, {"organisation": "cod"})

    assert response.status_code == 403
    assert cluj.legal_name not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, cluj):
    response = client.get(NAMES, {"organisation": "cod"})

    assert response.status_code == 302
