"""Hosts rank the students who ranked their placements in an allocation round: who may,
when, what, and what must never happen (another organisation's placement, a student who
did not rank it, a mixed list)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from allocation.models import HostList, HostRank, Round
from allocation.services import ranking
from core.services import ServiceError
from notifications.models import Access, Event, Notification
from tests.factories import (
    ChoiceFactory,
    EntryFactory,
    MembershipFactory,
    PlacementFactory,
    ProgrammeFactory,
    RoundFactory,
    StudentFactory,
)
from tests.races import at_once


def in_hosts_phase(round):
    now = timezone.now()
    Round.objects.filter(pk=round.pk).update(
        students_from=now - timedelta(days=5),
        students_until=now - timedelta(hours=1),
        hosts_until=now + timedelta(days=2),
    )
    round.refresh_from_db()
    return round


@pytest.fixture
def round_(period, programme):
    return in_hosts_phase(RoundFactory(period=period, programmes=[programme], name="Summer round"))


@pytest.fixture
def applicants(round_, placement, student, other_student):
    """Two students who ranked `placement` (first and second choice), each with a CV."""
    for rank, person in enumerate([student, other_student], start=1):
        EntryFactory(round=round_, student=person, cv_label=f"CV {rank}")
        ChoiceFactory(round=round_, student=person, placement=placement, rank=rank)
    return [student, other_student]


def url(round, placement):
    return reverse("host_round_placement", args=[round.pk, placement.pk])


def cv_url(round, placement, student):
    return reverse("host_round_cv", args=[round.pk, placement.pk, student.pk])


def ranks(round, placement):
    return {
        (r.student_id, r.rank, r.unacceptable)
        for r in HostRank.objects.filter(round=round, placement=placement)
    }


def form(applicants, order="ranked", **rows):
    data = {"order": order}
    for person in applicants:
        data[f"rank_{person.pk}"] = ""
    data.update(rows)
    return data


# Who may look -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, round_, placement, applicants):
    response = client.get(url(round_, placement))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["student", "host_tutor", "staff"])
def test_other_roles_are_refused(client, request, round_, placement, applicants, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(round_, placement)).status_code == 403
    assert client.get(reverse("host_rounds")).status_code == 403
    assert client.get(cv_url(round_, placement, applicants[0])).status_code == 403


def test_another_organisation_gets_404(client, other_company_admin, round_, placement, applicants):
    client.force_login(other_company_admin)
    assert client.get(url(round_, placement)).status_code == 404
    assert client.get(reverse("host_round", args=[round_.pk])).status_code == 404
    assert client.get(cv_url(round_, placement, applicants[0])).status_code == 404
    response = client.post(url(round_, placement), form(applicants, **{"rank_1": "1"}))
    assert response.status_code == 404
    assert not HostList.objects.exists()


def test_another_organisation_cannot_rank_through_the_service(
    other_company_admin, round_, placement, applicants
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ranking.save_host_list(
            round=round_, placement=placement, by=other_company_admin, order="ranked", ranks={}
        )


def test_a_draft_round_is_404(client, company_admin, round_, placement, applicants):
    Round.objects.filter(pk=round_.pk).update(status="draft")
    client.force_login(company_admin)
    assert client.get(url(round_, placement)).status_code == 404


def test_the_host_sees_only_who_ranked_this_placement(
    client, recruiter, round_, placement, applicants, organisation, period, programme
):
    sibling = PlacementFactory(organisation=organisation, period=period, programmes=[programme])
    elsewhere = StudentFactory(programme=programme, user__first_name="Zamfira").user
    ChoiceFactory(round=round_, student=elsewhere, placement=sibling)
    client.force_login(recruiter)
    page = client.get(url(round_, placement)).content.decode()
    assert applicants[0].display_name in page
    assert applicants[1].display_name in page
    assert "Zamfira" not in page
    assert client.get(cv_url(round_, placement, elsewhere)).status_code == 404


def test_the_host_sees_no_student_while_students_still_rank(
    client, company_admin, placement, applicants, round_
):
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        students_from=now - timedelta(days=1), students_until=now + timedelta(days=1)
    )
    client.force_login(company_admin)
    page = client.get(url(round_, placement)).content.decode()
    assert applicants[0].display_name not in page
    assert "Hosts rank applicants from" in page
    assert client.get(cv_url(round_, placement, applicants[0])).status_code == 404


def test_the_host_reads_the_entrys_cv_and_the_opening_is_recorded(
    client, company_admin, round_, placement, applicants
):
    client.force_login(company_admin)
    response = client.get(cv_url(round_, placement, applicants[0]))
    assert response.status_code == 200
    access = Access.objects.get(user=company_admin, kind="cv")
    assert access.object_id == applicants[0].allocation_entries.get().pk


def test_the_round_is_on_the_hosts_home_and_list(client, company_admin, round_, applicants):
    client.force_login(company_admin)
    assert "Summer round" in client.get(reverse("company_home")).content.decode()
    assert "Summer round" in client.get(reverse("host_rounds")).content.decode()


# Saving ---------------------------------------------------------------------------------------


def test_the_host_ranks_and_refuses_students(client, recruiter, round_, placement, applicants):
    first, second = applicants
    client.force_login(recruiter)
    response = client.post(
        url(round_, placement),
        form(applicants, **{f"rank_{second.pk}": "1", f"unacceptable_{first.pk}": "on"}),
    )
    assert response.status_code == 302
    assert ranks(round_, placement) == {(second.pk, 1, False), (first.pk, None, True)}
    host_list = HostList.objects.get(round=round_, placement=placement)
    assert host_list.order == "ranked"
    assert host_list.updated_by == recruiter
    event = Event.objects.get(
        content_type=ContentType.objects.get_for_model(HostList), object_id=host_list.pk
    )
    assert event.action == "ranked_applicants"
    assert event.actor == recruiter

    page = client.get(url(round_, placement)).content.decode()
    assert page.index(second.display_name) < page.index(first.display_name)


def test_saving_again_replaces_the_whole_list(client, company_admin, round_, placement, applicants):
    first, second = applicants
    client.force_login(company_admin)
    client.post(url(round_, placement), form(applicants, **{f"rank_{first.pk}": "1"}))
    client.post(url(round_, placement), form(applicants, order="student_order"))
    assert ranks(round_, placement) == set()
    assert HostList.objects.get(round=round_, placement=placement).order == "student_order"


def _refused(client, host, round_, placement, data, text):
    ranking.save_host_list(round=round_, placement=placement, by=host, order="ranked", ranks={})
    before = ranks(round_, placement)
    response = client.post(url(round_, placement), data)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert ranks(round_, placement) == before
    assert HostList.objects.get(round=round_, placement=placement).order == "ranked"


def test_the_same_rank_twice_is_refused(client, company_admin, round_, placement, applicants):
    first, second = applicants
    client.force_login(company_admin)
    data = form(
        applicants, order="student_order", **{f"rank_{first.pk}": "1", f"rank_{second.pk}": "1"}
    )
    _refused(client, company_admin, round_, placement, data, "is given to two students")


def test_a_rank_and_not_acceptable_together_are_refused(
    client, company_admin, round_, placement, applicants
):
    first, _second = applicants
    client.force_login(company_admin)
    data = form(applicants, **{f"rank_{first.pk}": "1", f"unacceptable_{first.pk}": "on"})
    _refused(client, company_admin, round_, placement, data, "cannot have a rank too")


@pytest.mark.parametrize("value,text", [("0", "Ranks start at 1."), ("x", "whole number")])
def test_a_rank_that_is_not_a_positive_number_is_refused(
    client, company_admin, round_, placement, applicants, value, text
):
    client.force_login(company_admin)
    data = form(applicants, **{f"rank_{applicants[0].pk}": value})
    _refused(client, company_admin, round_, placement, data, text)


def test_a_student_who_did_not_rank_the_placement_cannot_be_ranked(
    company_admin, round_, placement, applicants, programme
):
    stranger = StudentFactory(programme=programme).user
    with pytest.raises(ServiceError, match="only the students who ranked this placement"):
        ranking.save_host_list(
            round=round_,
            placement=placement,
            by=company_admin,
            order="ranked",
            ranks={applicants[0].pk: 1, stranger.pk: 2},
        )
    with pytest.raises(ServiceError, match="only the students who ranked this placement"):
        ranking.save_host_list(
            round=round_,
            placement=placement,
            by=company_admin,
            order="ranked",
            ranks={},
            unacceptable={stranger.pk},
        )
    assert not HostRank.objects.exists()
    assert not HostList.objects.exists()


def test_the_same_rank_twice_is_refused_by_the_service(
    company_admin, round_, placement, applicants
):
    with pytest.raises(ServiceError, match="same rank to two students"):
        ranking.save_host_list(
            round=round_,
            placement=placement,
            by=company_admin,
            order="ranked",
            ranks={applicants[0].pk: 2, applicants[1].pk: 2},
        )
    assert not HostRank.objects.exists()


@pytest.mark.parametrize(
    "shift,text",
    [
        (timedelta(days=3), "Hosts rank applicants from"),
        (-timedelta(days=3), "Ranking closed on"),
    ],
    ids=["before", "after"],
)
def test_ranking_outside_the_hosts_phase_is_refused(
    client, company_admin, round_, placement, applicants, shift, text
):
    now = timezone.now()
    if shift > timedelta(0):
        Round.objects.filter(pk=round_.pk).update(
            students_from=now - timedelta(days=1),
            students_until=now + shift,
            hosts_until=now + 2 * shift,
        )
    else:
        Round.objects.filter(pk=round_.pk).update(
            students_from=now + 3 * shift, students_until=now + 2 * shift, hosts_until=now + shift
        )
    round_.refresh_from_db()
    with pytest.raises(ServiceError, match=text):
        ranking.save_host_list(
            round=round_, placement=placement, by=company_admin, order="ranked", ranks={}
        )
    client.force_login(company_admin)
    response = client.post(url(round_, placement), form(applicants))
    assert response.status_code == 302
    assert not HostList.objects.exists()


def test_after_the_hosts_phase_the_list_is_read_only(
    client, company_admin, round_, placement, applicants
):
    ranking.save_host_list(
        round=round_,
        placement=placement,
        by=company_admin,
        order="ranked",
        ranks={applicants[1].pk: 1},
    )
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(hosts_until=now - timedelta(minutes=1))
    client.force_login(company_admin)
    page = client.get(url(round_, placement)).content.decode()
    assert "Ranking closed on" in page
    assert '<fieldset class="ranking-fieldset" disabled>' in page
    assert "Save our list" not in page


# Query budgets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_placement_page_costs_the_same_queries_for_3_and_30_students(
    client, company_admin, round_, placement, programme, count, django_assert_max_num_queries
):
    for rank in range(1, count + 1):
        entry = EntryFactory(round=round_, student=StudentFactory(programme=programme).user)
        ChoiceFactory(round=round_, student=entry.student, placement=placement, rank=1)
        if rank % 3 == 0:
            ranking.HostRank.objects.create(
                round=round_, placement=placement, student=entry.student, rank=rank
            )
    client.force_login(company_admin)
    client.get(url(round_, placement))
    with django_assert_max_num_queries(16):
        response = client.get(url(round_, placement))
    assert len(response.context["form"].applicants) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_round_page_costs_the_same_queries_for_3_and_30_placements(
    client,
    company_admin,
    round_,
    organisation,
    period,
    programme,
    count,
    django_assert_max_num_queries,
):
    student = StudentFactory(programme=programme).user
    for rank in range(1, count + 1):
        mine = PlacementFactory(organisation=organisation, period=period, programmes=[programme])
        ChoiceFactory(round=round_, student=student, placement=mine, rank=rank)
    client.force_login(company_admin)
    client.get(reverse("host_round", args=[round_.pk]))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("host_round", args=[round_.pk]))
    assert len(response.context["placements"]) == count


# Telling hosts ------------------------------------------------------------------------------------


def test_hosts_are_told_once_when_their_phase_begins(
    round_, applicants, company_admin, recruiter, other_company_admin
):
    MembershipFactory(organisation=company_admin.membership.organisation, user__is_active=False)
    assert ranking.tell_phases_started() == 2
    assert ranking.tell_phases_started() == 0
    told = set(
        Notification.objects.filter(kind="round_open_for_hosts").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {company_admin.pk, recruiter.pk}


# Two tabs saving at once --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(4))
def test_two_tabs_saving_at_once_leave_one_whole_host_list(postgresql, attempt):
    programme = ProgrammeFactory()
    round_ = in_hosts_phase(RoundFactory(programmes=[programme]))
    placement = PlacementFactory(period=round_.period, programmes=[programme])
    host = MembershipFactory(organisation=placement.organisation).user
    students = []
    for _n in range(4):
        entry = EntryFactory(round=round_)
        ChoiceFactory(round=round_, student=entry.student, placement=placement, rank=1)
        students.append(entry.student.pk)
    first = {pk: n for n, pk in enumerate(students, start=1)}
    second = {pk: n for n, pk in enumerate(reversed(students[1:]), start=1)}

    outcomes = at_once(
        lambda: ranking.save_host_list(
            round=round_, placement=placement, by=host, order="ranked", ranks=first
        ),
        lambda: ranking.save_host_list(
            round=round_, placement=placement, by=host, order="student_order", ranks=second
        ),
    )

    assert outcomes == ["done", "done"]
    saved = dict(
        HostRank.objects.filter(round=round_, placement=placement).values_list("student_id", "rank")
    )
    order = HostList.objects.get(round=round_, placement=placement).order
    assert (saved, order) in ((first, "ranked"), (second, "student_order"))
