"""The placement form's rules: dates inside the period, the deadline before the start, a cap
on positions, one clear error for an absurd stipend, only periods open for postings, the
location prefilled from the organisation. The services refuse the same input when called
directly. And a placement awaiting approval can be taken back to draft."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships import services
from internships.models import Placement
from notifications.models import Event
from tests import factories
from tests.internships.test_company_placements import CREATE_URL, draft, placement_data

TODAY = timezone.localdate()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def post(client, user, period, programme, **overrides):
    client.force_login(user)
    return client.post(CREATE_URL, placement_data(period, programme, **overrides))


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


# Dates inside the period ---------------------------------------------------------------
# The `period` fixture: applications close in 30 days, the internship runs days 40 to 100.


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starts_on": day(35)}, "starts_on", "The internship must start within Summer 2027"),
        ({"starts_on": day(101), "ends_on": day(120)}, "starts_on", "must start within"),
        ({"ends_on": day(130)}, "ends_on", "The internship must end within Summer 2027"),
        ({"deadline": day(31)}, "deadline", "the deadline cannot be later"),
    ],
)
def test_dates_outside_the_period_are_refused_with_the_reason(
    client, recruiter, period, programme, overrides, field, message
):
    response = post(client, recruiter, period, programme, **overrides)

    assert response.status_code == 400
    assert [e for e in errors_of(response, field) if message in e]
    assert not Placement.objects.exists()


def test_dates_on_the_edges_of_the_period_are_accepted(client, recruiter, period, programme):
    response = post(
        client,
        recruiter,
        period,
        programme,
        starts_on=period.starts_on.isoformat(),
        ends_on=period.ends_on.isoformat(),
        deadline=period.applications_close_on.isoformat(),
    )

    assert response.status_code == 302
    assert Placement.objects.get().ends_on == period.ends_on


def test_the_deadline_comes_before_the_start(client, recruiter, programme):
    # A period whose internship starts before its applications close.
    period = factories.PeriodFactory(starts_on=TODAY + timedelta(days=10))

    response = post(
        client, recruiter, period, programme, starts_on=day(15), ends_on=day(60), deadline=day(15)
    )

    assert errors_of(response, "deadline") == [
        "The application deadline must come before the start date."
    ]
    assert not Placement.objects.exists()


# Positions -----------------------------------------------------------------------------


def test_positions_are_capped_by_the_setting(client, recruiter, period, programme, settings):
    settings.PLACEMENT_MAX_POSITIONS = 5

    refused = post(client, recruiter, period, programme, positions=6)
    accepted = post(client, recruiter, period, programme, positions=5)

    assert errors_of(refused, "positions") == ["A placement has at most 5 positions."]
    assert accepted.status_code == 302
    assert Placement.objects.get().positions == 5


@pytest.mark.parametrize("positions", [51, 99999, 10**12])
def test_too_many_positions_get_one_message_by_default(
    client, recruiter, period, programme, positions
):
    response = post(client, recruiter, period, programme, positions=positions)

    assert errors_of(response, "positions") == ["A placement has at most 50 positions."]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("hours", [0, 41, 10**9])
def test_hours_out_of_range_get_one_message(client, recruiter, period, programme, hours):
    response = post(client, recruiter, period, programme, hours_per_week=hours)

    assert errors_of(response, "hours_per_week") == ["Hours per week are between 1 and 40."]


# Stipend -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stipend",
    ["", "abc", "-5", "0", "123456789012", "1e400", "1.555", "NaN", "Infinity", "100000.01"],
)
def test_an_absurd_stipend_gets_one_clear_error(client, recruiter, period, programme, stipend):
    response = post(client, recruiter, period, programme, is_paid="on", stipend=stipend)

    assert response.status_code == 400
    (error,) = errors_of(response, "stipend")
    assert error.startswith("A paid placement needs a monthly stipend above zero and at most")
    assert "100,000" in error
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("1500", Decimal("1500")), ("1 500,50", Decimal("1500.50")), ("100000", Decimal("100000"))],
)
def test_a_sane_stipend_is_saved(client, recruiter, period, programme, typed, saved):
    response = post(client, recruiter, period, programme, is_paid="on", stipend=typed)

    assert response.status_code == 302
    assert Placement.objects.get().stipend == saved


def test_an_unpaid_placement_ignores_what_was_typed_as_stipend(
    client, recruiter, period, programme
):
    response = post(client, recruiter, period, programme, stipend="abc")

    assert response.status_code == 302
    assert Placement.objects.get().stipend is None


# Periods open for postings -------------------------------------------------------------


def test_only_periods_open_for_postings_are_offered(client, recruiter, period):
    closed = factories.PeriodFactory(
        name="Closed period",
        applications_open_on=TODAY - timedelta(days=60),
        applications_close_on=TODAY - timedelta(days=1),
    )
    client.force_login(recruiter)

    response = client.get(CREATE_URL)

    offered = list(response.context["form"].fields["period"].queryset)
    assert offered == [period]
    assert "Closed period" not in response.content.decode()
    assert closed not in offered


def test_a_closed_period_is_refused_on_post(client, recruiter, programme):
    closed = factories.PeriodFactory(
        applications_open_on=TODAY - timedelta(days=60),
        applications_close_on=TODAY - timedelta(days=1),
    )

    response = post(client, recruiter, closed, programme)

    assert response.status_code == 400
    assert errors_of(response, "period")
    assert not Placement.objects.exists()


# Prefilled location --------------------------------------------------------------------


def test_county_and_city_are_prefilled_from_the_organisation(client, recruiter, organisation):
    client.force_login(recruiter)

    form = client.get(CREATE_URL).context["form"]

    assert form["county"].value() == organisation.county_id
    assert form["city"].value() == organisation.city


def test_editing_keeps_the_placements_own_location(
    client, recruiter, organisation, period, programme
):
    placement = draft(organisation, period, programme, city="Turda")
    client.force_login(recruiter)

    form = client.get(reverse("placement_edit", args=[placement.pk])).context["form"]

    assert form["city"].value() == "Turda"


# The services refuse the same input when called directly -------------------------------


def service_data(period, **overrides):
    data = {
        "period": period,
        "title": "Direct",
        "description": "Called without the form.",
        "county": factories.CountyFactory(),
        "city": "Cluj-Napoca",
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "hours_per_week": 20,
        "positions": 2,
        "is_paid": False,
        "stipend": None,
        "deadline": TODAY + timedelta(days=10),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_on": TODAY + timedelta(days=20)}, "starts_on"),
        ({"ends_on": TODAY + timedelta(days=200)}, "ends_on"),
        ({"deadline": TODAY + timedelta(days=31)}, "deadline"),
        ({"positions": 51}, "positions"),
        ({"is_paid": True, "stipend": Decimal("-1")}, "stipend"),
        ({"is_paid": True, "stipend": Decimal("250000")}, "stipend"),
        ({"is_paid": True, "stipend": None}, "stipend"),
    ],
)
def test_create_service_refuses_what_the_form_refuses(
    recruiter, organisation, period, programme, overrides, field
):
    with pytest.raises(ServiceError) as refused:
        services.create_placement(
            by=recruiter,
            organisation=organisation,
            data=service_data(period, **overrides),
            programmes=[programme],
        )

    assert field in refused.value.message_dict
    assert not Placement.objects.exists()


def test_create_service_refuses_a_closed_period(recruiter, organisation, programme):
    closed = factories.PeriodFactory(
        applications_open_on=TODAY - timedelta(days=60),
        applications_close_on=TODAY - timedelta(days=1),
    )

    with pytest.raises(ServiceError) as refused:
        services.create_placement(
            by=recruiter,
            organisation=organisation,
            data=service_data(closed, deadline=TODAY),
            programmes=[programme],
        )

    assert "period" in refused.value.message_dict
    assert not Placement.objects.exists()


def test_update_service_refuses_too_many_positions(recruiter, organisation, period, programme):
    placement = draft(organisation, period, programme)

    with pytest.raises(ServiceError):
        services.update_placement(
            placement=placement,
            by=recruiter,
            data={"positions": 500},
            programmes=[programme],
        )

    placement.refresh_from_db()
    assert placement.positions == 2


def test_submit_refuses_a_draft_whose_dates_left_the_period(
    recruiter, organisation, period, programme
):
    placement = draft(organisation, period, programme)
    period.ends_on = placement.ends_on - timedelta(days=10)
    period.save()

    with pytest.raises(ServiceError, match="must end within"):
        services.submit_placement(placement=placement, by=recruiter)

    placement.refresh_from_db()
    assert placement.status == "draft"


# Back to draft -------------------------------------------------------------------------


@pytest.fixture
def submitted(organisation, period, programme):
    return in_state(organisation, period, programme, "submitted", title="Awaiting one")


def in_state(organisation, period, programme, status, **kwargs):
    return factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], status=status, **kwargs
    )


def withdraw_url(placement):
    return reverse("placement_withdraw", args=[placement.pk])


def test_the_list_offers_back_to_draft_with_a_confirmation(client, recruiter, submitted):
    client.force_login(recruiter)

    content = client.get(reverse("company_placements")).content.decode()

    assert withdraw_url(submitted) in content
    assert "Yes, take back to draft" in content
    assert "<details" in content


def test_recruiter_takes_a_submitted_placement_back_to_draft(client, recruiter, submitted, staff):
    client.force_login(recruiter)

    response = client.post(withdraw_url(submitted), follow=True)

    submitted.refresh_from_db()
    assert submitted.status == "draft"
    assert "is a draft again" in response.content.decode()
    event = Event.objects.get(object_id=submitted.pk, action="withdrawn")
    assert (event.actor, event.from_status, event.to_status) == (recruiter, "submitted", "draft")
    assert staff.notifications.filter(kind="placement_withdrawn").exists()
    assert not recruiter.notifications.filter(kind="placement_withdrawn").exists()
    # Drafts are editable again.
    assert client.get(reverse("placement_edit", args=[submitted.pk])).context["is_draft"]


@pytest.mark.parametrize("status", ["draft", "published", "closed", "archived"])
def test_only_a_submitted_placement_goes_back_to_draft(
    client, recruiter, organisation, period, programme, status
):
    placement = in_state(organisation, period, programme, status)
    client.force_login(recruiter)

    response = client.post(withdraw_url(placement), follow=True)

    placement.refresh_from_db()
    assert placement.status == status
    assert "Only a placement awaiting approval can be taken back to draft." in (
        response.content.decode()
    )


def test_another_organisation_cannot_take_it_back(client, other_company_admin, submitted):
    client.force_login(other_company_admin)

    assert client.post(withdraw_url(submitted)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("role", ["student", "staff", "host_tutor"])
def test_other_roles_cannot_take_it_back(client, request, submitted, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(withdraw_url(submitted)).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_back_to_draft_answers_405_to_get(client, recruiter, submitted):
    client.force_login(recruiter)

    assert client.get(withdraw_url(submitted)).status_code == 405


def test_the_service_refuses_another_organisation(other_company_admin, submitted):
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(placement=submitted, by=other_company_admin)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
