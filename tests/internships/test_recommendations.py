"""The placements recommended on a student's home: open to their programme first, then by
skills in common and by likeness to what they applied to; never what they applied to or
what is closed; each with why."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.queries import student_profile_of
from internships import discovery
from tests import factories

HOME = reverse("student_home")


@pytest.fixture
def skills():
    return {name: factories.SkillFactory(name=name) for name in ("Python", "SQL", "Excel")}


@pytest.fixture
def profile(student, skills):
    profile = student.student_profile
    profile.skills.set([skills["Python"], skills["SQL"]])
    return profile


def titles(recommendations):
    return [recommendation.placement.title for recommendation in recommendations]


def test_skills_in_common_come_first_and_say_so(student, profile, skills, programme, period):
    make = factories.PlacementFactory
    make(title="Excel clerk", programmes=[programme], period=period, skills=[skills["Excel"]])
    make(title="Data intern", programmes=[programme], period=period,
         skills=[skills["Python"], skills["SQL"]])  # fmt: skip
    make(title="Script intern", programmes=[programme], period=period, skills=[skills["Python"]])

    recommendations = discovery.recommended_for(student)

    assert titles(recommendations) == ["Data intern", "Script intern", "Excel clerk"]
    assert recommendations[0].reason == "Matches your skills: Python, SQL"
    assert recommendations[2].reason == "Open to students of your programme"


def test_placements_open_to_the_programme_come_before_others(student, profile, skills, period):
    factories.PlacementFactory(title="Other programme", period=period, skills=[skills["Python"]])
    factories.PlacementFactory(
        title="Mine", period=period, programmes=[profile.programme], skills=[skills["Excel"]]
    )

    recommendations = discovery.recommended_for(student)

    assert titles(recommendations) == ["Mine", "Other programme"]
    assert "Not open to your programme" in recommendations[1].reason


def test_what_the_student_applied_to_and_what_is_closed_are_left_out(
    student, profile, programme, period, application
):
    factories.PlacementFactory(
        title="Closed", programmes=[programme], period=period,
        deadline=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    factories.PlacementFactory(title="Draft", programmes=[programme], status="draft")

    assert titles(discovery.recommended_for(student)) == []


def test_a_placement_like_one_applied_to_says_so(
    student, programme, period, application, organisation, skills
):
    application.placement.skills.set([skills["Excel"]])
    other_programme = factories.ProgrammeFactory()
    factories.PlacementFactory(
        title="Same host", organisation=organisation, programmes=[other_programme], period=period
    )
    factories.PlacementFactory(
        title="Same skills", programmes=[other_programme], period=period, skills=[skills["Excel"]]
    )
    elsewhere = factories.OrganisationFactory(sector=factories.SectorFactory(name="Farming"))
    factories.PlacementFactory(
        title="Unrelated", organisation=elsewhere, programmes=[other_programme], period=period
    )

    recommendations = discovery.recommended_for(student)

    assert titles(recommendations) == ["Same host", "Same skills"]
    assert recommendations[0].reasons[0] == "At Codează Someș SRL, where you applied before"
    assert recommendations[1].reasons[0] == "Like the placements you applied to"


def test_the_home_shows_them_with_their_reason(client, student, profile, skills, programme):
    factories.PlacementFactory(title="Data intern", programmes=[programme],
                               skills=[skills["Python"]])  # fmt: skip
    client.force_login(student)

    html = client.get(HOME).text

    assert "Recommended for you" in html
    assert "Data intern" in html
    assert "Matches your skills: Python" in html


def test_the_home_says_what_to_do_without_any(client, student):
    client.force_login(student)

    assert "Nothing to recommend yet" in client.get(HOME).text


@pytest.mark.parametrize("count", [3, 30])
def test_the_recommendations_need_the_same_queries_for_3_or_30(
    student, profile, skills, programme, count, django_assert_num_queries
):
    for placement in factories.PlacementFactory.create_batch(
        count, programmes=[programme], skills=[skills["Python"], skills["Excel"]]
    ):
        factories.ApplicationFactory(placement=placement, student=factories.StudentFactory().user)
    for placement in factories.PlacementFactory.create_batch(count, skills=[skills["SQL"]])[:2]:
        factories.ApplicationFactory(placement=placement, student=student)

    profile = student_profile_of(student)

    with django_assert_num_queries(3):
        assert len(discovery.recommended_for(student, profile=profile)) == min(5, 2 * count - 2)


def test_a_period_the_student_holds_an_internship_in_is_left_out(
    student, profile, skills, programme, internship
):
    factories.PlacementFactory(
        title="Same period", programmes=[programme], period=internship.period,
        skills=[skills["Python"]],
    )  # fmt: skip
    later = factories.PeriodFactory(
        applications_open_on=timezone.localdate() + timedelta(days=3),
        applications_close_on=timezone.localdate() + timedelta(days=30),
    )
    factories.PlacementFactory(
        title="Later period", programmes=[programme], period=later, skills=[skills["Python"]]
    )

    recommendations = discovery.recommended_for(student)

    assert titles(recommendations) == ["Later period"]
    assert recommendations[0].reasons[-1].startswith("Applications open on ")
