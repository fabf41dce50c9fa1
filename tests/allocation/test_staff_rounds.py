"""Staff set up allocation rounds: the list, preparing, opening, cancelling, quotas."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from allocation.models import Quota, Round
from allocation.services import rounds as services
from core.services import ServiceError
from tests import factories
from tests.allocation.staff_world import make_round, rank

pytestmark = pytest.mark.django_db


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _form(period, programmes, *, start=None, **overrides):
    start = start or timezone.now() + timedelta(days=1)
    data = {
        "name": "Autumn round",
        "period": period.pk,
        "max_choices": 10,
        "students_from": _local(start),
        "students_until": _local(start + timedelta(days=5)),
        "hosts_until": _local(start + timedelta(days=8)),
        "offer_deadline": _local(start + timedelta(days=15)),
        "programmes": [p.pk for p in programmes],
    }
    data.update(overrides)
    return data


@pytest.fixture
def other_faculty():
    return factories.FacultyFactory(code="FSEGA", name="Economics", name_ro="Economie")


@pytest.fixture
def other_programme(other_faculty):
    return factories.ProgrammeFactory(name="Economics", faculty_unit=other_faculty)


def test_staff_prepare_then_open_a_round(client, staff, period, programme, settings):
    settings.ALLOCATION_MAX_CHOICES = 7
    client.force_login(staff)
    page = client.get(reverse("staff_round_create"))
    assert page.status_code == 200
    assert page.context["form"]["max_choices"].initial == 7
    response = client.post(reverse("staff_round_create"), _form(period, [programme]))
    round = Round.objects.get()
    assert response.status_code == 302
    assert round.status == Round.Status.DRAFT
    assert list(round.programmes.all()) == [programme]
    detail = client.get(reverse("staff_round", args=[round.pk]))
    assert "Autumn round" in detail.content.decode()
    client.post(reverse("staff_round_open", args=[round.pk]))
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN
    assert round.phase == Round.Phase.NOT_YET


def test_dates_out_of_order_are_refused_with_a_message(client, staff, period, programme):
    client.force_login(staff)
    start = timezone.now() + timedelta(days=1)
    data = _form(period, [programme], start=start, hosts_until=_local(start + timedelta(days=2)))
    response = client.post(reverse("staff_round_create"), data)
    assert response.status_code == 400
    assert "Hosts must rank until students have finished" in response.content.decode()
    assert not Round.objects.exists()


def test_a_round_starting_in_the_past_is_not_opened(staff, period, programme):
    round = make_round(staff=staff, programmes=[programme], period=period, status="draft")
    with pytest.raises(ServiceError, match="in the past"):
        services.open_round(round=round, by=staff)
    round.refresh_from_db()
    assert round.status == Round.Status.DRAFT


def test_two_open_rounds_of_a_period_may_not_share_a_programme(staff, period, programme):
    make_round(staff=staff, programmes=[programme], period=period, closed=False)
    second = make_round(
        staff=staff, programmes=[programme], period=period, status="draft", closed=False
    )
    with pytest.raises(ServiceError, match="open for Computer Science already"):
        services.open_round(round=second, by=staff)
    other = factories.ProgrammeFactory(name="Mathematics")
    second.programmes.set([other])
    services.open_round(round=second, by=staff)
    assert Round.objects.filter(status="open").count() == 2


def test_cancel_needs_a_reason(client, staff, period, programme):
    round = make_round(staff=staff, programmes=[programme], period=period)
    client.force_login(staff)
    response = client.post(reverse("staff_round_cancel", args=[round.pk]), {"reason": ""})
    assert response.status_code == 400
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN
    client.post(reverse("staff_round_cancel", args=[round.pk]), {"reason": "Too few hosts"})
    round.refresh_from_db()
    assert round.status == Round.Status.CANCELLED


def test_only_a_draft_is_edited(client, staff, period, programme):
    round = make_round(staff=staff, programmes=[programme], period=period)
    client.force_login(staff)
    response = client.get(reverse("staff_round_edit", args=[round.pk]))
    assert response.status_code == 302
    round.status = "draft"
    round.save()
    response = client.post(
        reverse("staff_round_edit", args=[round.pk]),
        _form(period, [programme], name="Renamed round"),
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.name == "Renamed round"


@pytest.mark.parametrize("name", ["staff_rounds", "staff_round_create"])
def test_other_roles_are_refused(client, student, company_admin, name):
    for user in (student, company_admin):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


def test_a_round_of_another_faculty_is_absent(
    client, staff, period, programme, other_programme, other_faculty
):
    mine = factories.StaffFactory(faculties=[other_faculty])
    theirs = make_round(staff=staff, programmes=[programme], period=period, name="Theirs")
    ours = make_round(staff=staff, programmes=[other_programme], period=period, name="Ours")
    client.force_login(mine)
    listing = client.get(reverse("staff_rounds")).content.decode()
    assert "Ours" in listing and "Theirs" not in listing
    for name in ("staff_round", "staff_round_edit", "staff_round_cancel", "staff_round_pin"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("staff_round_open", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("staff_round", args=[ours.pk])).status_code == 200


def test_staff_of_some_faculties_choose_only_their_programmes(
    staff, period, programme, other_faculty
):
    mine = factories.StaffFactory(faculties=[other_faculty])
    start = timezone.now() + timedelta(days=1)
    data = {
        "name": "x",
        "period": period,
        "max_choices": 10,
        "students_from": start,
        "students_until": start + timedelta(days=1),
        "hosts_until": start + timedelta(days=2),
        "offer_deadline": start + timedelta(days=3),
    }
    with pytest.raises(ServiceError, match="only programmes of your faculties"):
        services.save_round(data=data, programmes=[programme], by=mine)


# Quotas -------------------------------------------------------------------------------------


def test_quota_added_and_removed(client, staff, period, programme, placement):
    round = make_round(staff=staff, programmes=[programme], period=period)
    client.force_login(staff)
    url = reverse("staff_round_quota_add", args=[round.pk])
    client.post(url, {"placement": placement.pk, "programme": programme.pk, "seats": 1})
    quota = Quota.objects.get()
    assert quota.seats == 1
    page = client.get(reverse("staff_round", args=[round.pk])).content.decode()
    assert placement.title in page
    client.post(reverse("staff_round_quota_remove", args=[round.pk, quota.pk]))
    assert not Quota.objects.exists()


@pytest.mark.parametrize("seats", [3, -1])
def test_a_quota_above_the_positions_or_below_0_is_refused(
    client, staff, period, programme, placement, seats
):
    round = make_round(staff=staff, programmes=[programme], period=period)
    client.force_login(staff)
    response = client.post(
        reverse("staff_round_quota_add", args=[round.pk]),
        {"placement": placement.pk, "programme": programme.pk, "seats": seats},
        follow=True,
    )
    assert not Quota.objects.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert messages and ("positions" in messages[0] or "0" in messages[0])
    with pytest.raises(ServiceError):
        services.set_quota(
            round=round, placement=placement, programme=programme, seats=seats, by=staff
        )


# The list's query budget --------------------------------------------------------------------


@pytest.mark.parametrize("rounds", [3, 30])
def test_the_round_list_costs_the_same_for_3_or_30(
    client, staff, period, programme, placement, rounds, django_assert_max_num_queries
):
    for number in range(rounds):
        round = make_round(
            staff=staff, programmes=[programme], period=period, name=f"Round {number}"
        )
        rank(round, factories.StudentFactory(programme=programme).user, [placement])
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff_rounds"))
    assert response.status_code == 200
    assert response.context["page"][0].student_count == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_round_page_costs_the_same_for_3_or_30(
    client, staff, period, programme, organisation, rows, django_assert_max_num_queries
):
    """The round's page lists its quotas, pins and runs: a fixed number of queries however
    many (fix-alloc)."""
    from allocation.models import Pin, Run

    round = make_round(staff=staff, programmes=[programme], period=period)
    for number in range(rows):
        placement = factories.PlacementFactory(
            organisation=organisation, period=period, programmes=[programme], positions=2
        )
        student = factories.StudentFactory(programme=programme).user
        rank(round, student, [placement])
        Quota.objects.create(round=round, placement=placement, programme=programme, seats=1)
        Pin.objects.create(round=round, student=student, placement=placement, created_by=staff)
        Run.objects.create(
            round=round, seed=number, started_by=staff, status="done", figures={"placed": 1}
        )
    client.force_login(staff)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("staff_round", args=[round.pk]))
    assert response.status_code == 200
