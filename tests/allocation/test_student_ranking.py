"""Students rank placements in an allocation round: who may, when, what, and what must
never happen (someone else's round, an ineligible placement, a mixed list)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from allocation import queries
from allocation.models import Choice, Entry, Match, Round, Run
from allocation.rules import left_unmatched_by_previous
from allocation.services import ranking
from core.services import ServiceError
from notifications.models import Access, Event, Notification
from tests.factories import (
    ApplicationFactory,
    ChoiceFactory,
    InternshipFactory,
    OrganisationFactory,
    PlacementFactory,
    ProgrammeFactory,
    RoundFactory,
    StaffFactory,
    StudentFactory,
    give_cv,
)
from tests.races import at_once


def url(round):
    return reverse("student_round", args=[round.pk])


@pytest.fixture
def round_(period, programme):
    return RoundFactory(period=period, programmes=[programme], max_choices=3, name="Summer round")


@pytest.fixture
def eligible(round_, organisation, period, programme):
    return [
        PlacementFactory(
            organisation=organisation, period=period, programmes=[programme], title=f"Job {n}"
        )
        for n in range(3)
    ]


@pytest.fixture
def ranker(student):
    give_cv(student, label="Backend")
    return student


def ids(round, student):
    return list(
        Choice.objects.filter(round=round, student=student)
        .order_by("rank")
        .values_list("placement_id", flat=True)
    )


def post(client, round, placements, action="save", **extra):
    data = {"placement": [str(p.pk) for p in placements], "action": action, **extra}
    return client.post(url(round), data)


# Who may look -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, round_):
    response = client.get(url(round_))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["company_admin", "host_tutor", "staff"])
def test_other_roles_are_refused(client, request, round_, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(round_)).status_code == 403
    assert client.get(reverse("student_rounds")).status_code == 403


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_a_round_not_open_is_404(client, student, round_, status):
    Round.objects.filter(pk=round_.pk).update(status=status)
    client.force_login(student)
    assert client.get(url(round_)).status_code == 404


def test_a_round_of_another_programme_is_404(client, student, period):
    other = RoundFactory(period=period, programmes=[ProgrammeFactory()])
    client.force_login(student)
    assert client.get(url(other)).status_code == 404
    assert other not in queries.rounds_of_student(student)


def test_the_home_page_shows_the_round_while_it_concerns_the_student(client, student, round_):
    client.force_login(student)
    home = client.get(reverse("student_home")).content.decode()
    assert "Summer round" in home
    assert url(round_) in home
    Round.objects.filter(pk=round_.pk).update(
        students_from=timezone.now() - timedelta(days=20),
        students_until=timezone.now() - timedelta(days=10),
        hosts_until=timezone.now() - timedelta(days=5),
    )
    home = client.get(reverse("student_home")).content.decode()
    assert "Summer round" not in home
    assert url(round_) not in home


def test_a_student_of_another_programme_sees_no_round_on_their_home(client, round_):
    outsider = StudentFactory().user
    client.force_login(outsider)
    assert "Summer round" not in client.get(reverse("student_home")).content.decode()


# The list ---------------------------------------------------------------------------------


def test_the_student_builds_reorders_and_removes_without_javascript(
    client, ranker, round_, eligible
):
    client.force_login(ranker)
    a, b, c = eligible
    response = post(client, round_, [], action="add", add=str(a.pk))
    assert response.status_code == 302
    assert "Your list is saved." in client.get(response["Location"]).content.decode()
    post(client, round_, [a], action="add", add=str(b.pk))
    post(client, round_, [a, b], action="add", add=str(c.pk))
    assert ids(round_, ranker) == [a.pk, b.pk, c.pk]

    post(client, round_, [a, b, c], action=f"up:{c.pk}")
    assert ids(round_, ranker) == [a.pk, c.pk, b.pk]
    post(client, round_, [a, c, b], action=f"down:{a.pk}")
    assert ids(round_, ranker) == [c.pk, a.pk, b.pk]
    post(client, round_, [c, a, b], action=f"remove:{a.pk}")
    assert ids(round_, ranker) == [c.pk, b.pk]

    page = client.get(url(round_)).content.decode()
    assert page.index(c.title) < page.index(b.title)


def test_saving_copies_the_cv_and_records_the_event(client, ranker, round_, eligible):
    client.force_login(ranker)
    post(client, round_, eligible[:2])
    entry = Entry.objects.get(round=round_, student=ranker)
    assert entry.cv_label == "Backend"
    assert entry.cv.read().startswith(b"%PDF")
    event = Event.objects.get(
        content_type=ContentType.objects.get_for_model(Entry), object_id=entry.pk
    )
    assert event.action == "ranked_placements"
    assert event.actor == ranker
    assert event.note_params == {"before": [], "after": [eligible[0].pk, eligible[1].pk]}


def test_the_student_chooses_another_of_their_cvs(client, ranker, round_, eligible):
    data_cv = give_cv(ranker, label="Data")
    client.force_login(ranker)
    post(client, round_, eligible[:1], cv=str(data_cv.pk))
    assert Entry.objects.get(round=round_, student=ranker).cv_label == "Data"


def test_the_student_downloads_their_lists_cv_and_it_is_recorded(client, ranker, round_, eligible):
    client.force_login(ranker)
    post(client, round_, eligible[:1])
    response = client.get(reverse("student_round_cv", args=[round_.pk]))
    assert response.status_code == 200
    assert Access.objects.filter(user=ranker, kind="cv").count() == 1


def test_another_students_cv_cannot_be_chosen(ranker, other_student, round_, eligible):
    theirs = give_cv(other_student, label="Theirs")
    with pytest.raises(ServiceError, match="your own CVs"):
        ranking.save_choices(round=round_, by=ranker, placement_ids=[eligible[0].pk], cv=theirs)
    assert not Choice.objects.exists()


def test_a_list_needs_a_cv(student, round_, eligible):
    with pytest.raises(ServiceError, match="Add a CV"):
        ranking.save_choices(round=round_, by=student, placement_ids=[eligible[0].pk])
    assert not Choice.objects.exists()


# Bad input: a clear message, nothing changed ------------------------------------------------


def _refused(client, ranker, round_, placements, text, **extra):
    before = ids(round_, ranker)
    response = post(client, round_, placements, **extra)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert ids(round_, ranker) == before


@pytest.mark.parametrize(
    "make",
    [
        lambda period, programme: PlacementFactory(period=period, programmes=[ProgrammeFactory()]),
        lambda period, programme: PlacementFactory(programmes=[programme]),
        lambda period, programme: PlacementFactory(
            period=period, programmes=[programme], status="draft"
        ),
        lambda period, programme: PlacementFactory(
            period=period, programmes=[programme], status="closed"
        ),
        lambda period, programme: PlacementFactory(
            period=period,
            programmes=[programme],
            organisation=OrganisationFactory(status="pending"),
        ),
    ],
    ids=["other programme", "other period", "draft", "closed", "unverified organisation"],
)
def test_an_ineligible_or_closed_placement_is_refused(
    client, ranker, round_, eligible, period, programme, make
):
    client.force_login(ranker)
    post(client, round_, eligible[:1])
    _refused(
        client, ranker, round_, [eligible[0], make(period, programme)], "closed or not open to you"
    )


def test_adding_an_ineligible_placement_through_the_form_is_refused(client, ranker, round_, period):
    elsewhere = PlacementFactory(period=period, programmes=[ProgrammeFactory()])
    client.force_login(ranker)
    _refused(client, ranker, round_, [], "Select a valid choice", action="add", add=elsewhere.pk)


def test_the_same_placement_twice_is_refused(client, ranker, round_, eligible):
    client.force_login(ranker)
    _refused(client, ranker, round_, [eligible[0], eligible[0]], "the same placement twice")


def test_more_than_max_choices_is_refused(client, ranker, round_, eligible, period, programme):
    fourth = PlacementFactory(period=period, programmes=[programme])
    client.force_login(ranker)
    _refused(client, ranker, round_, [*eligible, fourth], "Rank at most 3 placements")


def test_a_list_that_cannot_be_read_is_refused(client, ranker, round_, eligible):
    client.force_login(ranker)
    before = ids(round_, ranker)
    response = client.post(url(round_), {"placement": ["x1"], "action": "save"})
    assert "could not be read" in response.content.decode()
    assert ids(round_, ranker) == before


def test_before_the_students_phase_the_page_says_when_it_opens(client, ranker, eligible, round_):
    opens = timezone.now() + timedelta(days=2)
    Round.objects.filter(pk=round_.pk).update(
        students_from=opens, students_until=opens + timedelta(days=3)
    )
    client.force_login(ranker)
    page = client.get(url(round_)).content.decode()
    assert "Ranking opens on" in page
    assert 'name="action"' not in page
    response = post(client, round_, eligible[:1])
    assert response.status_code == 302
    assert not Choice.objects.exists()
    with pytest.raises(ServiceError, match="Ranking opens on"):
        ranking.save_choices(round=Round.objects.get(pk=round_.pk), by=ranker, placement_ids=[])


def test_after_the_students_phase_the_list_is_read_only(client, ranker, round_, eligible):
    ChoiceFactory(round=round_, student=ranker, placement=eligible[1], rank=1)
    Round.objects.filter(pk=round_.pk).update(
        students_from=timezone.now() - timedelta(days=5),
        students_until=timezone.now() - timedelta(hours=1),
    )
    client.force_login(ranker)
    page = client.get(url(round_)).content.decode()
    assert "Ranking closed on" in page
    assert eligible[1].title in page
    assert 'name="action"' not in page
    response = post(client, round_, eligible[:1])
    assert response.status_code == 302
    assert ids(round_, ranker) == [eligible[1].pk]
    with pytest.raises(ServiceError, match="Ranking closed on"):
        ranking.save_choices(
            round=Round.objects.get(pk=round_.pk), by=ranker, placement_ids=[eligible[0].pk]
        )


def test_a_student_holding_an_internship_in_the_period_cannot_take_part(
    client, ranker, round_, eligible, placement
):
    application = ApplicationFactory(placement=placement, student=ranker, status="accepted")
    InternshipFactory(application=application)
    client.force_login(ranker)
    page = client.get(url(round_)).content.decode()
    assert "You already hold an internship in" in page
    with pytest.raises(ServiceError, match="already hold an internship"):
        ranking.save_choices(round=round_, by=ranker, placement_ids=[eligible[0].pk])
    assert not Choice.objects.exists()
    assert ranker not in queries.students_of_round(round_)


# Second rounds ------------------------------------------------------------------------------


def _second_round(first, period, programme, *, unmatched, matched_to=None, matched=()):
    staff = StaffFactory()
    run = Run.objects.create(round=first, seed=1, status="done", started_by=staff)
    for student in unmatched:
        Match.objects.create(run=run, student=student, placement=None)
    for student in matched:
        Match.objects.create(run=run, student=student, placement=matched_to)
    Round.objects.filter(pk=first.pk).update(status="published", published_run=run)
    first.refresh_from_db()
    return RoundFactory(period=period, programmes=[programme], previous=first)


def test_a_second_round_takes_only_the_students_the_first_left_unmatched(
    client, ranker, other_student, round_, eligible, period, programme
):
    second = _second_round(
        round_,
        period,
        programme,
        unmatched=[ranker],
        matched=[other_student],
        matched_to=eligible[0],
    )
    assert left_unmatched_by_previous(ranker, second)
    assert not left_unmatched_by_previous(other_student, second)
    assert set(queries.students_of_round(second)) == {ranker}

    ranking.save_choices(round=second, by=ranker, placement_ids=[eligible[1].pk])
    give_cv(other_student)
    with pytest.raises(ServiceError, match="second round"):
        ranking.save_choices(round=second, by=other_student, placement_ids=[eligible[1].pk])
    client.force_login(other_student)
    assert "second round" in client.get(url(second)).content.decode()


def test_a_second_round_whose_first_is_not_published_takes_nobody(
    ranker, round_, period, programme
):
    second = RoundFactory(period=period, programmes=[programme], previous=round_)
    assert not left_unmatched_by_previous(ranker, second)
    assert list(queries.students_of_round(second)) == []


# Query budget -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_round_page_costs_the_same_queries_for_3_and_30_choices(
    client, ranker, period, programme, organisation, count, django_assert_max_num_queries
):
    round_ = RoundFactory(period=period, programmes=[programme], max_choices=30)
    for rank in range(1, count + 1):
        ChoiceFactory(
            round=round_,
            student=ranker,
            rank=rank,
            placement=PlacementFactory(
                organisation=organisation, period=period, programmes=[programme]
            ),
        )
    PlacementFactory.create_batch(count, period=period, programmes=[programme])
    client.force_login(ranker)
    client.get(url(round_))
    with django_assert_max_num_queries(18):
        response = client.get(url(round_))
    assert len(response.context["choices"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_rounds_list_costs_the_same_queries_for_3_and_30_rounds(
    client, student, period, programme, count, django_assert_max_num_queries
):
    RoundFactory.create_batch(count, period=period, programmes=[programme])
    client.force_login(student)
    client.get(reverse("student_rounds"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("student_rounds"))
    assert len(response.context["rounds"]) == count


# Telling students -----------------------------------------------------------------------------


def test_students_are_told_once_when_the_round_opens(ranker, other_student, round_):
    outsider = StudentFactory().user
    assert ranking.tell_phases_started() == 2
    assert ranking.tell_phases_started() == 0
    told = set(
        Notification.objects.filter(kind="round_open_for_students").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {ranker.pk, other_student.pk}
    assert outsider.pk not in told


def test_nobody_is_told_before_the_round_opens(ranker, round_):
    Round.objects.filter(pk=round_.pk).update(
        students_from=timezone.now() + timedelta(days=1),
        students_until=timezone.now() + timedelta(days=3),
    )
    assert ranking.tell_phases_started() == 0
    assert not Notification.objects.exists()


def test_the_reminder_rule_reminds_students_two_days_before_the_close(ranker, round_):
    from allocation.reminders import round_closing

    today = timezone.localdate()
    assert list(round_closing(today)) == []
    Round.objects.filter(pk=round_.pk).update(students_until=timezone.now() + timedelta(days=1))
    candidates = list(round_closing(today))
    assert [c.recipient_id for c in candidates] == [ranker.pk]
    assert candidates[0].url == url(round_)


# Two tabs saving at once ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(4))
def test_two_tabs_saving_at_once_leave_one_whole_list(postgresql, attempt):
    programme = ProgrammeFactory()
    round_ = RoundFactory(programmes=[programme], max_choices=5)
    student = StudentFactory(programme=programme).user
    give_cv(student)
    placements = [PlacementFactory(period=round_.period, programmes=[programme]) for _n in range(5)]
    first = [p.pk for p in placements[:3]]
    second = [p.pk for p in reversed(placements[1:])]

    outcomes = at_once(
        lambda: ranking.save_choices(round=round_, by=student, placement_ids=first),
        lambda: ranking.save_choices(round=round_, by=student, placement_ids=second),
    )

    assert outcomes == ["done", "done"]
    assert ids(round_, student) in (first, second)
    assert Entry.objects.filter(round=round_, student=student).count() == 1
