from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from internships import facets
from tests.factories import (
    CountyFactory,
    OrganisationFactory,
    PlacementFactory,
    ProgrammeFactory,
    SkillFactory,
)

URL = reverse("placement_search")


def titles(response):
    return [placement.title for placement in response.context["page_obj"].object_list]


@pytest.fixture
def make(organisation, period, programme):
    def make(**kwargs):
        kwargs.setdefault("organisation", organisation)
        kwargs.setdefault("period", period)
        kwargs.setdefault("programmes", [programme])
        return PlacementFactory(**kwargs)

    return make


def test_anonymous_can_search_and_sees_the_placement_cards(client, make):
    python = SkillFactory(name="Python")
    make(title="Backend intern (Django)", skills=[python], is_paid=True, stipend=1500)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Backend intern (Django)" in page
    assert "Codează Someș SRL" in page
    assert "Cluj-Napoca, Cluj" in page
    assert "Hybrid" in page
    assert "Python" in page
    assert "1,500 RON a month" in page or "1500 RON a month" in page
    assert "1 placement found" in page
    placement = response.context["page_obj"].object_list[0]
    assert f'href="{placement.get_absolute_url()}"' in page


def test_the_filter_form_has_labels_and_a_search_button(client, db):
    page = client.get(URL).content.decode()

    for field in ("q", "programme", "skills", "county", "city", "work_mode", "paid", "period"):
        assert f'for="id_{field}"' in page
    assert 'for="id_open"' in page
    assert ">Search</button>" in page
    assert 'hx-get="/placements/"' in page
    assert 'hx-target="#results"' in page
    assert 'hx-push-url="true"' in page


def test_text_search_matches_the_title(client, make):
    make(title="Frontend intern")
    make(title="Data analyst")

    response = client.get(URL, {"q": "frontend"})

    assert titles(response) == ["Frontend intern"]


def test_text_search_matches_the_organisation_name(client, make):
    make(title="Frontend intern", organisation=OrganisationFactory(legal_name="Nordic Bits SRL"))
    make(title="Data analyst")

    response = client.get(URL, {"q": "nordic"})

    assert titles(response) == ["Frontend intern"]


def test_filter_by_programme(client, make):
    mathematics = ProgrammeFactory(name="Mathematics", code="MATE")
    make(title="For mathematicians", programmes=[mathematics])
    make(title="For computer scientists")

    response = client.get(URL, {"programme": mathematics.pk})

    assert titles(response) == ["For mathematicians"]


def test_filter_by_any_of_the_skills_lists_each_placement_once(client, make):
    python, sql, java = SkillFactory(name="Python"), SkillFactory(name="SQL"), SkillFactory()
    make(title="Both", skills=[python, sql])
    make(title="Only SQL", skills=[sql])
    make(title="Java", skills=[java])

    response = client.get(URL, {"skills": [python.pk, sql.pk]})

    assert sorted(titles(response)) == ["Both", "Only SQL"]


def test_filter_by_county_and_city(client, make):
    bihor = CountyFactory(code="BH", name="Bihor")
    make(title="In Oradea", county=bihor, city="Oradea")
    make(title="In Cluj")

    assert titles(client.get(URL, {"county": bihor.pk})) == ["In Oradea"]
    assert titles(client.get(URL, {"city": "oradea"})) == ["In Oradea"]


def test_filter_by_work_mode(client, make):
    make(title="Remote one", work_mode="remote")
    make(title="On site one", work_mode="on_site")

    response = client.get(URL, {"work_mode": "remote"})

    assert titles(response) == ["Remote one"]


def test_filter_by_paid(client, make):
    make(title="Paid", is_paid=True, stipend=2000)
    make(title="Unpaid")

    assert titles(client.get(URL, {"paid": "yes"})) == ["Paid"]
    assert titles(client.get(URL, {"paid": "no"})) == ["Unpaid"]


def test_open_only_hides_placements_past_their_deadline(client, make):
    make(title="Open")
    make(title="Past deadline", deadline=timezone.localdate() - timedelta(days=1))

    assert sorted(titles(client.get(URL))) == ["Open", "Past deadline"]
    assert titles(client.get(URL, {"open": "on"})) == ["Open"]


def test_sort_by_deadline_soonest(client, make):
    today = timezone.localdate()
    make(title="Later", deadline=today + timedelta(days=20))
    make(title="Sooner", deadline=today + timedelta(days=3))
    make(title="Middle", deadline=today + timedelta(days=10))

    response = client.get(URL, {"sort": "deadline"})

    assert titles(response) == ["Sooner", "Middle", "Later"]


def test_newest_first_by_default(client, make):
    now = timezone.now()
    make(title="Old", published_at=now - timedelta(days=5))
    make(title="New", published_at=now)

    assert titles(client.get(URL)) == ["New", "Old"]
    assert titles(client.get(URL, {"sort": "newest"})) == ["New", "Old"]


def test_pagination_links_keep_the_filters(client, make, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        make(title=f"Remote {n}", work_mode="remote")
    make(title="On site", work_mode="on_site")

    response = client.get(URL, {"work_mode": "remote", "q": "remote"})

    page = response.content.decode()
    assert "3 placements found" in page
    assert 'href="?work_mode=remote&amp;q=remote&amp;page=2"' in page
    second = client.get(URL, {"work_mode": "remote", "q": "remote", "page": 2})
    assert len(titles(second)) == 1
    assert 'href="?work_mode=remote&amp;q=remote&amp;page=1"' in second.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, make):
    make(title="Frontend intern")

    response = client.get(URL, {"q": "frontend"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "internships/public/_results.html"
    assert "Frontend intern" in page
    assert "<html" not in page
    assert "<form" not in page


def test_without_htmx_the_full_page_is_rendered(client, make):
    response = client.get(URL, {"q": "x"})

    assert "<html" in response.content.decode()
    assert "<form" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"programme": "abc"},
        {"skills": ["x", "999999"]},
        {"county": "-1"},
        {"work_mode": "underwater"},
        {"paid": "maybe"},
        {"period": "1e9"},
        {"sort": "random"},
        {"page": "last-but-one"},
        {"open": "perhaps"},
    ],
)
def test_nonsense_filter_values_do_not_crash(client, make, params):
    make(title="Frontend intern")

    response = client.get(URL, params)

    assert response.status_code == 200
    assert titles(response) == ["Frontend intern"]


def test_nonsense_filter_value_is_explained_beside_the_field(client, make):
    response = client.get(URL, {"programme": "abc"})

    assert response.context["search"].form.errors["programme"]
    assert "Some filters were not understood" in response.content.decode()


def test_drafts_unpublished_and_suspended_organisations_are_not_listed(client, make):
    make(title="Published")
    make(title="Draft", status="draft", published_at=None)
    make(title="Submitted", status="submitted", published_at=None)
    make(title="Closed", status="closed")
    make(title="Archived", status="archived")
    make(
        title="Suspended organisation",
        organisation=OrganisationFactory(status=Organisation.Status.SUSPENDED),
    )
    make(
        title="Pending organisation",
        organisation=OrganisationFactory(status=Organisation.Status.PENDING),
    )

    assert titles(client.get(URL)) == ["Published"]


def test_a_logged_in_student_can_search(client, student, make):
    make(title="Frontend intern")
    client.force_login(student)

    response = client.get(URL)

    assert titles(response) == ["Frontend intern"]


@pytest.mark.parametrize("rows", [3, 30])
def test_search_query_count_does_not_grow_with_the_rows(
    client, make, rows, django_assert_max_num_queries
):
    skills = [SkillFactory(name="Python"), SkillFactory(name="SQL")]
    programmes = [ProgrammeFactory(name="Mathematics", code="MATE"), ProgrammeFactory()]
    for n in range(rows):
        make(title=f"Placement {n}", skills=skills, programmes=programmes)

    facets.counts()  # the facet counts are cached (one read; a query with the DB cache)
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"skills": [skills[0].pk], "sort": "deadline"})

    assert len(titles(response)) == min(rows, 20)


def test_each_single_choice_filter_offers_any_first(client, db):
    page = client.get(URL).content.decode()

    for name in ("programme", "county", "work_mode", "paid", "period"):
        select = page[page.index(f'name="{name}"') :]
        first_option = select[select.index("<option") : select.index("</option>")]
        assert first_option.endswith(">Any"), (name, first_option)
