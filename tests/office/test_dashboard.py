from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Organisation
from documents.models import Certificate
from internships.models import Report
from mentors.models import Evaluation
from office import charts, stats
from tests.factories import (
    ApplicationFactory,
    CountyFactory,
    InternshipFactory,
    LogbookEntryFactory,
    OrganisationFactory,
    PeriodFactory,
    PlacementFactory,
    ProgrammeFactory,
    SectorFactory,
    StudentFactory,
)

URL = "/staff/"
TODAY = timezone.localdate()


def running_period(**kwargs):
    """A period whose internships run today: started 60 days ago, ends in 30."""
    return PeriodFactory(
        applications_open_on=TODAY - timedelta(days=120),
        applications_close_on=TODAY - timedelta(days=61),
        starts_on=TODAY - timedelta(days=60),
        ends_on=TODAY + timedelta(days=30),
        **kwargs,
    )


def internship_of(student, placement, **kwargs):
    application = ApplicationFactory(placement=placement, student=student, status="accepted")
    return InternshipFactory(application=application, **kwargs)


def approve(internship, hours, on):
    return LogbookEntryFactory(internship=internship, hours=hours, date=on, status="approved")


def final_evaluation(internship, status="submitted"):
    return Evaluation.objects.create(
        internship=internship,
        kind=Evaluation.Kind.FINAL,
        author=internship.student,
        status=status,
        submitted_at=timezone.now() if status == "submitted" else None,
    )


def certificate(internship, issued_by, n, revoked=False):
    return Certificate.objects.create(
        internship=internship,
        serial=f"2027-{n:06d}",
        code=f"{n:024d}",
        pdf_ro="ro.pdf",
        pdf_en="en.pdf",
        sha256_ro="0" * 64,
        sha256_en="0" * 64,
        issued_by=issued_by,
        revoked_at=timezone.now() if revoked else None,
    )


@pytest.fixture
def world(programme, staff):
    """A running period and an older one; seven students in two programmes; applications in
    several states; internships active, completed and terminated; approved hours; a final
    evaluation and a certificate; and one item in each moderation queue."""
    maths = ProgrammeFactory(name="Mathematics", code="MATE")
    period = running_period(name="Spring 2027")
    older = PeriodFactory(
        name="Spring 2026",
        applications_open_on=TODAY - timedelta(days=500),
        applications_close_on=TODAY - timedelta(days=460),
        starts_on=TODAY - timedelta(days=450),
        ends_on=TODAY - timedelta(days=380),
    )
    health = OrganisationFactory(sector=SectorFactory(name="Health", name_ro="Sănătate"))
    bihor = CountyFactory(code="BH", name="Bihor")
    informatics = PlacementFactory(period=period, programmes=[programme], positions=4)
    mathematics = PlacementFactory(
        period=period, programmes=[maths], positions=2, organisation=health, county=bihor
    )
    PlacementFactory(
        period=period, programmes=[programme], deadline=TODAY - timedelta(days=1)
    )  # deadline passed: not open
    PlacementFactory(period=period, programmes=[programme], status="submitted")
    old_placement = PlacementFactory(period=older, programmes=[maths])

    s1, s2, s3, s4 = (StudentFactory(programme=programme).user for _ in range(4))
    s5, s6, s7 = (StudentFactory(programme=maths).user for _ in range(3))

    active = internship_of(s1, informatics)
    completed = internship_of(s2, informatics, status="completed")
    internship_of(s3, informatics, status="terminated")
    ApplicationFactory(
        placement=informatics,
        student=s4,
        status="offered",
        offer_deadline=timezone.now() + timedelta(hours=24),
    )
    other_active = internship_of(s5, mathematics)
    ApplicationFactory(placement=informatics, student=s5, status="rejected")
    ApplicationFactory(placement=old_placement, student=s6)

    approve(active, 6, TODAY)
    approve(active, 4, TODAY - timedelta(days=7))
    LogbookEntryFactory(internship=active, hours=5, date=TODAY, status="submitted")
    approve(completed, 8, TODAY)
    approve(other_active, 3, TODAY - timedelta(days=7))
    final_evaluation(active, status="draft")
    final_evaluation(completed)
    certificate(completed, staff, 1, revoked=True)
    certificate(completed, staff, 2)

    OrganisationFactory(status=Organisation.Status.PENDING)
    Report.objects.create(reporter=s1, organisation=health, reason="They asked for a fee.")
    return {"period": period, "older": older, "informatics": programme, "maths": maths}


def dashboard(client, staff, **params):
    client.force_login(staff)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


# Who may see it --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_forbidden(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403


# The figures ------------------------------------------------------------------------


def test_the_default_is_the_period_running_today(client, staff, world):
    PeriodFactory(name="Autumn 2027")  # starts later, but is not running yet

    response = dashboard(client, staff)

    assert response.context["period"] == world["period"]
    assert response.context["programme"] is None


def test_without_a_running_period_the_latest_to_start_is_shown(client, staff, db):
    PeriodFactory(
        name="Spring 2026",
        applications_open_on=TODAY - timedelta(days=400),
        applications_close_on=TODAY - timedelta(days=350),
        starts_on=TODAY - timedelta(days=300),
        ends_on=TODAY - timedelta(days=200),
    )
    later = PeriodFactory(name="Autumn 2027")

    assert dashboard(client, staff).context["period"] == later


def test_every_figure_of_the_period_for_all_programmes(client, staff, world):
    figures = dashboard(client, staff).context["figures"]

    assert figures["students"] == {
        "students": 7,
        "applied": 5,
        "placed": 3,
        "placement_rate": 42.9,
    }
    assert figures["placements"] == {"open_placements": 2, "open_positions": 2}
    assert {row["status"]: row["count"] for row in figures["funnel"]} == {
        "submitted": 0,
        "in_review": 0,
        "shortlisted": 0,
        "interview": 0,
        "offered": 1,
        "accepted": 4,
        "declined": 0,
        "expired": 0,
        "rejected": 1,
        "withdrawn": 0,
        "closed": 0,
        "rescinded": 0,
    }
    assert figures["internships"] == {
        "planned": 0,
        "active": 2,
        "completed": 1,
        "terminated": 1,
        "evaluations_outstanding": 2,
    }
    assert figures["approved_hours"] == Decimal("21")
    assert figures["certificates"] == 1
    assert figures["queues"] == {
        "organisations_pending": 1,
        "placements_submitted": 1,
        "reports_open": 1,
        "without_host_tutor": 2,  # the two active internships have no host tutor
    }
    assert figures["by_sector"] == [
        {"label": "Creative industries and ICT", "count": 2},
        {"label": "Health", "count": 1},
    ]
    assert figures["by_county"] == [
        {"label": "Cluj", "count": 2},
        {"label": "Bihor", "count": 1},
    ]


def test_the_programme_filter_changes_the_figures(client, staff, world):
    informatics = dashboard(client, staff, programme=world["informatics"].pk).context["figures"]
    maths = dashboard(client, staff, programme=world["maths"].pk).context["figures"]

    assert informatics["students"] == {
        "students": 4,
        "applied": 4,
        "placed": 2,
        "placement_rate": 50.0,
    }
    assert maths["students"] == {"students": 3, "applied": 1, "placed": 1, "placement_rate": 33.3}
    assert informatics["placements"] == {"open_placements": 1, "open_positions": 1}
    assert maths["placements"] == {"open_placements": 1, "open_positions": 1}
    informatics_funnel = {row["status"]: row["count"] for row in informatics["funnel"]}
    maths_funnel = {row["status"]: row["count"] for row in maths["funnel"]}
    assert (informatics_funnel["accepted"], informatics_funnel["offered"]) == (3, 1)
    assert (informatics_funnel["rejected"], maths_funnel["rejected"]) == (0, 1)
    assert (maths_funnel["accepted"], maths_funnel["offered"]) == (1, 0)
    assert informatics["internships"] == {
        "planned": 0,
        "active": 1,
        "completed": 1,
        "terminated": 1,
        "evaluations_outstanding": 1,
    }
    assert maths["internships"]["active"] == 1
    assert maths["internships"]["completed"] == 0
    assert (informatics["approved_hours"], maths["approved_hours"]) == (18, 3)
    assert (informatics["certificates"], maths["certificates"]) == (1, 0)
    assert maths["by_sector"] == [{"label": "Health", "count": 1}]
    assert maths["by_county"] == [{"label": "Bihor", "count": 1}]


def test_another_period_has_its_own_figures(client, staff, world):
    figures = dashboard(client, staff, period=world["older"].pk).context["figures"]

    assert figures["students"] == {"students": 7, "applied": 1, "placed": 0, "placement_rate": 0}
    assert figures["internships"]["active"] == 0
    assert figures["approved_hours"] == 0
    assert figures["certificates"] == 0


def test_the_figures_are_on_the_page_with_links_to_the_queues(client, staff, world):
    body = dashboard(client, staff).content.decode()

    assert "42.9 %" in body
    for name in ("staff_organisations", "staff_placement_reviews", "staff_reports"):
        assert f'href="{reverse(name)}"' in body
    assert reverse("staff_invitations") in body
    assert reverse("student_profile") not in body


def test_approved_hours_per_week_end_with_this_week(client, staff, world):
    weeks = dashboard(client, staff).context["figures"]["weekly_hours"]

    this_monday = TODAY - timedelta(days=TODAY.weekday())
    assert weeks[-1]["starts_on"] == this_monday
    assert weeks[-1]["week"] == TODAY.isocalendar()[1]
    assert [week["hours"] for week in weeks[-2:]] == [7, 14]
    assert sum(week["hours"] for week in weeks) == 21
    assert len(weeks) <= 12


def test_each_chart_is_drawn_and_followed_by_its_numbers(client, staff, world):
    response = dashboard(client, staff)
    body = response.content.decode()

    assert body.count('role="img"') == 4
    assert body.count("<table>") == 4
    assert "<title" in body and "Accepted: 4" in body
    assert '<th scope="row">Health</th><td>1</td>' in body


def test_a_future_period_shows_no_hours_yet(client, staff, period):
    response = dashboard(client, staff, period=period.pk)

    assert response.context["figures"]["weekly_hours"] == []
    assert "has not started yet" in response.content.decode()


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{"period": "abc"}, {"period": "99999"}, {"programme": "xyz"}, {"period": "", "programme": ""}],
)
def test_nonsense_choices_fall_back_to_the_default(client, staff, world, params):
    response = dashboard(client, staff, **params)

    assert response.context["period"] == world["period"]
    assert response.context["programme"] is None
    assert response.context["figures"]["students"]["students"] == 7


def test_an_unknown_choice_is_said_to_be_ignored(client, staff, world):
    body = dashboard(client, staff, period="abc").content.decode()

    assert "not recognised" in body


def test_the_page_works_with_no_period_at_all(client, staff):
    OrganisationFactory(legal_name="Așteaptă SRL", status="pending")

    response = dashboard(client, staff)

    assert response.context["period"] is None
    assert response.context["figures"]["queues"]["organisations_pending"] == 1
    assert "There are no periods yet" in response.content.decode()


# Needs attention ------------------------------------------------------------------------


@pytest.fixture
def period_now(programme):
    return running_period(name="Now")


@pytest.fixture
def placement_now(period_now, programme):
    return PlacementFactory(period=period_now, programmes=[programme], positions=40)


def attention(client, staff, **params):
    return dashboard(client, staff, **params).context["figures"]["attention"]


def new_student(programme, **kwargs):
    return StudentFactory(programme=programme, **kwargs).user


def test_internships_without_an_entry_for_14_days_are_listed(
    client, staff, programme, placement_now
):
    silent = internship_of(new_student(programme), placement_now)
    old_entries_only = internship_of(new_student(programme), placement_now)
    LogbookEntryFactory(internship=old_entries_only, date=TODAY - timedelta(days=20))
    writing = internship_of(new_student(programme), placement_now)
    LogbookEntryFactory(internship=writing, date=TODAY - timedelta(days=3))
    internship_of(new_student(programme), placement_now, starts_on=TODAY - timedelta(days=5))
    internship_of(new_student(programme), placement_now, status="completed")

    quiet = attention(client, staff)["quiet"]

    assert quiet["items"] == [silent, old_entries_only]
    assert (quiet["total"], quiet["more"]) == (2, 0)
    assert quiet["items"][1].last_entry_on == TODAY - timedelta(days=20)


def test_interns_behind_schedule_are_listed(client, staff, programme, placement_now):
    """Started 30 days ago, ends in 30, 120 hours required: 60 expected now, 54 tolerated."""
    on_time, just_inside, behind = (
        internship_of(new_student(programme), placement_now) for _ in range(3)
    )
    for day in range(6):
        approve(on_time, 10, TODAY - timedelta(days=day + 1))
        approve(just_inside, 9, TODAY - timedelta(days=day + 1))
    for day in range(5):
        approve(behind, 10, TODAY - timedelta(days=day + 1))
    approve(behind, 3, TODAY - timedelta(days=7))

    listed = attention(client, staff)["behind"]

    assert listed["items"] == [behind]
    assert listed["items"][0].approved_hours == 53
    assert round(listed["items"][0].expected_hours) == 60


def test_final_evaluations_missing_near_the_end_are_listed(client, staff, programme, placement_now):
    ending = TODAY + timedelta(days=5)
    missing = internship_of(new_student(programme), placement_now, ends_on=ending)
    draft = internship_of(new_student(programme), placement_now, ends_on=ending)
    final_evaluation(draft, status="draft")
    done = internship_of(new_student(programme), placement_now, ends_on=ending)
    final_evaluation(done)
    internship_of(new_student(programme), placement_now)  # ends in 30 days

    due = attention(client, staff)["final_due"]

    assert set(due["items"]) == {missing, draft}
    assert due["total"] == 2


def test_offers_expiring_within_48_hours_are_listed(client, staff, programme, placement_now):
    now = timezone.now()

    def offer(hours, status="offered"):
        return ApplicationFactory(
            placement=placement_now,
            student=new_student(programme),
            status=status,
            offer_deadline=now + timedelta(hours=hours),
        )

    soon, sooner = offer(30), offer(2)
    offer(72), offer(-1), offer(24, status="accepted")

    offers = attention(client, staff)["offers"]

    assert offers["items"] == [sooner, soon]
    body = client.get(URL).content.decode()
    assert reverse("staff_application", args=[soon.pk]) in body


def test_students_with_no_application_follow_the_programme_filter(
    client, staff, programme, placement_now
):
    maths = ProgrammeFactory(name="Mathematics", code="MATE")
    applied = new_student(programme)
    ApplicationFactory(placement=placement_now, student=applied)
    idle = new_student(programme, user__last_name="Avram")
    idle_maths = new_student(maths, user__last_name="Zamfir")

    everyone = attention(client, staff)["not_applied"]
    informatics_only = attention(client, staff, programme=programme.pk)["not_applied"]

    assert everyone["items"] == [idle, idle_maths]
    assert informatics_only["items"] == [idle]
    body = client.get(URL, {"programme": programme.pk}).content.decode()
    assert reverse("staff_student", args=[idle.pk]) in body
    assert reverse("staff_student", args=[applied.pk]) not in body


def test_a_long_list_shows_ten_and_how_many_more(client, staff, programme, period_now):
    for _ in range(13):
        new_student(programme)

    response = dashboard(client, staff)
    not_applied = response.context["figures"]["attention"]["not_applied"]

    assert (len(not_applied["items"]), not_applied["total"], not_applied["more"]) == (10, 13, 3)
    assert "and 3 more" in response.content.decode()


def test_attention_lists_link_to_the_internship_pages(client, staff, programme, placement_now):
    silent = internship_of(new_student(programme), placement_now)

    body = dashboard(client, staff).content.decode()

    assert reverse("internship_detail", args=[silent.pk]) in body


# Query budget ---------------------------------------------------------------------------


def populate(period, programme, staff, n):
    """n of everything the page counts or lists."""
    placement = PlacementFactory(period=period, programmes=[programme], positions=100)
    for i in range(n):
        internship = internship_of(new_student(programme), placement)
        approve(internship, 4, TODAY - timedelta(days=1 + i % 40))
        final_evaluation(internship, status="draft")
        ApplicationFactory(
            placement=placement,
            student=new_student(programme),
            status="offered",
            offer_deadline=timezone.now() + timedelta(hours=10),
        )
        new_student(programme)
        OrganisationFactory(status="pending")
        done = internship_of(new_student(programme), placement, status="completed")
        certificate(done, staff, done.pk)


def count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def count_afresh(client, params):
    """The queries of a visit that counts the period's figures (none kept in the cache)."""
    cache.clear()
    return count_queries(client, params)


@pytest.mark.parametrize("with_programme", [False, True])
def test_the_query_count_does_not_grow_with_the_data(
    client, staff, programme, period_now, django_assert_max_num_queries, with_programme
):
    client.force_login(staff)
    params = {"programme": programme.pk} if with_programme else {}
    populate(period_now, programme, staff, 3)
    cache.clear()
    with django_assert_max_num_queries(32):  # counted now, and kept in the cache
        client.get(URL, params)
    with django_assert_max_num_queries(14):  # from the cache: the queues, the form, deadlines
        client.get(URL, params)
    few, few_cached = count_afresh(client, params), count_queries(client, params)

    populate(period_now, programme, staff, 27)
    many, many_cached = count_afresh(client, params), count_queries(client, params)

    assert few == many
    assert few_cached == many_cached < few


def test_the_figures_come_from_the_cache_until_recounted(client, staff, programme, period_now):
    """Staff see the period's figures as counted at most DASHBOARD_CACHE_SECONDS ago, say
    when, and can recount them; the moderation queues are always current."""
    client.force_login(staff)
    populate(period_now, programme, staff, 3)
    first = client.get(URL, {"programme": programme.pk})
    assert "Recount now" in first.content.decode()

    new_student(programme)
    OrganisationFactory(status="pending")
    cached = client.get(URL, {"programme": programme.pk})
    recount = client.post(
        reverse("staff_recount"), {"period": period_now.pk, "programme": programme.pk}
    )
    recounted = client.get(recount["Location"])

    assert cached.context["figures"]["students"] == first.context["figures"]["students"]
    assert cached.context["figures"]["queues"]["organisations_pending"] == (
        first.context["figures"]["queues"]["organisations_pending"] + 1
    )
    assert recount.status_code == 302
    assert recount["Location"] == f"{URL}?period={period_now.pk}&programme={programme.pk}"
    assert recounted.context["figures"]["students"]["students"] == (
        first.context["figures"]["students"]["students"] + 1
    )


def test_recounting_is_a_post_of_staff_only(client, staff, student, company_admin, period_now):
    url = reverse("staff_recount")
    client.force_login(staff)
    assert client.get(url).status_code == 405

    for who in (student, company_admin):
        client.force_login(who)
        assert client.post(url, {"period": period_now.pk}).status_code == 403


def test_recounting_an_unknown_choice_recounts_the_default(client, staff, period_now):
    client.force_login(staff)

    response = client.post(reverse("staff_recount"), {"period": "abc", "programme": "999"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?period={period_now.pk}"


# Charts ---------------------------------------------------------------------------------


def test_charts_escape_their_labels_and_describe_themselves():
    svg = charts.bar_chart("Sectors <all>", [("<script>x</script>", 3), ("ICT & Co", 1)])

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'role="img"' in svg and 'aria-label="Sectors &lt;all&gt;"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "ICT &amp; Co: 1" in svg


def test_a_column_chart_has_one_column_a_value():
    svg = charts.column_chart("Hours", [("W1", Decimal("12.0")), ("W2", 0), ("W3", 7)])

    assert svg.count('class="chart-bar"') == 3
    assert ">12<" in svg


def test_sectors_are_named_in_the_language_of_the_page(world):
    with translation.override("ro"):
        sectors = stats.by_sector(world["period"])

    assert {"label": "Sănătate", "count": 1} in sectors
