from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organisation
from internships import facets, services
from internships import figures as stats
from tests.factories import (
    ApplicationFactory,
    CountyFactory,
    OrganisationFactory,
    PeriodFactory,
    PlacementFactory,
    ProgrammeFactory,
)

URL = reverse("placement_search")
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Today stays the day the module was loaded, even in a run that crosses midnight."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)


@pytest.fixture(autouse=True)
def memory_cache(settings):
    """Redis in production: a cache hit costs no SQL query (the database cache would)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "search-facets-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make(organisation, period, programme):
    def make(**kwargs):
        kwargs.setdefault("organisation", organisation)
        kwargs.setdefault("period", period)
        kwargs.setdefault("programmes", [programme])
        return PlacementFactory(**kwargs)

    return make


@pytest.fixture
def timis(db):
    return CountyFactory(code="TM", name="Timiș")


@pytest.fixture
def draft(make):
    return make(title="Draft", status="draft", published_at=None)


def test_each_choice_counts_the_open_public_placements(make, period, programme, timis):
    maths = ProgrammeFactory(name="Mathematics", code="MATE")
    autumn = PeriodFactory(name="Autumn 2027")
    make(work_mode="remote", is_paid=True, stipend=2000, programmes=[programme, maths])
    make(work_mode="hybrid")
    make(county=timis, work_mode="hybrid", period=autumn, programmes=[maths])

    counts = facets.counts()

    cluj = CountyFactory()
    assert counts["county"] == {cluj.pk: 2, timis.pk: 1}
    assert counts["work_mode"] == {"remote": 1, "hybrid": 2}
    assert counts["programme"] == {programme.pk: 2, maths.pk: 2}
    assert counts["period"] == {period.pk: 2, autumn.pk: 1}
    assert counts["paid"] == {"yes": 1, "no": 2}


def test_drafts_closed_expired_and_unvetted_organisations_never_count(make, draft):
    make(title="Published")
    make(title="Submitted", status="submitted", published_at=None)
    make(title="Closed", status="closed")
    make(title="Archived", status="archived")
    make(title="Past its deadline", deadline=TODAY - timedelta(days=1))
    for status in (Organisation.Status.PENDING, Organisation.Status.SUSPENDED):
        make(title=f"Of a {status} organisation", organisation=OrganisationFactory(status=status))

    counts = facets.counts()

    assert counts["work_mode"] == {"hybrid": 1}
    assert sum(counts["county"].values()) == 1
    assert counts["paid"] == {"no": 1}


def test_a_placement_whose_deadline_is_today_counts_until_tomorrow(make, monkeypatch):
    make(deadline=TODAY)
    assert facets.counts()["work_mode"] == {"hybrid": 1}

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY + timedelta(days=1))

    assert facets.counts()["work_mode"] == {}


def test_the_options_say_their_counts_and_the_note_says_what_they_count(client, make, timis):
    make(work_mode="remote", is_paid=True, stipend=1500)
    make()

    page = client.get(URL).content.decode()

    cluj = CountyFactory()
    assert f'<option value="{cluj.pk}">Cluj (2)</option>' in page
    assert f'<option value="{timis.pk}">Timiș (0)</option>' in page
    assert '<option value="remote">Remote (1)</option>' in page
    assert '<option value="on_site">On site (0)</option>' in page
    assert '<option value="yes">Yes (1)</option>' in page
    assert '<option value="no">No (1)</option>' in page
    assert 'id="facet-note"' in page
    assert "counts all placements open for applications" in page
    assert 'name="county" aria-describedby="facet-note"' in page


def test_the_counts_ignore_the_current_filter(client, make, timis):
    make(county=timis)
    make()

    response = client.get(URL, {"county": timis.pk})

    page = response.content.decode()
    assert [p.county for p in response.context["page_obj"].object_list] == [timis]
    assert f'<option value="{timis.pk}" selected>Timiș (1)</option>' in page
    assert f'<option value="{CountyFactory().pk}">Cluj (1)</option>' in page


def test_an_invalid_faceted_filter_keeps_its_error_announced(client, make):
    page = client.get(URL, {"work_mode": "underwater"}).content.decode()

    assert 'aria-describedby="facet-note id_work_mode_error"' in page
    assert 'id="id_work_mode_error"' in page


def test_numbers_follow_the_language(client, db):
    cluj = CountyFactory()
    facets.CACHED.get(TODAY.isoformat(), lambda: {"county": {cluj.pk: 1234}})

    english = client.get(URL).content.decode()
    romanian = client.get(URL, HTTP_ACCEPT_LANGUAGE="ro").content.decode()

    assert "Cluj (1,234)" in english
    assert "Cluj (1.234)" in romanian


def test_the_counts_are_kept_ten_minutes_under_a_key_with_the_date(monkeypatch, db):
    kept = {}

    class Cache:
        def get_many(self, keys):
            return {}

        def set(self, key, value, timeout):
            kept.update(key=key, timeout=timeout)

    monkeypatch.setattr("core.cache.cache", Cache())

    facets.counts()

    assert kept["timeout"] == 600
    assert kept["key"] == f"search_facets:v3:{TODAY.isoformat()}"


def kept_counts():
    """What the cache holds for today: (generation, counts), or None."""
    return cache.get(facets.CACHED.key(TODAY.isoformat()))


def test_the_cache_keeps_ids_codes_and_numbers_not_names(make, period, programme):
    make()

    facets.counts()

    assert kept_counts()[1] == {
        "county": {CountyFactory().pk: 1},
        "work_mode": {"hybrid": 1},
        "programme": {programme.pk: 1},
        "period": {period.pk: 1},
        "paid": {"no": 1},
    }


def test_a_warm_cache_costs_no_query(make, django_assert_num_queries):
    make()
    facets.counts()

    with django_assert_num_queries(0):
        counts = facets.counts()

    assert counts["work_mode"] == {"hybrid": 1}


def test_a_cold_cache_costs_one_grouped_query_per_facet(make, django_assert_num_queries):
    make()

    with django_assert_num_queries(len(facets.FACETS)):
        facets.counts()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_search_page_costs_nine_queries_warm_and_five_more_cold(
    client, make, rows, django_assert_max_num_queries
):
    programmes = [ProgrammeFactory(name="Mathematics", code="MATE"), ProgrammeFactory()]
    for n in range(rows):
        make(title=f"Placement {n}", programmes=programmes)

    with django_assert_max_num_queries(9 + len(facets.FACETS)):
        cold = client.get(URL, {"sort": "deadline"})
    with django_assert_max_num_queries(9):
        warm = client.get(URL, {"sort": "deadline"})

    assert len(warm.context["page_obj"].object_list) == min(rows, 20)
    for response in (cold, warm):
        assert f"Cluj ({rows})" in response.content.decode()


def test_htmx_results_do_not_read_the_counts(client, make, django_assert_max_num_queries):
    make()

    with django_assert_max_num_queries(4):
        response = client.get(URL, HTTP_HX_REQUEST="true")

    assert "<form" not in response.content.decode()
    assert kept_counts() is None
    assert "HX-Request" in response["Vary"]


def test_restoring_the_history_gets_the_whole_page(client, make):
    make()

    response = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    page = response.content.decode()
    assert "<html" in page
    assert "Cluj (1)" in page


# Invalidation -------------------------------------------------------------------------


def open_count() -> int:
    return sum(facets.counts()["work_mode"].values())


def test_publishing_a_placement_counts_it_at_once(
    draft, company_admin, staff, django_capture_on_commit_callbacks
):
    services.submit_placement(placement=draft, by=company_admin)
    assert open_count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_placement(placement=draft, by=staff)

    assert open_count() == 1


def test_publishing_directly_counts_it_at_once(
    draft, company_admin, settings, django_capture_on_commit_callbacks
):
    settings.VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY = True
    assert open_count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_placement(placement=draft, by=company_admin)

    assert open_count() == 1


def test_closing_a_placement_uncounts_it_at_once(
    placement, company_admin, django_capture_on_commit_callbacks
):
    assert open_count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.close_placement(placement=placement, by=company_admin)

    assert open_count() == 0


def test_the_last_seat_taken_uncounts_the_placement_at_once(
    placement, student, django_capture_on_commit_callbacks
):
    placement.positions = 1
    placement.save()
    application = ApplicationFactory(
        placement=placement,
        student=student,
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=3),
    )
    assert open_count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer(application=application, by=student)

    assert open_count() == 0


def test_the_counts_are_forgotten_only_once_the_change_is_committed(
    placement, company_admin, django_capture_on_commit_callbacks
):
    assert open_count() == 1

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.close_placement(placement=placement, by=company_admin)
        assert open_count() == 1

    assert facets.invalidate in callbacks
    for callback in callbacks:
        callback()
    assert open_count() == 0


def test_archiving_forgets_the_counts(placement, company_admin, django_capture_on_commit_callbacks):
    services.close_placement(placement=placement, by=company_admin)
    facets.counts()

    with django_capture_on_commit_callbacks(execute=True):
        services.archive_placement(placement=placement, by=company_admin)

    generation, _counts = kept_counts()
    assert generation != cache.get(facets.CACHED.generation_key, 0)


def test_suspending_the_organisation_uncounts_its_placements(
    placement, organisation, staff, django_capture_on_commit_callbacks
):
    assert open_count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_organisation(organisation=organisation, by=staff, note="Fake offers.")

    assert open_count() == 0


def test_verifying_the_organisation_counts_its_placements(
    make, staff, django_capture_on_commit_callbacks
):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    make(organisation=pending)
    assert open_count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_organisation(organisation=pending, by=staff)

    assert open_count() == 1


def test_a_change_rolled_back_keeps_the_counts(
    placement, company_admin, django_capture_on_commit_callbacks
):
    facets.counts()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.close_placement(placement=placement, by=company_admin)
            raise RuntimeError

    assert callbacks == []
    generation, _counts = kept_counts()
    assert generation == cache.get(facets.CACHED.generation_key, 0)


def test_the_public_figures_are_recounted_in_every_language_when_a_placement_is_published(
    draft, company_admin, staff, django_capture_on_commit_callbacks
):
    services.submit_placement(placement=draft, by=company_admin)
    figures = {}
    for language in ("en", "ro"):
        with translation.override(language):
            figures[language] = stats.public_figures()["placements_published"]

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_placement(placement=draft, by=staff)

    for language in ("en", "ro"):
        with translation.override(language):
            assert stats.public_figures()["placements_published"] == figures[language] + 1


def test_the_public_figures_are_recounted_when_an_organisation_is_verified(
    staff, django_capture_on_commit_callbacks
):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    before = stats.public_figures()["organisations"]

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_organisation(organisation=pending, by=staff)

    assert stats.public_figures()["organisations"] == before + 1


def test_the_public_figures_page_is_recounted_when_a_placement_is_closed(
    client, placement, company_admin, django_capture_on_commit_callbacks, monkeypatch
):
    client.get(reverse("public_figures"))
    recounted = []
    count = stats._public_figures
    monkeypatch.setattr(stats, "_public_figures", lambda: recounted.append(1) or count())

    client.get(reverse("public_figures"))
    with django_capture_on_commit_callbacks(execute=True):
        services.close_placement(placement=placement, by=company_admin)
    client.get(reverse("public_figures"))

    assert recounted == [1]
